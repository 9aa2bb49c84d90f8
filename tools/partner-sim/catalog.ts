import {
  BUSINESS_WORDS,
  COOPERATIVE_KINDS,
  FEMALE_NAMES,
  LEGAL_FORM_WEIGHTS,
  type LegalForm,
  MALE_NAMES,
  OWNER_TITLES_FEMALE,
  OWNER_TITLES_MALE,
  type ProductTemplate,
  REGENCIES,
  type Regency,
  STREETS,
  TRADES,
  type Trade,
} from './catalog-data';
import type { PartnerCategory, ProductRow, SellerRow } from './partner-api-types';

/**
 * Deterministic catalogue of a partner marketplace: the same seed always gives the same sellers
 * and products (except `updatedAt`, which is `now`), so demo data and tests are reproducible.
 * Every row follows the field rules of PARTNER-API.md.
 */
export interface CatalogOptions {
  seed: number | string;
  sellerCount: number;
  productCount: number;
  /** The platform's category tree (`GET /api/partner/v1/categories`); products go to leaves. */
  categories: readonly PartnerCategory[];
  /** `updatedAt` of every row and the reference date for TKDN certificate validity. */
  now?: Date;
  /** Host of the product and image URLs, e.g. `gratis-ongkir.example`. */
  siteHost?: string;
  /**
   * Sellers register from this day on (default 1 March 2021, over about 1000 days, never after
   * `now`). The demo starts its live catalogue after the demo history's story window.
   */
  registeredFrom?: Date;
}

export interface Catalog {
  sellers: SellerRow[];
  products: ProductRow[];
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  digits(count: number): string;
}

/** A seeded PRNG (cyrb53 hash of the seed string into mulberry32); never Math.random. */
/**
 * A seller's PP 7/2021 class and legal form: most sellers on these marketplaces are micro or
 * small, and individuals have no legal form. Shared with the demo history's sellers.
 */
export function pickSellerClass(rng: Rng, kind: 'company' | 'individual') {
  const scale =
    kind === 'company'
      ? rng.weighted([
          ['mikro', 30],
          ['kecil', 40],
          ['menengah', 20],
          ['besar', 10],
        ] as const)
      : rng.weighted([
          ['mikro', 75],
          ['kecil', 22],
          ['menengah', 3],
        ] as const);
  const legalForm =
    kind === 'company'
      ? rng.weighted(Object.entries(LEGAL_FORM_WEIGHTS) as [LegalForm, number][])
      : undefined;
  return { scale, legalForm };
}

export function createRng(seed: string): Rng {
  let state = hashSeed(seed);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [item, weight] of entries) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return entries[entries.length - 1]![0];
    },
    digits: (count) => Array.from({ length: count }, () => String(int(0, 9))).join(''),
  };
}

function hashSeed(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** Categories that are nobody's parent: products are filed there. */
export function leafCategories(categories: readonly PartnerCategory[]): PartnerCategory[] {
  const parents = new Set(categories.map((category) => category.parentCode).filter(Boolean));
  return categories.filter((category) => !parents.has(category.code));
}

export function generateCatalog(options: CatalogOptions): Catalog {
  const now = options.now ?? new Date();
  if (options.productCount > 0 && options.sellerCount < 1) {
    throw new Error('products need at least one seller');
  }
  const pickCategory = createCategoryPicker(options.categories);
  const usedNibs = new Set<string>();
  const sellers = Array.from({ length: options.sellerCount }, (_, index) =>
    generateSeller(String(options.seed), index, now, usedNibs, options.registeredFrom),
  );
  const siteHost = options.siteHost ?? 'mitra.example';
  const products = Array.from({ length: options.productCount }, (_, index) =>
    generateProduct(String(options.seed), index, sellers, { now, siteHost, pickCategory }),
  );
  return { sellers: sellers.map((seller) => seller.row), products };
}

interface GeneratedSeller {
  row: SellerRow;
  trade: Trade;
  regency: Regency;
}

// Every seller has its own random stream, so seller 7 is the same whatever the seller count.
function generateSeller(
  seed: string,
  index: number,
  now: Date,
  usedNibs: Set<string>,
  registeredFrom?: Date,
): GeneratedSeller {
  const rng = createRng(`${seed}:seller:${index}`);
  const kind = rng.chance(0.5) ? 'company' : 'individual';
  const trade = rng.weighted(TRADES.map((t) => [t, t.weight[kind]] as const));
  const regency = rng.weighted(REGENCIES.map((r) => [r, r.weight] as const));
  const kecamatan = rng.int(1, regency.kecamatanCount);
  const regionCode = rng.chance(0.25) ? `${regency.code}.${pad(kecamatan, 2)}` : regency.code;
  const { scale, legalForm } = pickSellerClass(rng, kind);
  const name = legalForm ? companyName(rng, legalForm, trade, regency) : individualName(rng, trade, regency);
  // VAT registration is compulsory above Rp4.8 billion turnover, so it follows the scale.
  const pkpChance = { mikro: 0.03, kecil: kind === 'company' ? 0.35 : 0.05, menengah: 0.85, besar: 1 }[scale];
  const isPkp = rng.chance(pkpChance);
  const npwp = sellerNpwp(rng, kind, scale, regency, kecamatan);
  const from = registeredFrom ? registeredFrom.getTime() : Date.UTC(2021, 2, 1);
  const spanDays = Math.max(0, Math.min(1000, Math.floor((now.getTime() - from) / DAY_MS) - 1));
  const registered = new Date(
    from +
      (1 + rng.int(0, 9)) * 3_600_000 +
      rng.int(0, 59) * 60_000 +
      Math.floor((rng.int(0, 1000) * spanDays) / 1000) * DAY_MS,
  );
  const row: SellerRow = {
    externalId: `S-${pad(index + 1, 5)}`,
    name,
    kind,
    ...(legalForm ? { legalForm } : {}),
    nib: uniqueNib(rng, usedNibs),
    ...(npwp ? { npwp } : {}),
    scale,
    isPkp,
    // PP 55/2022 final-tax certificates are held by small non-PKP businesses.
    hasPp55Certificate: !isPkp && (scale === 'mikro' || scale === 'kecil') && rng.chance(0.4),
    regionCode,
    address: `${rng.pick(STREETS)}${rng.chance(0.2) ? ` ${regency.town}` : ''} No. ${rng.int(1, 250)}, ${regency.town}`,
    registeredAt: registered.toISOString(),
    updatedAt: now.toISOString(),
  };
  return { row, trade, regency };
}

function companyName(rng: Rng, legalForm: LegalForm, trade: Trade, regency: Regency): string {
  const first = rng.pick(BUSINESS_WORDS);
  const second = rng.pick(BUSINESS_WORDS.filter((word) => word !== first));
  const core = rng.chance(0.35) ? `${rng.pick(trade.companyWords)} ${first} ${second}` : `${first} ${second}`;
  switch (legalForm) {
    case 'PT':
      return `PT ${core}${rng.chance(0.4) ? ` ${rng.pick(['Sentosa', 'Indonesia', 'Nusantara'])}` : ''}`;
    case 'CV':
      return `CV ${core}${rng.chance(0.5) ? ` ${regency.town}` : ''}`;
    case 'UD':
      return `UD ${core}`;
    case 'KOPERASI':
      return `Koperasi ${rng.pick(COOPERATIVE_KINDS)} ${first} ${second}`;
    case 'FIRMA':
      return `Firma ${core}`;
    case 'OTHER':
      return `BUMDes ${first} ${second}`;
  }
}

function individualName(rng: Rng, trade: Trade, regency: Regency): string {
  const isFemale = rng.chance(0.6);
  const title = rng.pick(isFemale ? OWNER_TITLES_FEMALE : OWNER_TITLES_MALE);
  const owner = rng.pick(isFemale ? FEMALE_NAMES : MALE_NAMES);
  return `${rng.pick(trade.shopWords)} ${title} ${owner}${rng.chance(0.3) ? ` ${regency.town}` : ''}`;
}

function uniqueNib(rng: Rng, used: Set<string>): string {
  for (;;) {
    const nib = `${rng.int(1, 9)}${rng.digits(12)}`;
    if (!used.has(nib)) {
      used.add(nib);
      return nib;
    }
  }
}

/**
 * Companies mostly still carry the old 15-digit NPWP (or its 16-digit form with a leading 0);
 * individuals use their NIK (16 digits: region, birth date +40 for women, sequence) since 2024.
 * Some micro individuals have none.
 */
function sellerNpwp(
  rng: Rng,
  kind: 'company' | 'individual',
  scale: SellerRow['scale'],
  regency: Regency,
  kecamatan: number,
): string | undefined {
  if (kind === 'company') {
    const old = `${rng.int(0, 9)}${rng.digits(14)}`;
    return rng.chance(0.3) ? `0${old}` : old;
  }
  if (scale === 'mikro' && rng.chance(0.12)) return undefined;
  const day = rng.int(1, 28) + (rng.chance(0.6) ? 40 : 0);
  const birth = `${pad(day, 2)}${pad(rng.int(1, 12), 2)}${pad(rng.int(60, 99), 2)}`;
  return `${regency.code.replace('.', '')}${pad(kecamatan, 2)}${birth}${pad(rng.int(1, 9999), 4)}`;
}

interface ProductContext {
  now: Date;
  siteHost: string;
  pickCategory: (template: ProductTemplate) => string;
}

function generateProduct(
  seed: string,
  index: number,
  sellers: readonly GeneratedSeller[],
  context: ProductContext,
): ProductRow {
  const rng = createRng(`${seed}:product:${index}`);
  const seller = rng.pick(sellers);
  const template = rng.pick(seller.trade.templates);
  const name = template.name.replace('{brand}', template.brands ? rng.pick(template.brands) : '').trim();
  const externalId = `P-${pad(index + 1, 6)}`;
  const hasTkdn =
    template.origin === 'tkdn' ? rng.chance(0.8) : template.origin === 'domestic' && rng.chance(0.12);
  const product: ProductRow = {
    externalId,
    sellerExternalId: seller.row.externalId,
    name,
    description: `${name}. Dikirim dari ${seller.regency.town}, harga sudah termasuk ongkos kirim.`,
    categoryCode: context.pickCategory(template),
    unit: template.unit,
    priceIdr: roundPrice(rng.int(template.price[0], template.price[1])),
    ...(template.madeToOrder ? {} : { stock: rng.chance(0.06) ? 0 : rng.int(5, 500) }),
    ...(template.minOrderQty ? { minOrderQty: template.minOrderQty } : {}),
    isDomestic: template.origin !== 'import',
    isActive: !rng.chance(0.04),
    url: `https://${context.siteHost}/produk/${externalId}`,
    imageUrl: `https://${context.siteHost}/gambar/${externalId}.jpg`,
    updatedAt: context.now.toISOString(),
  };
  if (hasTkdn) {
    // Kemenperin certificates; a few are already past their validity date.
    const issued = new Date(context.now.getTime() - rng.int(30, 900) * DAY_MS);
    product.tkdnPercent = twoDecimals(rng.int(template.origin === 'tkdn' ? 2500 : 1000, 9000) / 100);
    if (rng.chance(0.6)) product.bmpPercent = twoDecimals(rng.int(0, 1500) / 100);
    product.tkdnCertificateNo = `${rng.int(1000, 99999)}/SJ-IND.8/TKDN/${pad(issued.getUTCMonth() + 1, 2)}/${issued.getUTCFullYear()}`;
    product.tkdnValidUntil = new Date(context.now.getTime() + rng.int(-60, 1000) * DAY_MS)
      .toISOString()
      .slice(0, 10);
  }
  return product;
}

/**
 * Files each product template under the leaf category whose name best matches its keywords:
 * the most specific keyword found in the leaf's name first, then how many keywords the leaf's
 * and its parent's names contain, then the template's tax kind (catering stays under PBJT).
 * Without any match, a stable leaf of the right tax kind.
 */
export function createCategoryPicker(
  categories: readonly PartnerCategory[],
): (template: ProductTemplate) => string {
  const leaves = leafCategories(categories).sort((a, b) => a.code.localeCompare(b.code));
  if (leaves.length === 0) throw new Error('the platform has no categories to file products under');
  const nameOf = new Map(categories.map((category) => [category.code, category.name.toLowerCase()]));
  const chosen = new Map<ProductTemplate, string>();
  return (template) => {
    const known = chosen.get(template);
    if (known) return known;
    const keywords = [...new Set(template.keywords)];
    const ranked = leaves
      .map((leaf) => {
        const own = matchesIn(nameOf.get(leaf.code) ?? '', keywords);
        const parent = matchesIn(leaf.parentCode ? (nameOf.get(leaf.parentCode) ?? '') : '', keywords);
        const rank = [own[0] ?? Infinity, -own.length, parent[0] ?? Infinity, -parent.length];
        return {
          leaf,
          rank: [...rank, leaf.taxKind === template.taxKind ? 0 : 1],
          matched: own.length + parent.length,
        };
      })
      .filter((candidate) => candidate.matched > 0)
      .sort((a, b) => compareRanks(a.rank, b.rank));
    const sameTax = leaves.filter((leaf) => leaf.taxKind === template.taxKind);
    const code =
      ranked[0]?.leaf.code ?? createRng(template.name).pick(sameTax.length > 0 ? sameTax : leaves).code;
    chosen.set(template, code);
    return code;
  };
}

/** Positions of the keywords found at the start of a word of `text` ("kopi" is not in "fotokopi"). */
function matchesIn(text: string, keywords: readonly string[]): number[] {
  return keywords.flatMap((keyword, position) => (wordStartPattern(keyword).test(text) ? [position] : []));
}

function wordStartPattern(keyword: string): RegExp {
  return new RegExp(`(^|[^a-z0-9])${keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
  }
  return 0;
}

const DAY_MS = 86_400_000;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function twoDecimals(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Shop prices end in round figures: to Rp500 below Rp100.000, Rp1.000 below a million, else Rp5.000. */
function roundPrice(value: number): number {
  const step = value < 100_000 ? 500 : value < 1_000_000 ? 1_000 : 5_000;
  return Math.max(step, Math.round(value / step) * step);
}
