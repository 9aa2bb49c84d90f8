import { describe, expect, it } from 'vitest';
import { computeOrderTotals, taxRuleSetOn, taxRuleSets } from './taxes';

const pkp = { isPkp: true, hasPp55Certificate: false };
const nonPkp = { isPkp: false, hasPp55Certificate: false };

describe('default tax rule set (DOMAIN.md)', () => {
  it.each([
    [
      'PKP seller: PPN carved out of the gross, PPh 22 on the DPP',
      [{ lineTotalIdr: 1_110_000, taxKind: 'ppn' as const }],
      pkp,
      {
        grossIdr: 1_110_000,
        dppIdr: 1_000_000,
        ppnIdr: 110_000,
        pbjtIdr: 0,
        pph22Idr: 5_000,
        totalIdr: 1_110_000,
      },
    ],
    [
      'non-PKP seller: no PPN, DPP is the gross',
      [{ lineTotalIdr: 500_000, taxKind: 'ppn' as const }],
      nonPkp,
      { grossIdr: 500_000, dppIdr: 500_000, ppnIdr: 0, pbjtIdr: 0, pph22Idr: 2_500, totalIdr: 500_000 },
    ],
    [
      'catering is under PBJT instead of PPN and bears no PPh 22',
      [{ lineTotalIdr: 2_200_000, taxKind: 'pbjt' as const }],
      pkp,
      {
        grossIdr: 2_200_000,
        dppIdr: 2_000_000,
        ppnIdr: 0,
        pbjtIdr: 200_000,
        pph22Idr: 0,
        totalIdr: 2_200_000,
      },
    ],
    [
      'a PP 55/2022 certificate means no PPh 22',
      [{ lineTotalIdr: 1_110_000, taxKind: 'ppn' as const }],
      { isPkp: true, hasPp55Certificate: true },
      {
        grossIdr: 1_110_000,
        dppIdr: 1_000_000,
        ppnIdr: 110_000,
        pbjtIdr: 0,
        pph22Idr: 0,
        totalIdr: 1_110_000,
      },
    ],
    [
      'mixed lines are taxed per kind and rounded down per order',
      [
        { lineTotalIdr: 100_000, taxKind: 'ppn' as const },
        { lineTotalIdr: 55_555, taxKind: 'ppn' as const },
        { lineTotalIdr: 33_333, taxKind: 'pbjt' as const },
      ],
      pkp,
      // goods: floor(155555×100/111)=140139, PPN 15416; food: floor(3333300/110)=30302, PBJT 3031; PPh22 floor(700.695)=700
      {
        grossIdr: 188_888,
        dppIdr: 170_441,
        ppnIdr: 15_416,
        pbjtIdr: 3_031,
        pph22Idr: 700,
        totalIdr: 188_888,
      },
    ],
  ])('%s', (_name, lines, seller, expected) => {
    expect(computeOrderTotals(lines, seller)).toEqual(expected);
  });
});

describe('tax rule sets are effective-dated', () => {
  it('PPN was 10% until 31 March 2022 and is 11% from 1 April 2022 (UU HPP)', () => {
    expect(taxRuleSetOn('2022-03-31').ppnPercent).toBe(10);
    expect(taxRuleSetOn('2022-04-01').ppnPercent).toBe(11);
    const line = [{ lineTotalIdr: 1_100_000, taxKind: 'ppn' as const }];
    expect(computeOrderTotals(line, pkp, taxRuleSetOn('2022-03-31'))).toMatchObject({
      dppIdr: 1_000_000,
      ppnIdr: 100_000,
    });
    // floor(1,100,000 × 100 / 111) = 990,990
    expect(computeOrderTotals(line, pkp, taxRuleSetOn('2022-04-01'))).toMatchObject({
      dppIdr: 990_990,
      ppnIdr: 109_010,
    });
  });

  it('rounds down to whole rupiah: 1 rupiah of goods from a PKP seller has no PPN and no PPh 22', () => {
    expect(computeOrderTotals([{ lineTotalIdr: 1, taxKind: 'ppn' }], pkp)).toEqual({
      grossIdr: 1,
      dppIdr: 0,
      ppnIdr: 1,
      pbjtIdr: 0,
      pph22Idr: 0,
      totalIdr: 1,
    });
  });
});

describe('the tax rule sets as data', () => {
  it('start on 1 January 2021, change PPN to 11% on 1 April 2022, and each names its legal basis', () => {
    expect(
      taxRuleSets.map((set) => [set.effectiveFrom, set.ppnPercent, set.pbjtPercent, set.pph22PerMille]),
    ).toEqual([
      ['2021-01-01', 10, 10, 5],
      ['2022-04-01', 11, 10, 5],
    ]);
    expect(taxRuleSets[0]!.source).toBe('UU PPN; PMK 58/2022');
    expect(taxRuleSets[1]!.source).toBe('UU 7/2021 (HPP); UU 1/2022 (HKPD); PMK 58/2022');
  });

  it('a day before the first set gets the first set, no day gets the latest', () => {
    expect(taxRuleSetOn('2020-12-31')).toBe(taxRuleSets[0]);
    expect(taxRuleSetOn('2021-01-01')).toBe(taxRuleSets[0]);
    expect(taxRuleSetOn('2030-01-01')).toBe(taxRuleSets.at(-1));
    expect(taxRuleSetOn()).toBe(taxRuleSets.at(-1));
  });
});
