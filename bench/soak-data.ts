import { type CategorySpec, catalogue, type Family } from './search-data';

/**
 * The soak bench's world, generated from a seed so that the seeding (bench process) and the
 * load generator (its own process) see the same partners, sellers and product rows: the
 * generator re-sends those rows in partner product syncs with new stock and prices, while
 * each product's class (domestic, TKDN) stays what it was, as the reports check relies on.
 */

export const PASSWORD = 'soak-password-1';

/** Two pemdas: Batang with a PPK-approval threshold (its demo rule), Kota Semarang on the national default. */
export const PEMDAS = [
  { code: '33.25', label: 'BTG', approvalThresholdIdr: 2_000_000 as number | null },
  { code: '33.74', label: 'SMG', approvalThresholdIdr: null as number | null },
] as const;

export const PARTNERS = [
  { code: 'gratis-ongkir', name: 'Gratis Ongkir', prefix: 'GO' },
  { code: 'mbizmarket', name: 'Mbizmarket', prefix: 'MBZ' },
  { code: 'tisera', name: 'Tisera', prefix: 'TSR' },
] as const;

export interface SoakSizes {
  satkers: number;
  sellersPerPartner: number;
  productsPerPartner: number;
}

export interface SatkerAccounts {
  code: string;
  pemdaCode: string;
  pp: string;
  ppk: string;
  bendahara: string;
}

/** Satkers spread over the pemdas, each with its PP, PPK and bendahara. */
export function satkerAccounts(count: number): SatkerAccounts[] {
  return Array.from({ length: count }, (_, i) => {
    const pemda = PEMDAS[i % PEMDAS.length]!;
    const code = `${pemda.code.replace('.', '')}-SOAK${i}`;
    return {
      code,
      pemdaCode: pemda.code,
      pp: `pp.soak${i}`,
      ppk: `ppk.soak${i}`,
      bendahara: `bendahara.soak${i}`,
    };
  });
}

/** Officials who read the pemda breakdowns: Batang's operator and the province's auditor. */
export const OFFICIALS = [
  { username: 'operator.soak', role: 'operator' as const, pemdaCode: '33.25' },
  { username: 'auditor.soak', role: 'auditor' as const, pemdaCode: null },
];

/** mulberry32: small, seeded, good enough for a load mix. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function sellerRows(partnerIndex: number, count: number) {
  const partner = PARTNERS[partnerIndex]!;
  const random = new Random(1000 + partnerIndex);
  return Array.from({ length: count }, (_, i) => ({
    externalId: `${partner.prefix}-S${i}`,
    name: `${random.pick(['CV', 'UD', 'Toko'])} ${random.pick(['Sumber', 'Berkah', 'Maju', 'Sinar', 'Karya'])} ${random.pick(['Jaya', 'Abadi', 'Makmur', 'Sentosa'])} ${partner.prefix}${i}`,
    kind: 'company',
    legalForm: 'CV',
    nib: String(9_200_000_000_000 + partnerIndex * 100_000 + i),
    npwp: '0123456789012345',
    scale: random.pick(['mikro', 'kecil', 'kecil', 'menengah', 'besar']),
    isPkp: random.chance(0.5),
    hasPp55Certificate: false,
    // Most sellers in the two buying pemdas (local purchases), the rest elsewhere in Jawa Tengah.
    regionCode: random.chance(0.7)
      ? random.pick(['33.25', '33.74'])
      : random.pick(['33.01', '33.22', '33.72']),
    address: `Jl. Soak ${i}`,
    registeredAt: '2023-01-01T00:00:00+07:00',
    updatedAt: '2024-01-01T00:00:00+07:00',
  }));
}

export interface SoakProduct {
  externalId: string;
  sellerExternalId: string;
  name: string;
  categoryCode: string;
  unit: string;
  basePriceIdr: number;
  isDomestic: boolean;
  tkdnPercent: number | null;
}

const categories = Object.entries(catalogue).filter(([, spec]) => !spec.madeToOrder);
const totalWeight = categories.reduce((sum, [, spec]) => sum + spec.weight, 0);

function pickCategory(random: Random): [string, CategorySpec] {
  let target = random.next() * totalWeight;
  for (const entry of categories) {
    target -= entry[1].weight;
    if (target <= 0) return entry;
  }
  return categories.at(-1)!;
}

function productName(random: Random, family: Family): string {
  const parts = [random.pick(family.items)];
  if (family.variants && random.chance(0.8)) parts.push(random.pick(family.variants));
  if (family.sizes && random.chance(0.6)) parts.push(random.pick(family.sizes));
  if (family.brands && random.chance(0.8)) parts.push(random.pick(family.brands));
  return parts.join(' ');
}

/** A partner's product offers; the same list on every call (same seed). */
export function productCatalogue(partnerIndex: number, sizes: SoakSizes): SoakProduct[] {
  const partner = PARTNERS[partnerIndex]!;
  const random = new Random(2000 + partnerIndex);
  return Array.from({ length: sizes.productsPerPartner }, (_, i) => {
    const [categoryCode, spec] = pickCategory(random);
    const family = random.pick(spec.families);
    const [min, max] = family.price;
    const domestic = random.chance(spec.domestic ?? 0.9);
    const tkdn = domestic && random.chance(spec.tkdn ?? 0.3);
    return {
      externalId: `${partner.prefix}-P${i}`,
      sellerExternalId: `${partner.prefix}-S${random.int(sizes.sellersPerPartner)}`,
      name: productName(random, family),
      categoryCode,
      unit: family.unit,
      basePriceIdr: Math.round((min + random.next() * (max - min)) / 500) * 500 || 500,
      isDomestic: domestic,
      tkdnPercent: tkdn ? 25 + random.int(60) : null,
    };
  });
}

/** The row a partner sends for a product: fixed identity and class, the given stock and price. */
export function productRow(product: SoakProduct, stock: number, priceIdr: number, updatedAt: string) {
  return {
    externalId: product.externalId,
    sellerExternalId: product.sellerExternalId,
    name: product.name,
    description: `${product.name}. Barang siap kirim ke seluruh Jawa Tengah.`,
    categoryCode: product.categoryCode,
    unit: product.unit,
    priceIdr: priceIdr,
    stock,
    minOrderQty: 1,
    isDomestic: product.isDomestic,
    tkdnPercent: product.tkdnPercent,
    bmpPercent: product.tkdnPercent === null ? null : 5,
    tkdnCertificateNo: product.tkdnPercent === null ? null : `TKDN-${product.externalId}`,
    tkdnValidUntil: product.tkdnPercent === null ? null : '2030-12-31',
    isActive: true,
    updatedAt,
  };
}
