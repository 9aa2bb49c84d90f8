import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../src/db/client';
import { categoryData } from '../src/modules/catalog/categories.data';
import { normalizeQuery } from '../src/modules/catalog/search-query';
import { createPartner } from '../src/modules/partners/partners.service';
import { SecretBox } from '../src/modules/partners/secret-box';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { type BenchDatabase, formatRate, openBenchDatabases } from './bench-db';
import { getJson, runHttpInChild } from './http-load';
import {
  buyerQueries,
  type CategorySpec,
  catalogue,
  descriptions,
  descriptionTails,
  type Family,
  kabkotaCodes,
  personNames,
  sellerWords,
  shopWords,
} from './search-data';

const PARTNERS = [
  { code: 'gratis-ongkir', name: 'Gratis Ongkir', prefix: 'GO' },
  { code: 'mbizmarket', name: 'Mbizmarket', prefix: 'MBZ' },
  { code: 'tisera', name: 'Tisera', prefix: 'TSR' },
] as const;
const WARM_UP_QUERIES = 50;

/**
 * `npm run bench -- search [products]`: a deterministic catalogue of Indonesian product offers
 * (1,000,000 on PostgreSQL by default; BENCH_PRODUCTS_EMBEDDED, default 200,000, on the embedded
 * database) loaded straight into the tables; then p50/p95/p99 latency of realistic buyer queries
 * through `GET /api/v1/catalog/search` over HTTP at 8 concurrent clients, next to the same
 * queries' words as unindexed `ILIKE '%word%'` scans on the product name in the same run.
 */
export async function runSearchBench(args: string[]) {
  const products = Number(args[0] ?? process.env.BENCH_PRODUCTS ?? 1_000_000);
  const embeddedProducts = Number(process.env.BENCH_PRODUCTS_EMBEDDED ?? Math.min(products, 200_000));
  const sellerCount = Number(process.env.BENCH_SELLERS ?? 10_000);
  const queryCount = Number(process.env.BENCH_QUERIES ?? 1_000);
  const clients = Number(process.env.BENCH_CLIENTS ?? 8);
  const scanSample = Math.min(queryCount, Number(process.env.BENCH_SCAN_SAMPLE ?? 100));
  checkCatalogue();
  // BENCH_WARM=measured warms up with the measured queries themselves: the steady state of a
  // server that has seen them (their match lists built), rather than a fresh start.
  const warmMeasured = process.env.BENCH_WARM === 'measured';
  console.log(
    `\n# search: ${fmt(products)} products on PostgreSQL, ${fmt(embeddedProducts)} on the embedded database ` +
      `(BENCH_PRODUCTS_EMBEDDED), ${fmt(sellerCount)} sellers; ${fmt(queryCount)} queries at ${clients} clients ` +
      `after ${warmMeasured ? 'a warm-up with the same queries (BENCH_WARM=measured)' : `${WARM_UP_QUERIES} warm-up queries`}; ` +
      `ILIKE scan baseline on ${scanSample} of them`,
  );
  const queries = generateQueries(queryCount, 3);
  const warmUp = warmMeasured ? queries : generateQueries(WARM_UP_QUERIES, 4);
  const step = queryCount / scanSample;
  const sampleIndexes = Array.from({ length: scanSample }, (_, i) => Math.floor(i * step));

  for (const database of await openBenchDatabases()) {
    const kind = database.handle.kind;
    // BENCH_ONLY=postgres or BENCH_ONLY=pglite runs one database.
    if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) {
      await database.close();
      continue;
    }
    const count = kind === 'pglite' ? embeddedProducts : products;
    const label = `${database.label}, ${fmt(count)} products`;
    try {
      if (database.reused) {
        const [loaded] = await queryRows<{ count: number; size: string }>(
          database.handle.db,
          sql`SELECT count(*)::int AS count, pg_size_pretty(pg_total_relation_size('products')) AS size FROM products`,
        );
        console.log(
          `${database.label}: reusing ${database.handle.url} with ${fmt(loaded?.count ?? 0)} products (${loaded?.size} with indexes), not loaded again`,
        );
      } else {
        const load = await loadCatalogue(database, count, sellerCount);
        console.log(
          `${label}: load ${seconds(load.total)} (sellers ${seconds(load.sellers)}, products ${seconds(load.products)} ` +
            `= ${formatRate(count / (load.products / 1000))} rows/s, indexes ${seconds(load.indexes)}, ` +
            `vacuum+analyze ${seconds(load.analyze)}); products table ${load.size}`,
        );
      }
      if (process.env.BENCH_LOAD_ONLY) continue;

      const db = database.handle.db;
      // PostgreSQL: the server as deployed, `src/server/main.ts` in processes of its own
      // (BENCH_SERVER_PROCESSES, default 1: on two cores a second one competes with the clients and
      // PostgreSQL, and splits the caches; 0 runs it in this process, for
      // profiling). The embedded database lives in one process, so there the server runs here.
      const processes = Number(process.env.BENCH_SERVER_PROCESSES ?? 1);
      const server =
        kind === 'postgres' && processes > 0
          ? await startServer(database.handle.url!, processes)
          : await startInProcess(db);
      const base = server.base;
      console.log(server.description);
      try {
        await runHttpInChild(base, warmUp.map(searchPath), clients);
        const search = await runHttpInChild(base, queries.map(searchPath), clients, database.label);
        const stats = percentiles(search.latencies);
        const index = server.index;
        if (index)
          console.log(
            `  index: ${fmt(index.stats.searches)} searches, ${fmt(index.stats.cacheHits)} first pages from the result cache, ${fmt(index.stats.matchListHits)} match lists reused`,
          );
        const empty = search.totals.filter((total) => total === 0).length;
        console.log(
          `  search      ${queryCount} queries over HTTP, ${clients} clients: ${formatStats(stats)}   ` +
            `${formatRate(queryCount / (search.elapsed / 1000))} q/s   ` +
            `(${empty} with no match, median ${fmt(median(search.totals))} matches)`,
        );

        const scanConcurrency = kind === 'pglite' ? 1 : clients;
        const scan = await runScans(
          db,
          sampleIndexes.map((index) => queries[index]!),
          scanConcurrency,
        );
        const scanStats = percentiles(scan.latencies);
        const searchSample = percentiles(sampleIndexes.map((index) => search.latencies[index]!));
        console.log(
          `  ILIKE scan  ${scanSample} of the queries in SQL, ${scanConcurrency === 1 ? 'sequential' : `${scanConcurrency} concurrent`}: ${formatStats(scanStats)}`,
        );
        console.log(
          `  scan/search same ${scanSample} queries: p50 ${ratio(scanStats.p50, searchSample.p50)}  p95 ${ratio(scanStats.p95, searchSample.p95)}` +
            `   scan sample / all ${queryCount} searches: p50 ${ratio(scanStats.p50, stats.p50)}  p95 ${ratio(scanStats.p95, stats.p95)}`,
        );
        const slowest = search.latencies
          .map((latency, index) => ({ latency, index }))
          .sort((a, b) => b.latency - a.latency)
          .slice(0, 5);
        console.log(
          `  slowest: ${slowest.map(({ latency, index }) => `${ms(latency)} ${queries[index]!.label} (${fmt(search.totals[index]!)})`).join('; ')}`,
        );
        for (const sample of [
          'q=kertas+hvs+a4',
          'q=kertsa+hvs',
          'q=nasi+kotak&regionCode=33.25&local=true',
          'q=ker',
        ]) {
          // A fresh connection: the kept-alive ones have idled out during the scans (ECONNRESET).
          const { body } = (await getJson(`${base}/api/v1/catalog/search?${sample}&limit=1`, false)) as {
            body: {
              total: number;
              items: Array<{
                name: string;
                priceIdr: number;
                domesticClass: string;
                seller: { name: string };
              }>;
            };
          };
          const first = body.items[0];
          console.log(
            `  sample ${decodeURIComponent(sample)}: ${fmt(body.total)} matches; first ${first ? `“${first.name}” Rp ${fmt(first.priceIdr)} ${first.domesticClass}, ${first.seller.name}` : '-'}`,
          );
        }
      } finally {
        await server.stop();
      }
    } finally {
      if (process.env.BENCH_KEEP_DATABASE && kind === 'postgres') {
        console.log(`  kept database ${database.handle.url}`);
        await database.handle.close();
      } else {
        await database.close();
      }
    }
  }
}

const catalogEnv = () => ({
  CATALOG_INDEX: process.env.CATALOG_INDEX ?? 'memory',
  ...(process.env.CATALOG_RESULT_CACHE ? { CATALOG_RESULT_CACHE: process.env.CATALOG_RESULT_CACHE } : {}),
  ...(process.env.CATALOG_MAX_STALE_MS ? { CATALOG_MAX_STALE_MS: process.env.CATALOG_MAX_STALE_MS } : {}),
});

/** The app in this process (the embedded database), its index loaded as main.ts does before listening. */
async function startInProcess(db: Db) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...catalogEnv() });
  const app = await buildApp({ db, config, secretBox: new SecretBox(randomBytes(32).toString('hex')) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  let description = '  server in this process; CATALOG_INDEX=database: SQL search only';
  if (app.catalogIndex) {
    const started = performance.now();
    await app.catalogIndex.refresh();
    description = `  server in this process; in-memory index: ${fmt(app.catalogIndex.size)} offers loaded in ${seconds(performance.now() - started)}`;
  }
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    description,
    index: app.catalogIndex,
    stop: () => app.close(),
  };
}

/** `src/server/main.ts` with `processes` server processes on the bench database; ready when all listen. */
async function startServer(databaseUrl: string, processes: number) {
  const started = performance.now();
  const child = fork(fileURLToPath(new URL('../src/server/main.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...catalogEnv(),
      DATABASE_URL: databaseUrl,
      BLANGKON_DEMO: 'false',
      PARTNER_SIM: 'false',
      OUTBOX_WORKER: 'false',
      BLANGKON_SECRET_KEY: randomBytes(32).toString('hex'),
      SERVER_PROCESSES: String(processes),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  const address = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { address?: string }) =>
      message.address ? resolve(message.address) : reject(new Error('server sent no address')),
    );
    child.once('exit', (code) => reject(new Error(`server exited with code ${code} before listening`)));
  });
  // One process: the server itself, whose resident memory holds the loaded index.
  const rss =
    processes === 1
      ? /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => ''))?.[1]
      : undefined;
  return {
    base: address,
    description: `  server: src/server/main.ts, ${processes} process${processes === 1 ? '' : 'es'} (BENCH_SERVER_PROCESSES), in-memory index loaded and listening in ${seconds(performance.now() - started)}${rss ? `, resident memory ${fmt(Math.round(Number(rss) / 1024))} MiB` : ''}`,
    index: null,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Deterministic generator

/** mulberry32: a small seeded PRNG, so every run generates the same catalogue and queries. */
class Random {
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
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  /** An index in [0, n) where low indexes are far more likely (a few sellers sell a lot). */
  skewed(n: number): number {
    const u = this.next();
    return Math.floor(n * u * u);
  }
}

class Weighted<T> {
  readonly #values: T[];
  readonly #cumulative: number[];
  constructor(entries: Array<[T, number]>) {
    this.#values = entries.map(([value]) => value);
    let sum = 0;
    this.#cumulative = entries.map(([, weight]) => {
      sum += weight;
      return sum;
    });
  }
  pick(random: Random): T {
    const target = random.next() * this.#cumulative.at(-1)!;
    let low = 0;
    let high = this.#cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.#cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return this.#values[low]!;
  }
}

/** FNV-1a: a stable 32-bit hash (the same product name gets a similar price at every seller). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0').slice(-digits);

/** A deterministic, random-looking UUID (v4 layout), unique per (space, n). */
function uuidOf(space: number, n: number): string {
  const random = new Random(hash(`${space}:${n}`));
  const word = () => Math.floor(random.next() * 0x1_0000_0000);
  return `${hex(word(), 8)}-${hex(word(), 4)}-4${hex(word(), 3)}-${'89ab'[space]}${hex(word(), 3)}-${hex(n, 12)}`;
}

const leafCodes = categoryData.filter((c) => c.parentCode !== null).map((c) => c.code);
const groupOf = new Map(categoryData.map((c) => [c.code, c.parentCode ?? c.code]));

function checkCatalogue() {
  const missing = leafCodes.filter((code) => !catalogue[code]);
  const unknown = Object.keys(catalogue).filter((code) => !leafCodes.includes(code));
  const noDescription = [...new Set(groupOf.values())].filter((group) => !descriptions[group]);
  if (missing.length + unknown.length + noDescription.length > 0)
    throw new Error(
      `search-data out of step with categories.data: missing ${missing} unknown ${unknown} no description ${noDescription}`,
    );
}

interface Seller {
  id: string;
  nib: string;
  name: string;
  kind: 'company' | 'individual';
  legal_form: string | null;
  npwp: string | null;
  scale: 'mikro' | 'kecil' | 'menengah' | 'besar';
  is_pkp: boolean;
  has_pp55_certificate: boolean;
  region_code: string;
  kabkota_code: string;
  address: string | null;
  source_updated_at: string;
  /** Not columns: */
  group: string;
  isUmk: boolean;
  listings: Array<{ partner: number; externalId: string }>;
}

function generateSellers(count: number, kecamatan: Map<string, string[]>): Seller[] {
  const random = new Random(1);
  const regions = new Weighted(kabkotaCodes);
  const groupWeights = new Map<string, number>();
  for (const code of leafCodes)
    groupWeights.set(
      groupOf.get(code)!,
      (groupWeights.get(groupOf.get(code)!) ?? 0) + catalogue[code]!.weight,
    );
  const groups = new Weighted([...groupWeights]);
  const sellers: Seller[] = [];
  for (let i = 0; i < count; i++) {
    const individual = random.chance(0.5);
    const legalForm = individual
      ? null
      : new Weighted<string>([
          ['CV', 40],
          ['PT', 30],
          ['UD', 20],
          ['KOPERASI', 7],
          ['FIRMA', 3],
        ]).pick(random);
    const scale = individual
      ? random.chance(0.8)
        ? 'mikro'
        : 'kecil'
      : new Weighted<Seller['scale']>([
          ['mikro', 30],
          ['kecil', 35],
          ['menengah', 20],
          ['besar', 15],
        ]).pick(random);
    const words = `${random.pick(sellerWords)} ${random.pick(sellerWords)}`;
    const name = individual
      ? random.chance(0.5)
        ? `${random.pick(shopWords)} ${words}`
        : `${random.pick(personNames)}`
      : legalForm === 'KOPERASI'
        ? `Koperasi ${random.pick(['Serba Usaha', 'Produsen', 'Karyawan', 'Pegawai'])} ${words}`
        : `${legalForm} ${words}`;
    const kabkota = regions.pick(random);
    const districts = kecamatan.get(kabkota) ?? [];
    const regionCode = districts.length > 0 && random.chance(0.3) ? random.pick(districts) : kabkota;
    const partnerCount = random.chance(0.6) ? 1 : random.chance(0.75) ? 2 : 3;
    const first = random.int(PARTNERS.length);
    const listings = Array.from({ length: partnerCount }, (_, k) => {
      const partner = (first + k) % PARTNERS.length;
      return { partner, externalId: `${PARTNERS[partner]!.prefix}-S${i}` };
    });
    const isPkp = scale === 'menengah' || scale === 'besar' || random.chance(0.2);
    sellers.push({
      id: uuidOf(0, i),
      nib: String(9_100_000_000_000 + i),
      name,
      kind: individual ? 'individual' : 'company',
      legal_form: legalForm,
      npwp: individual && random.chance(0.5) ? null : String(3_300_000_000_000_000 + i),
      scale,
      is_pkp: isPkp,
      has_pp55_certificate: !isPkp && random.chance(0.3),
      region_code: regionCode,
      kabkota_code: kabkota,
      address: `Jl. ${random.pick(sellerWords)} No. ${1 + random.int(200)}`,
      source_updated_at: new Date(Date.UTC(2024, 0, 1) + random.int(365) * 86_400_000).toISOString(),
      group: groups.pick(random),
      isUmk: scale === 'mikro' || scale === 'kecil' || legalForm === 'KOPERASI',
      listings,
    });
  }
  return sellers;
}

interface ProductRecord {
  id: string;
  partner_id: string;
  external_id: string;
  seller_id: string;
  seller_external_id: string;
  name: string;
  description: string;
  category_code: string;
  unit: string;
  price_idr: number;
  stock: number | null;
  min_order_qty: number;
  is_domestic: boolean;
  tkdn_percent: number | null;
  bmp_percent: number | null;
  tkdn_certificate_no: string | null;
  tkdn_valid_until: string | null;
  is_active: boolean;
  source_updated_at: string;
  seller_kabkota_code: string;
  seller_is_umk: boolean;
}

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The n-th product, in order: one seeded stream, so the first N are the same for any total. */
class ProductGenerator {
  readonly #random = new Random(2);
  readonly #categories = new Weighted(
    leafCodes.map((code): [string, number] => [code, catalogue[code]!.weight]),
  );
  readonly #byGroup = new Map<string, Seller[]>();
  #n = 0;

  constructor(
    private readonly sellers: Seller[],
    private readonly partnerIds: string[],
  ) {
    for (const seller of sellers) {
      const list = this.#byGroup.get(seller.group) ?? [];
      list.push(seller);
      this.#byGroup.set(seller.group, list);
    }
  }

  next(): ProductRecord {
    const random = this.#random;
    const n = this.#n++;
    const category = this.#categories.pick(random);
    const spec: CategorySpec = catalogue[category]!;
    const family: Family = random.pick(spec.families);
    const name = productName(random, family);
    const group = groupOf.get(category)!;
    const pool = random.chance(0.85) ? (this.#byGroup.get(group) ?? this.sellers) : this.sellers;
    const seller = pool[random.skewed(pool.length)]!;
    const listing = random.pick(seller.listings);
    const domestic = random.chance(spec.domestic ?? 0.9);
    const tkdn = domestic && random.chance(spec.tkdn ?? 0.3);
    const tkdnPercent = tkdn ? Math.round(random.between(10, 85) * 100) / 100 : null;
    const [min, max] = family.price;
    // Log-uniform base price per name, then ±15% per offer.
    const base = Math.exp(Math.log(min) + (hash(name) / 0x1_0000_0000) * (Math.log(max) - Math.log(min)));
    const sentence = random.pick(descriptions[group]!);
    const tail = random.pick(descriptionTails);
    return {
      id: uuidOf(1, n),
      partner_id: this.partnerIds[listing.partner]!,
      external_id: `${PARTNERS[listing.partner]!.prefix}-P${n}`,
      seller_id: seller.id,
      seller_external_id: listing.externalId,
      name,
      description: `${random.chance(0.3) ? `${name}. ` : ''}${sentence} ${tail}`.trim(),
      category_code: category,
      unit: family.unit,
      price_idr: roundPrice(base * random.between(0.85, 1.15)),
      stock: spec.madeToOrder ? null : random.chance(0.05) ? 0 : 1 + random.int(2_000),
      min_order_qty: spec.minOrder
        ? spec.minOrder[0] + random.int(spec.minOrder[1] - spec.minOrder[0] + 1)
        : 1,
      is_domestic: domestic,
      tkdn_percent: tkdnPercent,
      bmp_percent: tkdn && random.chance(0.5) ? Math.round(random.between(0, 15) * 100) / 100 : null,
      tkdn_certificate_no: tkdn ? `${1000 + random.int(9000)}/SJ-IND.8/TKDN/${2021 + random.int(5)}` : null,
      // Certificates valid until mid-2025 … 2031: at the end of 2026 about a quarter have expired.
      tkdn_valid_until: tkdn
        ? random.chance(0.05)
          ? null
          : isoDate(Date.UTC(2025, 5, 1) + random.int(6.5 * 365) * DAY)
        : null,
      is_active: random.chance(0.97),
      source_updated_at: new Date(Date.UTC(2024, 0, 1) + random.int(600 * 24) * 3_600_000).toISOString(),
      seller_kabkota_code: seller.kabkota_code,
      seller_is_umk: seller.isUmk,
    };
  }
}

function productName(random: Random, family: Family): string {
  const parts: string[] = [];
  for (const part of family.order ?? 'ivsb') {
    const [list, p] =
      part === 'i'
        ? [family.items, 1]
        : part === 'v'
          ? [family.variants, 0.85]
          : part === 's'
            ? [family.sizes, 0.6]
            : [family.brands, 0.8];
    if (list && list.length > 0 && random.chance(p)) parts.push(random.pick(list));
  }
  return parts.join(' ');
}

function roundPrice(price: number): number {
  const step = price < 10_000 ? 100 : price < 100_000 ? 500 : price < 1_000_000 ? 1_000 : 10_000;
  return Math.max(step, Math.round(price / step) * step);
}

interface BuyerQuery {
  params: string;
  q: string;
  label: string;
}

/** Buyer queries drawn by weight, some with the filters buyers use: region, local, UMK, category, sort. */
const searchPath = (query: BuyerQuery) => `/api/v1/catalog/search?${query.params}`;

export function generateQueries(count: number, seed: number): BuyerQuery[] {
  const random = new Random(seed);
  const texts = new Weighted(
    buyerQueries.map(([q, weight, category]): [[string, string], number] => [[q, category], weight]),
  );
  const regions = new Weighted(kabkotaCodes);
  return Array.from({ length: count }, () => {
    const [q, category] = texts.pick(random);
    const params = new URLSearchParams({ q });
    if (random.chance(0.3)) {
      params.set('regionCode', regions.pick(random));
      if (random.chance(0.4)) params.set('local', 'true');
    }
    if (random.chance(0.1)) params.set('umk', 'true');
    if (random.chance(0.12)) params.set('category', random.chance(0.5) ? category : groupOf.get(category)!);
    if (random.chance(0.04)) params.set('domesticClass', 'tkdn_bmp_40');
    const sort = random.next();
    if (sort < 0.15) params.set('sort', 'price_asc');
    else if (sort < 0.2) params.set('sort', 'price_desc');
    const filters = [...params].filter(([key]) => key !== 'q');
    return {
      params: params.toString(),
      q,
      label: `“${q}”${filters.length > 0 ? ` ${filters.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Loading

interface LoadTimes {
  sellers: number;
  products: number;
  indexes: number;
  analyze: number;
  total: number;
  size: string;
}

/**
 * Partners through the service (with their secrets), sellers, listings and products straight
 * into the tables with `INSERT … SELECT … FROM jsonb_to_recordset`. The products table's
 * secondary indexes are dropped for the load and rebuilt from their own definitions after.
 */
async function loadCatalogue(
  database: BenchDatabase,
  count: number,
  sellerCount: number,
): Promise<LoadTimes> {
  const db = database.handle.db;
  const postgres = database.handle.kind === 'postgres';
  const started = performance.now();
  const box = new SecretBox(randomBytes(32).toString('hex'));
  const partnerIds: string[] = [];
  for (const partner of PARTNERS) {
    const created = await createPartner(
      db,
      box,
      { userId: null, label: 'bench' },
      { code: partner.code, name: partner.name, baseUrl: `https://${partner.code}.example` },
    );
    partnerIds.push(created.partner.id);
  }
  const districts = await queryRows<{ code: string; kabkota_code: string }>(
    db,
    sql`SELECT code, kabkota_code FROM regions WHERE level = 3 AND kabkota_code LIKE '33.%'`,
  );
  const kecamatan = new Map<string, string[]>();
  for (const row of districts)
    kecamatan.set(row.kabkota_code, [...(kecamatan.get(row.kabkota_code) ?? []), row.code]);
  const sellers = generateSellers(sellerCount, kecamatan);
  for (let start = 0; start < sellers.length; start += 5_000) {
    const chunk = sellers.slice(start, start + 5_000);
    await db.execute(sql`
      INSERT INTO sellers (id, nib, name, kind, legal_form, npwp, scale, is_pkp, has_pp55_certificate,
        region_code, kabkota_code, address, source_updated_at)
      SELECT id, nib, name, kind, legal_form, npwp, scale, is_pkp, has_pp55_certificate,
        region_code, kabkota_code, address, source_updated_at
      FROM jsonb_to_recordset(${JSON.stringify(chunk.map(({ group, isUmk, listings, ...row }) => row))}::jsonb) AS r(
        id uuid, nib text, name text, kind text, legal_form text, npwp text, scale text, is_pkp boolean,
        has_pp55_certificate boolean, region_code text, kabkota_code text, address text, source_updated_at timestamptz)`);
    const listings = chunk.flatMap((seller) =>
      seller.listings.map((listing) => ({
        partner_id: partnerIds[listing.partner],
        external_id: listing.externalId,
        seller_id: seller.id,
        registered_at: seller.source_updated_at,
      })),
    );
    await db.execute(sql`
      INSERT INTO seller_listings (partner_id, external_id, seller_id, registered_at, source_updated_at)
      SELECT partner_id, external_id, seller_id, registered_at, registered_at
      FROM jsonb_to_recordset(${JSON.stringify(listings)}::jsonb) AS r(
        partner_id uuid, external_id text, seller_id uuid, registered_at timestamptz)`);
  }
  const sellersDone = performance.now();

  const indexes = await queryRows<{ indexname: string; indexdef: string }>(
    db,
    sql`SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = 'products'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const index of indexes) await db.execute(sql.raw(`DROP INDEX "${index.indexname}"`));

  const generator = new ProductGenerator(sellers, partnerIds);
  const chunkSize = postgres ? 10_000 : 5_000;
  const inFlight: Array<Promise<unknown>> = [];
  let reported = 0;
  for (let start = 0; start < count; start += chunkSize) {
    const rows = Array.from({ length: Math.min(chunkSize, count - start) }, () => generator.next());
    if (inFlight.length >= (postgres ? 2 : 1)) await inFlight.shift();
    inFlight.push(insertProducts(db, JSON.stringify(rows)));
    if (start + rows.length - reported >= count / 10 && start + rows.length < count) {
      reported = start + rows.length;
      console.log(
        `  … ${database.label}: ${fmt(reported)} / ${fmt(count)} products generated (${seconds(performance.now() - sellersDone)})`,
      );
    }
  }
  await Promise.all(inFlight);
  const productsDone = performance.now();

  // The GIN builds dominate: one connection each on PostgreSQL, with room to sort in memory.
  await Promise.all(
    indexes.map((index) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`SELECT set_config('maintenance_work_mem', '1GB', true)`);
        await tx.execute(sql.raw(index.indexdef));
      }),
    ),
  );
  // The vocabulary typos are corrected against (kept by the product sync; the same statement as
  // migration 0004's backfill, since the rows above bypass the sync).
  await db.execute(sql`
    INSERT INTO catalog_words (word)
    SELECT DISTINCT w FROM products p, regexp_split_to_table(lower(normalize(p.name, NFKD)), '[^a-z0-9]+') AS w
    WHERE length(w) BETWEEN 3 AND 40 AND w ~ '[a-z]'
    ON CONFLICT DO NOTHING`);
  const indexesDone = performance.now();
  await db.execute(sql`VACUUM (ANALYZE) products`);
  await db.execute(sql`ANALYZE sellers`);
  await db.execute(sql`ANALYZE seller_listings`);
  await db.execute(sql`ANALYZE partners`);
  await db.execute(sql`ANALYZE catalog_words`);
  const done = performance.now();
  const [size] = await queryRows<{ size: string }>(
    db,
    sql`SELECT pg_size_pretty(pg_total_relation_size('products')) AS size`,
  );
  return {
    sellers: sellersDone - started,
    products: productsDone - sellersDone,
    indexes: indexesDone - productsDone,
    analyze: done - indexesDone,
    total: done - started,
    size: `${size?.size} with indexes`,
  };
}

async function insertProducts(db: Db, payload: string) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('synchronous_commit', 'off', true)`);
    await tx.execute(sql`
      INSERT INTO products (id, partner_id, external_id, seller_id, seller_external_id, name, description,
        category_code, unit, price_idr, stock, min_order_qty, is_domestic, tkdn_percent, bmp_percent,
        tkdn_certificate_no, tkdn_valid_until, is_active, source_updated_at, seller_kabkota_code, seller_is_umk)
      SELECT id, partner_id, external_id, seller_id, seller_external_id, name, description,
        category_code, unit, price_idr, stock, min_order_qty, is_domestic, tkdn_percent, bmp_percent,
        tkdn_certificate_no, tkdn_valid_until, is_active, source_updated_at, seller_kabkota_code, seller_is_umk
      FROM jsonb_to_recordset(${payload}::jsonb) AS r(
        id uuid, partner_id uuid, external_id text, seller_id uuid, seller_external_id text, name text,
        description text, category_code text, unit text, price_idr bigint, stock integer, min_order_qty integer,
        is_domestic boolean, tkdn_percent numeric, bmp_percent numeric, tkdn_certificate_no text,
        tkdn_valid_until date, is_active boolean, source_updated_at timestamptz, seller_kabkota_code text,
        seller_is_umk boolean)`);
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring

/**
 * The baseline: each query's words as `name ILIKE '%word%'` (all required) with the same
 * active-offer and active-partner filter, cheapest first, 20 rows and the total in one
 * statement; index scans switched off for it, so it is the scan the search replaces.
 */
async function runScans(db: Db, queries: BuyerQuery[], concurrency: number) {
  const latencies = new Array<number>(queries.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < queries.length; index = next++) {
        const words = normalizeQuery(queries[index]!.q).split(' ').filter(Boolean);
        const matches = sql.join(
          words.map((word) => sql`p.name ILIKE ${`%${word}%`}`),
          sql` AND `,
        );
        const start = performance.now();
        await db.transaction(async (tx) => {
          await tx.execute(
            sql`SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
              set_config('enable_indexonlyscan', 'off', true)`,
          );
          await tx.execute(sql`
            SELECT p.id, p.name, p.price_idr, count(*) OVER () AS total
            FROM products p JOIN partners pa ON pa.id = p.partner_id
            WHERE p.is_active AND pa.status = 'active' AND ${matches}
            ORDER BY p.price_idr, p.id LIMIT 20`);
        });
        latencies[index] = performance.now() - start;
      }
    }),
  );
  return { latencies };
}

interface Stats {
  p50: number;
  p95: number;
  p99: number;
}

function percentiles(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p95: at(95), p99: at(99) };
}

function median(values: number[]): number {
  return percentiles(values).p50;
}

const fmt = (value: number) => new Intl.NumberFormat('en-US').format(value);
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
const formatStats = (stats: Stats) =>
  `p50 ${ms(stats.p50).padStart(8)}  p95 ${ms(stats.p95).padStart(8)}  p99 ${ms(stats.p99).padStart(8)}`;
