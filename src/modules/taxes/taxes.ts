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

export function computeOrderTotals(lines: TaxableLine[], seller: TaxSeller): OrderTotals {
  const goodsGross = sum(lines.filter((l) => l.taxKind === 'ppn').map((l) => l.lineTotalIdr));
  const foodGross = sum(lines.filter((l) => l.taxKind === 'pbjt').map((l) => l.lineTotalIdr));
  // PKP: DPP = floor(gross × 100/111), PPN = gross − DPP (11% effective); non-PKP: no PPN.
  const goodsDpp = seller.isPkp ? Math.floor((goodsGross * 100) / 111) : goodsGross;
  const ppnIdr = goodsGross - goodsDpp;
  // PBJT on food and drink: DPP = floor(gross × 100/110).
  const foodDpp = Math.floor((foodGross * 100) / 110);
  const pbjtIdr = foodGross - foodDpp;
  // PPh 22 (PMK 58/2022): 0.5% of the goods' DPP, withheld from the seller's payout.
  const pph22Idr = seller.hasPp55Certificate ? 0 : Math.floor((goodsDpp * 5) / 1000);
  const grossIdr = goodsGross + foodGross;
  return { grossIdr, dppIdr: goodsDpp + foodDpp, ppnIdr, pbjtIdr, pph22Idr, totalIdr: grossIdr };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
