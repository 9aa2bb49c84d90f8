/**
 * The default tax rule set of DOMAIN.md, per order, rounded down to whole rupiah. Prices are
 * what the buyer pays (PPN included where the seller is PKP), so taxes are carved out of the
 * gross, never added to it.
 */
export interface TaxableLine {
  lineTotalIdr: number;
  /** `pbjt`: food and drink under the regional tax instead of PPN. */
  taxKind: 'ppn' | 'pbjt';
}

export interface TaxSeller {
  isPkp: boolean;
  /** PP 55/2022 certificate: no PPh 22 collected. */
  hasPp55Certificate: boolean;
}

export interface OrderTotals {
  grossIdr: number;
  dppIdr: number;
  ppnIdr: number;
  pbjtIdr: number;
  pph22Idr: number;
  totalIdr: number;
}

/**
 * The tax rule sets as effective-dated data: a set holds from `effectiveFrom` (WIB day) until
 * the next. Rates are whole percents or per-mille so every computation stays in integers.
 */
export interface TaxRuleSet {
  effectiveFrom: string;
  /** PPN on goods and services of a PKP seller (UU HPP: 10% until 31 March 2022, then 11%). */
  ppnPercent: number;
  /** PBJT on food and drink (UU HKPD: at most 10%). */
  pbjtPercent: number;
  /** PPh 22 collected by the marketplace, per mille of the goods' DPP (PMK 58/2022: 0.5%). */
  pph22PerMille: number;
  source: string;
}

export const taxRuleSets: readonly TaxRuleSet[] = [
  {
    effectiveFrom: '2021-01-01',
    ppnPercent: 10,
    pbjtPercent: 10,
    pph22PerMille: 5,
    source: 'UU PPN; PMK 58/2022',
  },
  {
    effectiveFrom: '2022-04-01',
    ppnPercent: 11,
    pbjtPercent: 10,
    pph22PerMille: 5,
    source: 'UU 7/2021 (HPP); UU 1/2022 (HKPD); PMK 58/2022',
  },
];

/** The rule set in force on a WIB day (`YYYY-MM-DD`); the latest one when no day is given. */
export function taxRuleSetOn(day?: string): TaxRuleSet {
  const sets = day ? taxRuleSets.filter((set) => set.effectiveFrom <= day) : taxRuleSets;
  return sets.at(-1) ?? taxRuleSets[0]!;
}

export function computeOrderTotals(
  lines: TaxableLine[],
  seller: TaxSeller,
  rules: TaxRuleSet = taxRuleSetOn(),
): OrderTotals {
  const goodsGross = sum(lines.filter((l) => l.taxKind === 'ppn').map((l) => l.lineTotalIdr));
  const foodGross = sum(lines.filter((l) => l.taxKind === 'pbjt').map((l) => l.lineTotalIdr));
  // PKP: DPP = floor(gross × 100/111), PPN = gross − DPP (11% effective); non-PKP: no PPN.
  const goodsDpp = seller.isPkp ? Math.floor((goodsGross * 100) / (100 + rules.ppnPercent)) : goodsGross;
  const ppnIdr = goodsGross - goodsDpp;
  // PBJT on food and drink: DPP = floor(gross × 100/110).
  const foodDpp = Math.floor((foodGross * 100) / (100 + rules.pbjtPercent));
  const pbjtIdr = foodGross - foodDpp;
  // PPh 22 (PMK 58/2022): 0.5% of the goods' DPP, withheld from the seller's payout.
  const pph22Idr = seller.hasPp55Certificate ? 0 : Math.floor((goodsDpp * rules.pph22PerMille) / 1000);
  const grossIdr = goodsGross + foodGross;
  return { grossIdr, dppIdr: goodsDpp + foodDpp, ppnIdr, pbjtIdr, pph22Idr, totalIdr: grossIdr };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
