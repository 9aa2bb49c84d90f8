import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  createCategoryPicker,
  createRng,
  pickSellerClass,
  type Rng,
} from '../../../tools/partner-sim/catalog';
import {
  BUSINESS_WORDS,
  COOPERATIVE_KINDS,
  FEMALE_NAMES,
  type LegalForm,
  MALE_NAMES,
  type ProductTemplate,
  REGENCIES,
  STREETS,
  TRADES,
  type Trade,
} from '../../../tools/partner-sim/catalog-data';
import { users } from '../../modules/accounts/accounts.schema';
import type { Scope } from '../../modules/accounts/scope';
import { type Actor, systemActor } from '../../modules/audit/audit.service';
import { categoryData } from '../../modules/catalog/categories.data';
import { syncProducts } from '../../modules/catalog/products.sync';
import { placeOrders } from '../../modules/orders/checkout.service';
import { type OrderPolicy, recordPayment, recordReceipt } from '../../modules/orders/orders.service';
import { applyPartnerEvent } from '../../modules/orders/partner-events';
import {
  type PartnerTransactionInput,
  reportPartnerTransactions,
} from '../../modules/orders/partner-transactions';
import { acknowledgeHistoricMessages } from '../../modules/outbox/outbox.service';
import { findPartner } from '../../modules/partners/partners.service';
import { pemdas, regions, systemFacts } from '../../modules/regions/regions.schema';
import { rebuildReports, withReportsDeferred } from '../../modules/reports/report-projection';
import { satkers } from '../../modules/satkers/satkers.schema';
import { createSatker } from '../../modules/satkers/satkers.service';
import { syncSellers } from '../../modules/sellers/sellers.sync';
import type { Db, DbOrTx, Tx } from '../client';
import { DEMO_PARTNERS } from './demo';
import {
  HISTORY_END,
  HISTORY_START,
  MONTH_LEVEL,
  OFFICE_HOURS,
  PARTNER_SELLERS,
  PARTNER_SHARE,
  REGION_SHAPE,
  STANDARD_SATKERS,
  STORY,
  YEAR_LEVEL,
} from './demo-history.data';

/**
 * The demo's history, 2021–2024: sellers and products of the three demo partners, the orders
 * government buyers placed on the partners' own sites (reported as partner transactions), and a
 * smaller set of Batang's orders placed on the platform and moved through their whole life.
 * Everything goes through the same service functions as real data (syncSellers, syncProducts,
 * reportPartnerTransactions, placeOrders, applyPartnerEvent, recordReceipt, recordPayment);
 * the data comes from a seeded generator, never from the clock, so every load is identical.
 */

export const DEMO_HISTORY_FACT = 'demo.history';
/** The last phase a load completed (a load killed half-way resumes after it). */
const STEP_FACT = 'demo.history.step';
/** How many of the planned platform orders are placed (each with its whole life, atomically). */
const PLATFORM_ORDERS_FACT = 'demo.history.platform-orders';

const provinceScope: Scope = { allRegions: true, pemdaCodes: [], satkerCodes: [] };
const DAY_MS = 86_400_000;
const BATANG_BUYERS = ['3325-SETDA', '3325-DISDIKBUD', '3325-DINKES', '3325-KEC-BATANG'];
/** Platform orders stay below Batang's PPK approval threshold: small, fast purchases. */
const PLATFORM_ORDER_MAX_IDR = 14_500_000;
/** Rows per transaction: on the embedded database each transaction holds its one connection. */
const CHUNK_ROWS = 500;

/** The phases of a load in order, weighted by their measured share of its time (for progress). */
const PHASES = [
  ['sellers', 4],
  ['products', 11],
  ['partner transactions', 26],
  ['platform orders', 38],
  ['reports projection', 21],
] as const;
type Phase = (typeof PHASES)[number][0];

export interface DemoHistoryCounts {
  sellers: number;
  products: number;
  partnerTransactions: number;
  platformOrders: number;
  ms: number;
}

export interface DemoHistoryOptions {
  /** Platform orders placed through checkout (default true); they are the slow part. */
  platformOrders?: boolean;
  /** Called after each phase with its duration (the start logs it). */
  onPhase?: (phase: string, ms: number) => void;
  /** Called after every chunk with the share of the load done, 0–100. */
  onProgress?: (percent: number) => void;
  /** Stops the load between two chunks (the server is shutting down); it resumes on the next start. */
  signal?: AbortSignal;
}

/**
 * Loads the history once per database (system fact `demo.history`). Needs the demo partners
 * (seedDemoPartners); without them it does nothing and returns null.
 *
 * It runs while the server already serves, in many short transactions, so that on the embedded
 * database (one connection) no request waits for more than one chunk — except the last step,
 * the reports projection built in one transaction. Until that commits the reports show none of
 * the history: partner transactions skip the projection, and the platform orders' own updates
 * are deferred (withReportsDeferred). A load stopped half-way (kill -9, shutdown) resumes on
 * the next call: sellers, products and partner transactions are upserts (replaying a chunk
 * changes nothing), and each platform order is placed with its whole life and the count of
 * placed orders in one transaction, so none is placed twice (even by two processes at once).
 */
export async function seedDemoHistory(
  db: Db,
  options: DemoHistoryOptions = {},
): Promise<DemoHistoryCounts | null> {
  const started = performance.now();
  const facts = await readFacts(db);
  if (facts.get(DEMO_HISTORY_FACT)) return null;
  const partnerRecords = await Promise.all(DEMO_PARTNERS.map((partner) => findPartner(db, partner.code)));
  if (partnerRecords.some((partner) => !partner)) return null;
  const partners = DEMO_PARTNERS.map((demo, index) => ({ ...demo, id: partnerRecords[index]!.id }));

  const doneStep = facts.get(STEP_FACT);
  const doneIndex = PHASES.findIndex(([name]) => name === doneStep);
  const totalWeight = PHASES.reduce((sum, [, weight]) => sum + weight, 0);
  let mark = performance.now();
  const progress = (phase: Phase, fraction: number) => {
    const index = PHASES.findIndex(([name]) => name === phase);
    const before = PHASES.slice(0, index).reduce((sum, [, weight]) => sum + weight, 0);
    options.onProgress?.(Math.floor((100 * (before + PHASES[index]![1] * fraction)) / totalWeight));
  };
  /** Runs a phase unless an earlier load completed it, then records it as completed. */
  const runPhase = async (phase: Phase, work: () => Promise<void>) => {
    if (PHASES.findIndex(([name]) => name === phase) > doneIndex) {
      await work();
      await setFact(db, STEP_FACT, phase);
    }
    progress(phase, 1);
    options.onPhase?.(phase, Math.round(performance.now() - mark));
    mark = performance.now();
  };
  /** One chunk per transaction, letting other work run between two chunks. */
  const inChunks = async <T>(phase: Phase, rows: T[], write: (tx: Tx, chunk: T[]) => Promise<void>) => {
    const all = chunks(rows, CHUNK_ROWS);
    for (const [index, chunk] of all.entries()) {
      options.signal?.throwIfAborted();
      await db.transaction((tx) => write(tx, chunk));
      progress(phase, (index + 1) / all.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  // Everything is generated (and the article's picture checked) before the first row is written.
  // Generating is CPU work in this thread: requests get their turn between the steps.
  const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));
  const world = await loadWorld(db);
  const satkersByPemda = await ensureSatkers(db, world);
  const generated = generateSellers(world, partners);
  await yieldToRequests();
  const products = generateProducts(generated);
  await yieldToRequests();
  const transactions = await generateTransactions(
    world,
    partners,
    generated,
    satkersByPemda,
    yieldToRequests,
  );
  await yieldToRequests();
  const plan = options.platformOrders === false ? [] : planPlatformOrders(partners, generated);
  options.onPhase?.('generated', Math.round(performance.now() - mark));
  mark = performance.now();

  await runPhase('sellers', async () => {
    for (const partner of partners) {
      const rows = generated.filter((seller) => seller.partner === partner.code).map((seller) => seller.row);
      await inChunks('sellers', rows, async (tx, chunk) =>
        assertAllAccepted(await syncSellers(tx, partner.id, chunk), 'sellers'),
      );
    }
  });
  await runPhase('products', async () => {
    for (const partner of partners) {
      const rows = products
        .filter((product) => product.partner === partner.code)
        .map((product) => product.row);
      await inChunks('products', rows, async (tx, chunk) =>
        assertAllAccepted(await syncProducts(tx, partner.id, chunk), 'products'),
      );
    }
  });
  await runPhase('partner transactions', async () => {
    for (const partner of partners) {
      const rows = transactions.filter((row) => row.partner === partner.code).map((row) => row.input);
      // The reports projection is built once at the end instead of row by row.
      await inChunks('partner transactions', rows, async (tx, chunk) => {
        await reportPartnerTransactions(tx, partner.id, chunk, { updateReports: false });
      });
    }
  });
  await runPhase('platform orders', async () => {
    await placePlatformOrders(db, partners, generated, plan, options.signal, (placed) =>
      progress('platform orders', placed / Math.max(1, plan.length)),
    );
  });
  options.signal?.throwIfAborted();
  await db.transaction(async (tx) => {
    await rebuildReports(tx);
    await tx
      .insert(systemFacts)
      .values({
        key: DEMO_HISTORY_FACT,
        value: `${generated.length} sellers, ${products.length} products, ${transactions.length} partner transactions, ${plan.length} platform orders`,
      })
      .onConflictDoNothing();
    await tx.delete(systemFacts).where(inArray(systemFacts.key, [STEP_FACT, PLATFORM_ORDERS_FACT]));
  });
  progress('reports projection', 1);
  options.onPhase?.('reports projection', Math.round(performance.now() - mark));
  return {
    sellers: generated.length,
    products: products.length,
    partnerTransactions: transactions.length,
    platformOrders: plan.length,
    ms: Math.round(performance.now() - started),
  };
}

/** Whether the history is completely loaded in this database. */
export async function isDemoHistoryLoaded(db: DbOrTx): Promise<boolean> {
  return (await readFacts(db)).has(DEMO_HISTORY_FACT);
}

async function readFacts(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db
    .select({ key: systemFacts.key, value: systemFacts.value })
    .from(systemFacts)
    .where(inArray(systemFacts.key, [DEMO_HISTORY_FACT, STEP_FACT, PLATFORM_ORDERS_FACT]));
  return new Map(rows.map((row) => [row.key, row.value]));
}

async function setFact(db: DbOrTx, key: string, value: string) {
  await db
    .insert(systemFacts)
    .values({ key, value })
    .onConflictDoUpdate({ target: systemFacts.key, set: { value, updatedAt: sql`now()` } });
}

// ---------------------------------------------------------------------------------------------
// The world the history happens in: pemda, their joining dates, kecamatan and desa codes.

interface World {
  /** The 35 kabupaten/kota and the province, with name and joining day. */
  pemdas: Array<{ code: string; name: string; joinedAt: string | null }>;
  /** Kecamatan and desa codes per kabupaten/kota, sorted. */
  subRegions: Map<string, { kecamatan: string[]; desa: string[] }>;
}

async function loadWorld(db: DbOrTx): Promise<World> {
  const pemdaRows = await db
    .select({ code: pemdas.code, name: pemdas.name, joinedAt: pemdas.joinedAt })
    .from(pemdas)
    .where(sql`${pemdas.code} = '33' OR ${pemdas.code} LIKE '33.%'`)
    .orderBy(pemdas.code);
  const subRows = await db
    .select({ code: regions.code, level: regions.level, kabkotaCode: regions.kabkotaCode })
    .from(regions)
    .where(sql`${regions.kabkotaCode} LIKE '33.%' AND ${regions.level} IN (3, 4)`)
    .orderBy(regions.code);
  const subRegions = new Map<string, { kecamatan: string[]; desa: string[] }>();
  for (const row of subRows) {
    const entry = subRegions.get(row.kabkotaCode!) ?? { kecamatan: [], desa: [] };
    (row.level === 3 ? entry.kecamatan : entry.desa).push(row.code);
    subRegions.set(row.kabkotaCode!, entry);
  }
  return { pemdas: pemdaRows, subRegions };
}

// ---------------------------------------------------------------------------------------------
// Sellers.

interface HistoryPartner {
  code: string;
  name: string;
  joinedAt: string;
  id: string;
}

interface HistorySeller {
  partner: string;
  kabkota: string;
  trade: Trade;
  town: string;
  /** Epoch ms of registration (sorted per partner and region for the buyers' picks). */
  registeredMs: number;
  row: {
    externalId: string;
    name: string;
    kind: 'company' | 'individual';
    legalForm?: LegalForm;
    nib: string;
    npwp?: string;
    scale: 'mikro' | 'kecil' | 'menengah' | 'besar';
    isPkp: boolean;
    hasPp55Certificate: boolean;
    regionCode: string;
    address: string;
    registeredAt: string;
    updatedAt: string;
  };
  products: HistoryProduct[];
}

interface HistoryProduct {
  partner: string;
  template: ProductTemplate;
  row: {
    externalId: string;
    sellerExternalId: string;
    name: string;
    description: string;
    categoryCode: string;
    unit: string;
    priceIdr: number;
    stock?: number;
    minOrderQty?: number;
    isDomestic: boolean;
    tkdnPercent?: number;
    bmpPercent?: number;
    tkdnCertificateNo?: string;
    tkdnValidUntil?: string;
    isActive: boolean;
    url: string;
    imageUrl: string;
    updatedAt: string;
  };
}

function generateSellers(world: World, partners: HistoryPartner[]): HistorySeller[] {
  const kabkota = world.pemdas.filter((pemda) => pemda.code !== '33');
  const joined = new Map(world.pemdas.map((pemda) => [pemda.code, pemda.joinedAt]));
  const towns = new Map(REGENCIES.map((regency) => [regency.code, regency.town]));
  const usedNibs = new Set<string>();
  const sellers: HistorySeller[] = [];
  for (const partner of partners) {
    const rng = createRng(`demo-history:sellers:${partner.code}`);
    const total = PARTNER_SELLERS[partner.code] ?? 0;
    const placements: Array<{ kabkota: string; day: string }> = [];
    if (partner.code === STORY.partner) {
      // The article: trainings brought Batang's sellers to Gratis Ongkir, 549 by 23 October 2023.
      const trainings = trainingDays(rng, partner.joinedAt, STORY.to);
      for (let i = 0; i < STORY.batangGratisOngkirSellers; i++) {
        const training = trainings[i % trainings.length]!;
        const day = addDays(training, rng.int(0, 6));
        placements.push({ kabkota: STORY.region, day: minDay(day, STORY.to) });
      }
      for (let i = 0; i < STORY.batangGratisOngkirLater; i++) {
        placements.push({ kabkota: STORY.region, day: randomDay(rng, '2023-10-25', '2024-12-15') });
      }
    }
    const weights = kabkota
      .filter((pemda) => !(partner.code === STORY.partner && pemda.code === STORY.region))
      .map((pemda) => [pemda.code, REGION_SHAPE[pemda.code]?.sellers ?? 1] as const);
    while (placements.length < total) {
      const code = rng.weighted(weights);
      // Sellers of a region mostly register around the time its pemda starts buying.
      const regionJoined = joined.get(code) ?? '2024-06-01';
      const earliest = maxDay(partner.joinedAt, addDays(regionJoined, -90));
      placements.push({ kabkota: code, day: randomDay(rng, earliest, '2024-12-15') });
    }
    for (const [index, placement] of placements.entries()) {
      sellers.push(makeSeller(rng, partner, placement, index, world, towns, usedNibs));
    }
  }
  return sellers;
}

/** Training and socialisation days of the Batang procurement office, oldest first. */
function trainingDays(rng: Rng, from: string, to: string): string[] {
  const days: string[] = [];
  let day = addDays(from, 14);
  while (day <= to) {
    days.push(day);
    day = addDays(day, rng.int(18, 32));
  }
  return days;
}

function makeSeller(
  rng: Rng,
  partner: HistoryPartner,
  placement: { kabkota: string; day: string },
  index: number,
  world: World,
  towns: Map<string, string>,
  usedNibs: Set<string>,
): HistorySeller {
  const kind = rng.chance(0.5) ? 'company' : 'individual';
  const trade = rng.weighted(TRADES.map((t) => [t, t.weight[kind]] as const));
  const town = towns.get(placement.kabkota) ?? 'Semarang';
  const sub = world.subRegions.get(placement.kabkota);
  const roll = rng.next();
  const regionCode =
    sub && roll < 0.3 && sub.kecamatan.length > 0
      ? rng.pick(sub.kecamatan)
      : sub && roll < 0.45 && sub.desa.length > 0
        ? rng.pick(sub.desa)
        : placement.kabkota;
  const { scale, legalForm } = pickSellerClass(rng, kind);
  const first = rng.pick(BUSINESS_WORDS);
  const second = rng.pick(BUSINESS_WORDS.filter((word) => word !== first));
  let name: string;
  if (legalForm === 'KOPERASI') name = `Koperasi ${rng.pick(COOPERATIVE_KINDS)} ${first} ${second}`;
  else if (legalForm === 'OTHER') name = `BUMDes ${first} ${second}`;
  else if (legalForm) {
    const core = rng.chance(0.35)
      ? `${rng.pick(trade.companyWords)} ${first} ${second}`
      : `${first} ${second}`;
    name = `${legalForm === 'FIRMA' ? 'Firma' : legalForm} ${core}${rng.chance(0.4) ? ` ${town}` : ''}`;
  } else {
    const female = rng.chance(0.6);
    const title = female ? rng.pick(['Bu', 'Mbak']) : rng.pick(['Pak', 'Mas']);
    name = `${rng.pick(trade.shopWords)} ${title} ${rng.pick(female ? FEMALE_NAMES : MALE_NAMES)}${rng.chance(0.3) ? ` ${town}` : ''}`;
  }
  const isPkp = rng.chance(
    { mikro: 0.03, kecil: kind === 'company' ? 0.35 : 0.05, menengah: 0.85, besar: 1 }[scale],
  );
  let nib = '';
  do nib = `0${rng.int(1, 9)}${rng.digits(11)}`;
  while (usedNibs.has(nib));
  usedNibs.add(nib);
  const npwp =
    kind === 'company'
      ? `${rng.int(0, 9)}${rng.digits(14)}`
      : scale === 'mikro' && rng.chance(0.12)
        ? undefined
        : `${placement.kabkota.replace('.', '')}${rng.digits(12)}`;
  const registeredAt = wibInstant(placement.day, rng.int(OFFICE_HOURS.from, OFFICE_HOURS.to), rng.int(0, 59));
  return {
    partner: partner.code,
    kabkota: placement.kabkota,
    trade,
    town,
    registeredMs: Date.parse(registeredAt),
    row: {
      externalId: `TOKO-${String(index + 1).padStart(5, '0')}`,
      name,
      kind,
      ...(legalForm ? { legalForm } : {}),
      nib,
      ...(npwp ? { npwp } : {}),
      scale,
      isPkp,
      hasPp55Certificate: !isPkp && (scale === 'mikro' || scale === 'kecil') && rng.chance(0.4),
      regionCode,
      address: `${rng.pick(STREETS)} No. ${rng.int(1, 250)}, ${town}`,
      registeredAt,
      updatedAt: registeredAt,
    },
    products: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Products.

function generateProducts(sellers: HistorySeller[]): HistoryProduct[] {
  const pickCategory = createCategoryPicker(categoryData);
  const products: HistoryProduct[] = [];
  const counters = new Map<string, number>();
  for (const seller of sellers) {
    const rng = createRng(`demo-history:products:${seller.partner}:${seller.row.externalId}`);
    const count = seller.row.kind === 'company' ? rng.int(5, 11) : rng.int(3, 7);
    for (let i = 0; i < count; i++) {
      const template = rng.pick(seller.trade.templates);
      const name = template.name.replace('{brand}', template.brands ? rng.pick(template.brands) : '').trim();
      const n = (counters.get(seller.partner) ?? 0) + 1;
      counters.set(seller.partner, n);
      const externalId = `PRD-${String(n).padStart(6, '0')}`;
      const updatedAt = new Date(seller.registeredMs + rng.int(0, 20) * DAY_MS).toISOString();
      const hasTkdn =
        template.origin === 'tkdn' ? rng.chance(0.75) : template.origin === 'domestic' && rng.chance(0.1);
      const issuedYear = rng.int(2021, 2024);
      const product: HistoryProduct = {
        partner: seller.partner,
        template,
        row: {
          externalId,
          sellerExternalId: seller.row.externalId,
          name,
          description: `${name}. Dikirim dari ${seller.town}, harga sudah termasuk ongkos kirim.`,
          categoryCode: pickCategory(template),
          unit: template.unit,
          priceIdr: roundPrice(rng.int(template.price[0], template.price[1])),
          ...(template.madeToOrder ? {} : { stock: rng.int(2_000, 20_000) }),
          ...(template.minOrderQty ? { minOrderQty: template.minOrderQty } : {}),
          isDomestic: template.origin !== 'import',
          isActive: !rng.chance(0.03),
          url: `https://${seller.partner}.example/produk/${externalId}`,
          imageUrl: `https://${seller.partner}.example/gambar/${externalId}.jpg`,
          updatedAt,
        },
      };
      if (hasTkdn) {
        product.row.tkdnPercent = rng.int(template.origin === 'tkdn' ? 2500 : 1000, 9000) / 100;
        if (rng.chance(0.6)) product.row.bmpPercent = rng.int(0, 1500) / 100;
        product.row.tkdnCertificateNo = `${rng.int(1000, 99999)}/SJ-IND.8/TKDN/${String(rng.int(1, 12)).padStart(2, '0')}/${issuedYear}`;
        product.row.tkdnValidUntil = `${issuedYear + 3}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      }
      seller.products.push(product);
      products.push(product);
    }
  }
  return products;
}

// ---------------------------------------------------------------------------------------------
// Satkers: a standard set per pemda, next to the demo's own.

async function ensureSatkers(db: DbOrTx, world: World): Promise<Map<string, string[]>> {
  const actor = systemActor('demo-history');
  const existing = new Set((await db.select({ code: satkers.code }).from(satkers)).map((row) => row.code));
  for (const pemda of world.pemdas) {
    const digits = pemda.code.replace('.', '');
    for (const standard of STANDARD_SATKERS) {
      const code = `${digits}-${standard.suffix}`;
      if (existing.has(code)) continue;
      if (pemda.code === '33' && standard.suffix === 'RSUD') continue;
      await createSatker(db, actor, provinceScope, {
        code,
        name: standard.name(pemda.code === '33' ? 'Provinsi Jawa Tengah' : pemda.name),
        pemdaCode: pemda.code,
      });
      existing.add(code);
    }
  }
  const rows = await db
    .select({ code: satkers.code, pemdaCode: satkers.pemdaCode })
    .from(satkers)
    .orderBy(satkers.code);
  const byPemda = new Map<string, string[]>();
  for (const row of rows) byPemda.set(row.pemdaCode, [...(byPemda.get(row.pemdaCode) ?? []), row.code]);
  return byPemda;
}

// ---------------------------------------------------------------------------------------------
// Partner-reported transactions.

interface GeneratedTransaction {
  partner: string;
  pemdaCode: string;
  input: PartnerTransactionInput;
}

/** Sellers of one partner, by region and overall, in registration order. */
interface SellerIndex {
  all: HistorySeller[];
  byRegion: Map<string, HistorySeller[]>;
}

function indexSellers(sellers: HistorySeller[], partner: string): SellerIndex {
  const all = sellers
    .filter((seller) => seller.partner === partner && seller.products.some((p) => p.row.isActive))
    .sort((a, b) => a.registeredMs - b.registeredMs);
  const byRegion = new Map<string, HistorySeller[]>();
  for (const seller of all) byRegion.set(seller.kabkota, [...(byRegion.get(seller.kabkota) ?? []), seller]);
  return { all, byRegion };
}

/** How many of the sorted sellers registered before `ms`. */
function registeredBefore(sorted: HistorySeller[], ms: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.registeredMs < ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

function pickSeller(rng: Rng, index: SellerIndex, region: string, beforeMs: number): HistorySeller | null {
  const local = index.byRegion.get(region) ?? [];
  const localCount = registeredBefore(local, beforeMs);
  if (localCount > 0 && rng.chance(0.75)) return local[rng.int(0, localCount - 1)]!;
  const count = registeredBefore(index.all, beforeMs);
  return count > 0 ? index.all[rng.int(0, count - 1)]! : null;
}

/**
 * Lines for one order of about `target` rupiah from one seller, the total kept below `limit`
 * (the pemda's direct-purchase limit): 1–3 of its active products, quantities rounded to units.
 */
function orderLines(rng: Rng, seller: HistorySeller, target: number, limit: number) {
  const active = seller.products.filter((product) => product.row.isActive && product.row.priceIdr < limit);
  if (active.length === 0) return null;
  const count = Math.min(active.length, rng.int(1, 3));
  const chosen: HistoryProduct[] = [];
  while (chosen.length < count) {
    const product = rng.pick(active);
    if (!chosen.includes(product)) chosen.push(product);
  }
  const lines = chosen.map((product) => {
    const share = target / count;
    const qty = Math.max(product.row.minOrderQty ?? 1, Math.round(share / product.row.priceIdr));
    return { product, qty };
  });
  const total = () => lines.reduce((sum, line) => sum + line.qty * line.product.row.priceIdr, 0);
  while (total() >= limit) {
    const biggest = lines.reduce((a, b) =>
      a.qty * a.product.row.priceIdr >= b.qty * b.product.row.priceIdr ? a : b,
    );
    const minimum = biggest.product.row.minOrderQty ?? 1;
    if (biggest.qty > minimum) biggest.qty = Math.max(minimum, Math.floor(biggest.qty * 0.8));
    else if (lines.length > 1) lines.splice(lines.indexOf(biggest), 1);
    else return null;
  }
  return lines;
}

async function generateTransactions(
  world: World,
  partners: HistoryPartner[],
  sellers: HistorySeller[],
  satkersByPemda: Map<string, string[]>,
  yieldToRequests: () => Promise<unknown>,
): Promise<GeneratedTransaction[]> {
  const indexes = new Map(partners.map((partner) => [partner.code, indexSellers(sellers, partner.code)]));
  const prefixes: Record<string, string> = { 'gratis-ongkir': 'GO', mbizmarket: 'MBZ', tisera: 'TSR' };
  const sequences = new Map<string, number>();
  const result: GeneratedTransaction[] = [];
  for (const pemda of world.pemdas) {
    // Each pemda draws from its own generator, so yielding between them changes nothing drawn.
    await yieldToRequests();
    const shape = REGION_SHAPE[pemda.code];
    const buyers = satkersByPemda.get(pemda.code) ?? [];
    if (!shape || !pemda.joinedAt || buyers.length === 0) continue;
    const rng = createRng(`demo-history:transactions:${pemda.code}`);
    // Batang's own limit (below Rp50 juta); elsewhere the national ceiling (below Rp200 juta).
    const limit = pemda.code === STORY.region ? 50_000_000 : 200_000_000;
    const typicalMax = pemda.code === STORY.region ? 49_000_000 : 120_000_000;
    const localRegion = pemda.code === '33' ? '33.74' : pemda.code;
    let carry = 0;
    for (const day of workingDays(maxDay(HISTORY_START, pemda.joinedAt), HISTORY_END)) {
      const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
      const monthly = shape.spend * 1_000_000 * (YEAR_LEVEL[year] ?? 1) * MONTH_LEVEL[month - 1]!;
      carry += monthly / workingDaysInMonth(day);
      const dayStartMs = Date.parse(`${day}T00:00:00+07:00`);
      const available = partners.filter((partner) => partner.joinedAt <= day);
      while (carry > 0) {
        const partner = rng.weighted(available.map((p) => [p, PARTNER_SHARE[p.code] ?? 1] as const));
        const seller = pickSeller(rng, indexes.get(partner.code)!, localRegion, dayStartMs);
        if (!seller) {
          carry = 0;
          break;
        }
        // Log-uniform order sizes: many small purchases, a few near the limit.
        const target = Math.exp(Math.log(750_000) + rng.next() * Math.log(typicalMax / 750_000));
        const lines = orderLines(rng, seller, target, limit);
        if (!lines) continue;
        const totalIdr = lines.reduce((sum, line) => sum + line.qty * line.product.row.priceIdr, 0);
        carry -= totalIdr;
        const orderedAt = wibInstant(day, rng.int(OFFICE_HOURS.from, OFFICE_HOURS.to), rng.int(0, 59));
        const daysToEnd = (Date.parse(`${HISTORY_END}T23:59:59+07:00`) - dayStartMs) / DAY_MS;
        const status: PartnerTransactionInput['status'] = rng.chance(0.03)
          ? 'cancelled'
          : daysToEnd > 40
            ? 'paid'
            : rng.weighted([
                ['paid', 2],
                ['delivered', 2],
                ['accepted', 1],
              ] as const);
        const settleDays = { cancelled: 1, accepted: 0, delivered: 4, paid: rng.int(8, 30) }[status];
        const n = (sequences.get(partner.code) ?? 0) + 1;
        sequences.set(partner.code, n);
        result.push({
          partner: partner.code,
          pemdaCode: pemda.code,
          input: {
            externalOrderId: `${prefixes[partner.code]}-${day.replace(/-/g, '')}-${String(n).padStart(6, '0')}`,
            satkerCode: rng.pick(buyers),
            sellerExternalId: seller.row.externalId,
            orderedAt,
            status,
            lines: lines.map((line) => ({
              productExternalId: line.product.row.externalId,
              name: line.product.row.name,
              categoryCode: line.product.row.categoryCode,
              qty: line.qty,
              unitPriceIdr: line.product.row.priceIdr,
              ...(line.product.row.tkdnPercent !== undefined
                ? { tkdnPercent: line.product.row.tkdnPercent }
                : {}),
            })),
            totalIdr,
            updatedAt: new Date(Date.parse(orderedAt) + settleDays * DAY_MS + 3_600_000).toISOString(),
          },
        });
      }
    }
  }
  assertStory(result);
  return result;
}

/**
 * The article's picture must hold on the generated data alone (the platform orders only add to
 * Batang): Batang first among the kabupaten/kota with more than Rp42 miliar in the window.
 */
function assertStory(transactions: GeneratedTransaction[]) {
  const from = Date.parse(`${STORY.from}T00:00:00+07:00`);
  const to = Date.parse(`${STORY.to}T23:59:59.999+07:00`);
  const totals = new Map<string, number>();
  for (const { pemdaCode, input } of transactions) {
    const at = Date.parse(input.orderedAt);
    if (pemdaCode === '33' || input.status === 'cancelled' || at < from || at > to) continue;
    totals.set(pemdaCode, (totals.get(pemdaCode) ?? 0) + input.totalIdr);
  }
  const ranked = [...totals].sort((a, b) => b[1] - a[1]);
  if (ranked[0]?.[0] !== STORY.region || ranked[0][1] <= 42_000_000_000) {
    throw new Error(`demo history does not tell the story: ${JSON.stringify(ranked.slice(0, 3))}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Platform orders of Batang, through checkout and the whole lifecycle.

/** One platform order of the history with everything drawn for it from the generator. */
interface PlannedOrder {
  day: string;
  orderedMs: number;
  seller: HistorySeller;
  lines: Array<{ product: HistoryProduct; qty: number }>;
  satkerCode: string;
  outcome:
    | { kind: 'rejected' }
    | { kind: 'cancelled' }
    | { kind: 'paid'; payDays: number; method: 'va' | 'kkpd' | 'cms' };
}

/** Draws every platform order from the seeded generator, without touching the database. */
function planPlatformOrders(partners: HistoryPartner[], sellers: HistorySeller[]): PlannedOrder[] {
  const local = sellers
    .filter((seller) => seller.kabkota === STORY.region)
    .sort((a, b) => a.registeredMs - b.registeredMs);
  const rng = createRng('demo-history:platform-orders');
  const plan: PlannedOrder[] = [];
  for (const day of workingDays('2022-01-10', '2024-12-13')) {
    if (!rng.chance(0.1)) continue;
    const orderedMs = Date.parse(wibInstant(day, rng.int(8, 14), rng.int(0, 59)));
    const partnerCodes = partners.filter((partner) => partner.joinedAt <= day).map((partner) => partner.code);
    const candidates = local.filter(
      (seller) => seller.registeredMs < orderedMs - DAY_MS && partnerCodes.includes(seller.partner),
    );
    if (candidates.length === 0) continue;
    const seller = rng.pick(candidates);
    const target = Math.exp(Math.log(400_000) + rng.next() * Math.log(PLATFORM_ORDER_MAX_IDR / 400_000));
    const lines = orderLines(rng, seller, target, PLATFORM_ORDER_MAX_IDR);
    if (!lines) continue;
    const satkerCode = rng.pick(BATANG_BUYERS);
    let outcome: PlannedOrder['outcome'];
    if (rng.chance(0.04)) outcome = { kind: 'rejected' };
    else if (rng.chance(0.03)) outcome = { kind: 'cancelled' };
    else {
      const payDays = rng.int(5, 12);
      outcome = { kind: 'paid', payDays, method: rng.pick(['va', 'kkpd', 'cms'] as const) };
    }
    plan.push({ day, orderedMs, seller, lines, satkerCode, outcome });
  }
  return plan;
}

/**
 * Places the planned orders not placed yet, each with its whole life, its outbox calls closed
 * and the count of placed orders in one transaction (the count is the claim: a second loader
 * finds it moved and stops). The reports are built at the end of the load, not per order.
 */
async function placePlatformOrders(
  db: Db,
  partners: HistoryPartner[],
  sellers: HistorySeller[],
  plan: PlannedOrder[],
  signal: AbortSignal | undefined,
  onPlaced: (placed: number) => void,
): Promise<void> {
  const accounts = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['pp.batang', 'ppk.batang', 'bendahara.batang']));
  const actorOf = (username: string): Actor => ({
    userId: accounts.find((account) => account.username === username)?.id ?? null,
    label: username,
  });
  const buyer = {
    actor: actorOf('pp.batang'),
    scope: { allRegions: false, pemdaCodes: [], satkerCodes: BATANG_BUYERS },
  };
  const policy: OrderPolicy = { routingDeadlineHours: 24 };
  const partnerById = new Map(partners.map((partner) => [partner.code, partner]));
  const productIds = await productIdsOf(
    db,
    partners,
    sellers.filter((seller) => seller.kabkota === STORY.region),
  );
  await db.insert(systemFacts).values({ key: PLATFORM_ORDERS_FACT, value: '0' }).onConflictDoNothing();
  const [fact] = await db.select().from(systemFacts).where(eq(systemFacts.key, PLATFORM_ORDERS_FACT));
  for (let index = Number(fact?.value ?? 0); index < plan.length; index++) {
    signal?.throwIfAborted();
    const planned = plan[index]!;
    const placed = await withReportsDeferred(() =>
      db.transaction(async (tx) => {
        const claimed = await tx
          .update(systemFacts)
          .set({ value: String(index + 1), updatedAt: sql`now()` })
          .where(and(eq(systemFacts.key, PLATFORM_ORDERS_FACT), eq(systemFacts.value, String(index))))
          .returning({ key: systemFacts.key });
        if (claimed.length === 0) return false;
        await placeHistoricOrder(tx, planned, partnerById.get(planned.seller.partner)!, {
          buyer,
          policy,
          productIds,
          actorOf,
        });
        return true;
      }),
    );
    // Another process is placing them: it finishes the job.
    if (!placed) return;
    onPlaced(index + 1);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function placeHistoricOrder(
  tx: Tx,
  planned: PlannedOrder,
  partner: HistoryPartner,
  context: {
    buyer: { actor: Actor; scope: Scope };
    policy: OrderPolicy;
    productIds: Map<string, string>;
    actorOf: (username: string) => Actor;
  },
): Promise<void> {
  const { buyer, policy, productIds, actorOf } = context;
  const { orderedMs, seller, lines, outcome, day } = planned;
  const { orders } = await placeOrders(
    tx,
    policy,
    buyer,
    {
      satkerCode: planned.satkerCode,
      deliveryAddress: 'Jl. Veteran No. 1, Kauman, Batang',
      notes: null,
      splitReason: 'Kebutuhan kegiatan yang berbeda, dianggarkan pada sub kegiatan DPA yang terpisah.',
      lines: lines.map((line) => ({
        productId: productIds.get(`${seller.partner}/${line.product.row.externalId}`)!,
        qty: line.qty,
      })),
    },
    new Date(orderedMs),
  );
  const order = orders[0]!;
  const at = (hours: number) => new Date(orderedMs + hours * 3_600_000).toISOString();
  const event = (type: Parameters<typeof applyPartnerEvent>[3]['type'], hours: number, data = {}) =>
    applyPartnerEvent(tx, partner, order.number, {
      eventId: `riwayat-${order.number}-${type}`,
      type,
      occurredAt: at(hours),
      data,
    });
  let lastHours = 2;
  if (outcome.kind === 'rejected') {
    await event('rejected', 2, { reason: 'Stok sedang kosong di gudang penjual.' });
  } else {
    await event('accepted', 2);
    if (outcome.kind === 'cancelled') {
      lastHours = 20;
      await event('cancelled', 20, { reason: 'Penjual tidak dapat memenuhi jadwal pengiriman.' });
    } else {
      await event('shipped', 24, { courier: 'JNE', trackingNo: `JNE${order.number.replace(/\D/g, '')}` });
      await event('delivered', 72);
      const receipt = await recordReceipt(tx, policy, actorOf('ppk.batang'), order.number, {
        receivedAt: at(76),
        note: null,
        lines: [],
      });
      await event('invoiced', 96, { invoiceNo: `INV/${order.number}`, amountIdr: receipt.totalIdr });
      await recordPayment(tx, policy, actorOf('bendahara.batang'), order.number, {
        method: outcome.method,
        amountIdr: receipt.totalIdr,
        paidAt: at(96 + outcome.payDays * 24),
        reference: `SP2D-${order.number.slice(-6)}-${day.slice(0, 4)}`,
      });
      lastHours = 96 + (outcome.payDays + 1) * 24;
      await event('payment_forwarded', lastHours, {
        amountIdr: receipt.totalIdr,
        reference: `PAYOUT-${order.number}`,
      });
    }
  }
  // The partner saw every call back then: nothing of this is sent to a live partner today.
  await acknowledgeHistoricMessages(tx, [order.number], new Date(orderedMs + lastHours * 3_600_000));
}

async function productIdsOf(
  db: DbOrTx,
  partners: HistoryPartner[],
  sellers: HistorySeller[],
): Promise<Map<string, string>> {
  const codeById = new Map(partners.map((partner) => [partner.id, partner.code]));
  const ids = new Map<string, string>();
  for (const partner of partners) {
    const externalIds = sellers
      .filter((seller) => seller.partner === partner.code)
      .flatMap((seller) => seller.products.map((product) => product.row.externalId));
    for (const chunk of chunks(externalIds, 5000)) {
      const rows = (await db.execute(
        sql`SELECT id, partner_id AS "partnerId", external_id AS "externalId" FROM products
          WHERE partner_id = ${partner.id} AND external_id IN (${sql.join(
            chunk.map((id) => sql`${id}`),
            sql`, `,
          )})`,
      )) as unknown as { rows: Array<{ id: string; partnerId: string; externalId: string }> };
      for (const row of rows.rows) ids.set(`${codeById.get(row.partnerId)}/${row.externalId}`, row.id);
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Days (WIB calendar days as YYYY-MM-DD strings; no clock involved).

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function maxDay(a: string, b: string): string {
  return [a, b].sort()[1]!;
}

function minDay(a: string, b: string): string {
  return [a, b].sort()[0]!;
}

function randomDay(rng: Rng, from: string, to: string): string {
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
  return addDays(from, rng.int(0, Math.max(0, span)));
}

/** Monday to Friday from `from` to `to`, inclusive. */
function* workingDays(from: string, to: string): Generator<string> {
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) yield day;
  }
}

const workingDayCounts = new Map<string, number>();
function workingDaysInMonth(day: string): number {
  const month = day.slice(0, 7);
  let count = workingDayCounts.get(month);
  if (count === undefined) {
    count = 0;
    for (const d of workingDays(`${month}-01`, `${month}-31`)) if (d.startsWith(month)) count++;
    workingDayCounts.set(month, count);
  }
  return count;
}

/** `2023-10-23T09:05:00+07:00` */
function wibInstant(day: string, hour: number, minute: number): string {
  return `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+07:00`;
}

function roundPrice(value: number): number {
  const step = value < 100_000 ? 500 : value < 1_000_000 ? 1_000 : 5_000;
  return Math.max(step, Math.round(value / step) * step);
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function assertAllAccepted(result: { rejected: unknown[] }, what: string) {
  if (result.rejected.length > 0) {
    throw new Error(`demo history ${what} rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  }
}
