import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import type { QueryPart } from './search-query';

/**
 * The catalogue's product names as an inverted index in the server's memory, for the main
 * search path (words in product names): exact totals and facets over every match, and the best
 * page by the ranking rules, in a few milliseconds even when a word matches a fifth of a
 * million offers — which no plan over the products table does (the heap visits alone cost
 * tens of milliseconds; see ARCHITECTURE.md).
 *
 * PostgreSQL stays the source of truth. The index holds per offer only what ranking, filters
 * and facets need, and the lexemes of its name (`tsvector_to_array(name_vector)`, so stemming
 * is PostgreSQL's own). It follows the table through `products.change_xid` (stamped by the
 * `products_change` trigger): before each search it reads the rows written by transactions its
 * previous read could not see (running then, or started since), so a commit is never missed
 * whatever order concurrent transactions commit in, and a search sees every sync that committed
 * before it started (in any server process).
 *
 * Offers are numbered (ordinals) in arrival order; posting lists hold ordinals. An offer whose
 * name changes gets a new ordinal and the old one is marked dead (posting lists only grow, so
 * they stay sorted; dead entries are skipped and dropped when the index is rebuilt).
 */

const SCALES = ['', 'mikro', 'kecil', 'menengah', 'besar'] as const;
const NO_DAY = 2_147_483_647;
const LOAD_BATCH = 20_000;
const COMPACT_MIN_DEAD = 10_000;
const RESULT_CACHE_SIZE = 500;

export interface CatalogIndexFilters {
  partnerCode?: string | undefined;
  /** A category code: the category and its subcategories. */
  category?: string | undefined;
  regionCode: string;
  local: boolean;
  umk: boolean;
  classRank?: number | undefined;
  tkdnMin?: number | undefined;
  priceMin?: number | undefined;
  priceMax?: number | undefined;
}

/**
 * The relevance band of a match: the band of the first tier whose query it also matches, else
 * `otherwise` (without words, every offer is band 0).
 */
export interface QueryBands {
  tiers: Array<[QueryPart[], number]>;
  otherwise: number;
}

interface CompiledPart {
  single: Uint8Array;
  phrases: Uint8Array[][];
}
interface CompiledQuery {
  parts: CompiledPart[];
  driver: Postings[] | null;
  driverPart: number;
  emptyQuery: boolean;
  nothing: boolean;
}

export type IndexSort = 'relevance' | 'price_asc' | 'price_desc';

/** The keyset position after which a page starts (the last item of the previous page). */
export interface IndexCursor {
  band: number;
  classRank: number;
  local: number;
  umk: number;
  price: number;
  id: string;
}

export interface IndexHit {
  id: string;
  band: number;
  classRank: number;
  local: number;
  umk: number;
  price: number;
}

export interface IndexResult {
  total: number;
  hits: IndexHit[];
  facets: {
    category: Map<string, number>;
    /** By partner code. */
    partner: Map<string, number>;
    scale: Map<string, number>;
    classRank: Map<number, number>;
    local: Map<boolean, number>;
  };
}

interface ProductRow {
  id: string;
  partner_id: string;
  category_code: string;
  seller_kabkota_code: string;
  seller_is_umk: boolean;
  seller_scale: string;
  is_active: boolean;
  is_domestic: boolean;
  tkdn_percent: number | string | null;
  bmp_percent: number | string | null;
  valid_day: number | null;
  price_idr: number | string;
  lexemes: string[] | null;
}

interface Mark {
  xmax: string;
  xip: string[];
}

/** The statement's snapshot: its xmax and the transactions running at it. */
const markColumns = sql`pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
  ARRAY(SELECT pg_snapshot_xip(pg_current_snapshot())::text) AS xip`;

interface PartnerRow {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

const rowColumns = sql`p.id, p.partner_id, p.category_code, p.seller_kabkota_code, p.seller_is_umk, p.seller_scale,
  p.is_active, p.is_domestic, p.tkdn_percent::float8 AS tkdn_percent, p.bmp_percent::float8 AS bmp_percent,
  (p.tkdn_valid_until - date '1970-01-01') AS valid_day, p.price_idr::float8 AS price_idr,
  tsvector_to_array(p.name_vector) AS lexemes`;

class Postings {
  items = new Int32Array(4);
  length = 0;
  push(value: number) {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }
}

/** Today's date in WIB as days since 1970-01-01 (TKDN certificates are valid through their day). */
export function wibDay(now = Date.now()): number {
  return Math.floor((now + 7 * 3_600_000) / 86_400_000);
}

export class CatalogIndex {
  readonly #db: DbOrTx;
  #loading: Promise<void> | null = null;
  #loaded = false;
  /**
   * The snapshot of the previous read: rows written by a transaction it had not seen — one
   * still running then (xip) or started after it (≥ xmax) — are read at the next one.
   */
  #mark: Mark = { xmax: '0', xip: [] };
  #catchUp: Promise<void> | null = null;
  #catchUpAgain = false;
  #compacting = false;
  #fresh: CatalogIndex | null = null;

  // Per ordinal.
  #size = 0;
  #capacity = 0;
  #ids: string[] = [];
  #alive = new Uint8Array(0);
  #active = new Uint8Array(0);
  #partner = new Uint8Array(0);
  #category = new Uint16Array(0);
  #kabkota = new Uint16Array(0);
  #umk = new Uint8Array(0);
  #scale = new Uint8Array(0);
  #domestic = new Uint8Array(0);
  #tkdn = new Float64Array(0);
  #bmp = new Float64Array(0);
  #validDay = new Int32Array(0);
  #price = new Float64Array(0);
  #lexStart = new Int32Array(0);
  #lexCount = new Uint8Array(0);
  #lexPool = new Int32Array(1024);
  #lexPoolSize = 0;
  #stamp = new Int32Array(0);
  #stampValue = 0;
  /** Bumped by every change applied; first-page results are cached for one version. */
  #version = 0;
  #cacheVersion = 0;
  #cache = new Map<string, IndexResult>();
  /** Searches answered, and those answered from the result cache (bench figures). */
  readonly stats = { searches: 0, cacheHits: 0 };
  #buffer = new Int32Array(1024);

  #ordinalOf = new Map<string, number>();
  #lexemeIds = new Map<string, number>();
  #lexemes: string[] = [];
  #postings: Postings[] = [];
  #sortedLexemes: string[] | null = null;
  #dead = 0;

  // Small dictionaries (index ↔ value).
  #partnerIds: string[] = [];
  #partnerIndex = new Map<string, number>();
  #partnerActive: boolean[] = [];
  #partnerCodes: string[] = [];
  #categories: string[] = [];
  #categoryParents = new Map<string, string | null>();
  #categoriesStale = true;
  #categoryIndex = new Map<string, number>();
  #regions: string[] = [''];
  #regionIndex = new Map<string, number>([['', 0]]);

  /** Names for facets: `partner:<code>` and `category:<code>` → name. */
  readonly labels = new Map<string, string>();

  /** Query word → its lexeme (PostgreSQL's `indonesian` configuration); '' for a stop word. */
  #stems = new Map<string, string>();

  readonly #compactMinDead: number;
  readonly #cacheSize: number;

  constructor(db: DbOrTx, options: { compactMinDead?: number; resultCacheSize?: number } = {}) {
    this.#db = db;
    this.#compactMinDead = options.compactMinDead ?? COMPACT_MIN_DEAD;
    this.#cacheSize = options.resultCacheSize ?? RESULT_CACHE_SIZE;
  }

  /** Ordinals held, dead ones included (compaction drops the dead) — for tests. */
  get ordinals(): number {
    return this.#size;
  }

  /** Offers held (live ordinals) — for logs and tests. */
  get size(): number {
    return this.#size - this.#dead;
  }

  /** Loads every offer once (first call), then brings the index up to date with the table. */
  async refresh(): Promise<void> {
    if (!this.#loaded) {
      this.#loading ??= this.#load().finally(() => {
        this.#loading = null;
      });
      await this.#loading;
      return;
    }
    await this.#coalescedCatchUp();
  }

  async #load(): Promise<void> {
    const [mark] = await queryRows<Mark>(this.#db, sql`SELECT ${markColumns}`);
    await this.#readDictionaries();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await queryRows<ProductRow>(
        this.#db,
        sql`SELECT ${rowColumns} FROM products p WHERE p.id > ${after}::uuid ORDER BY p.id LIMIT ${LOAD_BATCH}`,
      );
      for (const row of rows) this.#apply(row);
      if (rows.length < LOAD_BATCH) break;
      after = rows.at(-1)!.id;
    }
    this.#mark = { xmax: mark!.xmax, xip: mark!.xip };
    this.#loaded = true;
  }

  /**
   * One catch-up at a time; a search arriving during one waits for the next (which sees its
   * start). A compacted copy (see #compactIfSparse) is swapped in here, between reads.
   */
  #coalescedCatchUp(): Promise<void> {
    if (this.#catchUp) {
      this.#catchUpAgain = true;
      return this.#catchUp;
    }
    const run = async () => {
      do {
        this.#catchUpAgain = false;
        if (this.#fresh) {
          this.#adopt(this.#fresh);
          this.#fresh = null;
          this.#compacting = false;
        }
        await this.#readChanges();
      } while (this.#catchUpAgain);
      this.#compactIfSparse();
    };
    this.#catchUp = run().finally(() => {
      this.#catchUp = null;
    });
    return this.#catchUp;
  }

  /**
   * Renamed offers leave dead ordinals behind in the posting lists. When they pass a quarter of
   * the index, a fresh copy loads in the background and replaces this one at the next catch-up.
   */
  #compactIfSparse() {
    if (this.#compacting || this.#dead < Math.max(this.#compactMinDead, this.#size / 4)) return;
    this.#compacting = true;
    const fresh = new CatalogIndex(this.#db, { compactMinDead: this.#compactMinDead });
    fresh.refresh().then(
      () => {
        this.#fresh = fresh;
      },
      () => {
        this.#compacting = false; // tried again after a later catch-up
      },
    );
  }

  #adopt(fresh: CatalogIndex) {
    this.#version += 1;
    this.#mark = fresh.#mark;
    this.#size = fresh.#size;
    this.#capacity = fresh.#capacity;
    this.#ids = fresh.#ids;
    this.#alive = fresh.#alive;
    this.#active = fresh.#active;
    this.#partner = fresh.#partner;
    this.#category = fresh.#category;
    this.#kabkota = fresh.#kabkota;
    this.#umk = fresh.#umk;
    this.#scale = fresh.#scale;
    this.#domestic = fresh.#domestic;
    this.#tkdn = fresh.#tkdn;
    this.#bmp = fresh.#bmp;
    this.#validDay = fresh.#validDay;
    this.#price = fresh.#price;
    this.#lexStart = fresh.#lexStart;
    this.#lexCount = fresh.#lexCount;
    this.#lexPool = fresh.#lexPool;
    this.#lexPoolSize = fresh.#lexPoolSize;
    this.#stamp = fresh.#stamp;
    this.#stampValue = fresh.#stampValue;
    this.#ordinalOf = fresh.#ordinalOf;
    this.#lexemeIds = fresh.#lexemeIds;
    this.#lexemes = fresh.#lexemes;
    this.#postings = fresh.#postings;
    this.#sortedLexemes = fresh.#sortedLexemes;
    this.#dead = fresh.#dead;
    this.#partnerIds = fresh.#partnerIds;
    this.#partnerIndex = fresh.#partnerIndex;
    this.#partnerActive = fresh.#partnerActive;
    this.#partnerCodes = fresh.#partnerCodes;
    this.#categories = fresh.#categories;
    this.#categoryIndex = fresh.#categoryIndex;
    this.#categoryParents = fresh.#categoryParents;
    this.#categoriesStale = fresh.#categoriesStale;
    this.#regions = fresh.#regions;
    this.#regionIndex = fresh.#regionIndex;
  }

  async #readChanges(): Promise<void> {
    // One statement, one snapshot: a row it cannot see was written by a transaction running
    // at that snapshot (in its xip) or started after it (≥ its xmax), which the next read asks
    // for; every other transaction had ended, so its rows were read now or before. Only rows
    // written since are read, however long another transaction in the cluster stays open.
    const [result] = await queryRows<Mark & { partners: PartnerRow[]; rows: ProductRow[] | null }>(
      this.#db,
      sql`SELECT ${markColumns},
        (SELECT json_agg(json_build_object('id', id, 'code', code, 'name', name, 'active', status = 'active'))
          FROM partners) AS partners,
        (SELECT json_agg(r) FROM (SELECT ${rowColumns} FROM products p
          WHERE p.change_xid >= ${this.#mark.xmax}::xid8
            OR p.change_xid = ANY(${`{${this.#mark.xip.join(',')}}`}::xid8[])) r) AS rows`,
    );
    this.#applyPartners(result!.partners ?? []);
    for (const row of result!.rows ?? []) this.#apply(row);
    if (this.#categoriesStale) await this.#readCategories();
    this.#mark = { xmax: result!.xmax, xip: result!.xip };
  }

  /** Partners (their status decides whether their offers are found) and categories. */
  async #readDictionaries() {
    this.#applyPartners(
      await queryRows<PartnerRow>(
        this.#db,
        sql`SELECT id, code, name, status = 'active' AS active FROM partners`,
      ),
    );
    await this.#readCategories();
  }

  #applyPartners(partners: PartnerRow[]) {
    for (const partner of partners) {
      const index = this.#indexOf(this.#partnerIndex, this.#partnerIds, partner.id);
      if (this.#partnerActive[index] !== partner.active) this.#version += 1;
      this.#partnerActive[index] = partner.active;
      this.#partnerCodes[index] = partner.code;
      this.labels.set(`partner:${partner.code}`, partner.name);
    }
  }

  async #readCategories() {
    this.#categoriesStale = false;
    const categories = await queryRows<{ code: string; name: string; parent_code: string | null }>(
      this.#db,
      sql`SELECT code, name, parent_code FROM categories`,
    );
    for (const category of categories) {
      this.#categoryParents.set(category.code, category.parent_code);
      this.labels.set(`category:${category.code}`, category.name);
    }
  }

  #indexOf(map: Map<string, number>, list: string[], value: string): number {
    let index = map.get(value);
    if (index === undefined) {
      index = list.length;
      list.push(value);
      map.set(value, index);
    }
    return index;
  }

  #lexemeId(lexeme: string): number {
    let id = this.#lexemeIds.get(lexeme);
    if (id === undefined) {
      id = this.#lexemes.length;
      this.#lexemes.push(lexeme);
      this.#lexemeIds.set(lexeme, id);
      this.#postings.push(new Postings());
      this.#sortedLexemes = null;
    }
    return id;
  }

  #grow() {
    const capacity = Math.max(1024, this.#capacity * 2);
    const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(
      array: T,
      make: (n: number) => T,
    ) => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.#alive = grow(this.#alive, (n) => new Uint8Array(n));
    this.#active = grow(this.#active, (n) => new Uint8Array(n));
    this.#partner = grow(this.#partner, (n) => new Uint8Array(n));
    this.#category = grow(this.#category, (n) => new Uint16Array(n));
    this.#kabkota = grow(this.#kabkota, (n) => new Uint16Array(n));
    this.#umk = grow(this.#umk, (n) => new Uint8Array(n));
    this.#scale = grow(this.#scale, (n) => new Uint8Array(n));
    this.#domestic = grow(this.#domestic, (n) => new Uint8Array(n));
    this.#tkdn = grow(this.#tkdn, (n) => new Float64Array(n));
    this.#bmp = grow(this.#bmp, (n) => new Float64Array(n));
    this.#validDay = grow(this.#validDay, (n) => new Int32Array(n));
    this.#price = grow(this.#price, (n) => new Float64Array(n));
    this.#lexStart = grow(this.#lexStart, (n) => new Int32Array(n));
    this.#lexCount = grow(this.#lexCount, (n) => new Uint8Array(n));
    this.#stamp = grow(this.#stamp, (n) => new Int32Array(n));
    this.#capacity = capacity;
  }

  #apply(row: ProductRow) {
    this.#version += 1;
    const lexemeIds = [...new Set(row.lexemes ?? [])]
      .map((lexeme) => this.#lexemeId(lexeme))
      .sort((a, b) => a - b);
    let ordinal = this.#ordinalOf.get(row.id);
    if (ordinal !== undefined && !this.#sameLexemes(ordinal, lexemeIds)) {
      this.#alive[ordinal] = 0;
      this.#dead += 1;
      ordinal = undefined;
    }
    if (ordinal === undefined) {
      if (this.#size === this.#capacity) this.#grow();
      ordinal = this.#size++;
      this.#ids[ordinal] = row.id;
      this.#ordinalOf.set(row.id, ordinal);
      this.#alive[ordinal] = 1;
      const count = Math.min(255, lexemeIds.length);
      if (this.#lexPoolSize + count > this.#lexPool.length) {
        const pool = new Int32Array(Math.max(this.#lexPool.length * 2, this.#lexPoolSize + count));
        pool.set(this.#lexPool);
        this.#lexPool = pool;
      }
      this.#lexStart[ordinal] = this.#lexPoolSize;
      this.#lexCount[ordinal] = count;
      for (let k = 0; k < count; k++) {
        this.#lexPool[this.#lexPoolSize++] = lexemeIds[k]!;
        this.#postings[lexemeIds[k]!]!.push(ordinal);
      }
    }
    this.#active[ordinal] = row.is_active ? 1 : 0;
    this.#partner[ordinal] = this.#indexOf(this.#partnerIndex, this.#partnerIds, row.partner_id);
    this.#category[ordinal] = this.#indexOf(this.#categoryIndex, this.#categories, row.category_code);
    if (!this.#categoryParents.has(row.category_code)) this.#categoriesStale = true;
    this.#kabkota[ordinal] = this.#indexOf(this.#regionIndex, this.#regions, row.seller_kabkota_code);
    this.#umk[ordinal] = row.seller_is_umk ? 1 : 0;
    this.#scale[ordinal] = Math.max(0, SCALES.indexOf(row.seller_scale as (typeof SCALES)[number]));
    this.#domestic[ordinal] = row.is_domestic ? 1 : 0;
    this.#tkdn[ordinal] = row.tkdn_percent === null ? -1 : Number(row.tkdn_percent);
    this.#bmp[ordinal] = row.bmp_percent === null ? 0 : Number(row.bmp_percent);
    this.#validDay[ordinal] = row.valid_day === null ? NO_DAY : Number(row.valid_day);
    this.#price[ordinal] = Number(row.price_idr);
  }

  #sameLexemes(ordinal: number, lexemeIds: number[]): boolean {
    const count = this.#lexCount[ordinal]!;
    if (count !== Math.min(255, lexemeIds.length)) return false;
    const start = this.#lexStart[ordinal]!;
    for (let k = 0; k < count; k++) if (this.#lexPool[start + k] !== lexemeIds[k]) return false;
    return true;
  }

  /** Stems the query words through PostgreSQL (cached): the index holds PostgreSQL's lexemes. */
  async stem(words: string[]): Promise<void> {
    const missing = [...new Set(words)].filter((word) => !this.#stems.has(word));
    if (missing.length === 0) return;
    const rows = await queryRows<{ word: string; lexemes: string[] | null }>(
      this.#db,
      sql`SELECT w AS word, tsvector_to_array(to_tsvector('indonesian', w)) AS lexemes
        FROM jsonb_array_elements_text(${JSON.stringify(missing)}::jsonb) AS a(w)`,
    );
    if (this.#stems.size > 50_000) this.#stems.clear();
    for (const row of rows) this.#stems.set(row.word, row.lexemes?.[0] ?? '');
  }

  /**
   * Whether a word (stemmed before) is in some product name — as a prefix of a name's word when
   * `prefix` — so it is no misspelling. A stop word counts as known.
   */
  knows(word: string, prefix: boolean): boolean {
    const ids = this.#termLexemes(word, prefix);
    return ids === null || ids.length > 0;
  }

  /** Lexeme ids a term matches: its own lexeme, or every lexeme starting with it (a prefix). */
  #termLexemes(word: string, prefix: boolean): number[] | null {
    const stem = this.#stems.get(word);
    if (stem === undefined) throw new Error(`CatalogIndex: word not stemmed: ${word}`);
    if (stem === '') return null; // a stop word: no condition
    if (!prefix) {
      const id = this.#lexemeIds.get(stem);
      return id === undefined ? [] : [id];
    }
    this.#sortedLexemes ??= [...this.#lexemes].sort();
    const sorted = this.#sortedLexemes;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid]! < stem) low = mid + 1;
      else high = mid;
    }
    const ids: number[] = [];
    for (let k = low; k < sorted.length && sorted[k]!.startsWith(stem); k++)
      ids.push(this.#lexemeIds.get(sorted[k]!)!);
    return ids;
  }

  /**
   * Every live, active offer of an active partner matching `tree` (all parts; a part when any
   * alternative has all its terms) and the filters: exact total and facet counts, and the best
   * `limit` hits after `cursor` in the order of `sort` (relevance: band — 4 when `literal` also
   * matches, else 3 —, class, local, UMK, price, id).
   */
  search(
    tree: QueryPart[],
    bands: QueryBands,
    filters: CatalogIndexFilters,
    sort: IndexSort,
    limit: number,
    cursor: IndexCursor | null,
    today = wibDay(),
  ): IndexResult {
    this.stats.searches += 1;
    // First pages are kept until the index changes (any applied row or partner status): a
    // repeated query between two catalogue writes is a lookup.
    if (cursor !== null || this.#cacheSize === 0)
      return this.#search(tree, bands, filters, sort, limit, cursor, today);
    if (this.#cacheVersion !== this.#version) {
      this.#cache.clear();
      this.#cacheVersion = this.#version;
    }
    const key = JSON.stringify([tree, bands, filters, sort, limit, today]);
    const cached = this.#cache.get(key);
    if (cached) {
      this.stats.cacheHits += 1;
      return cached;
    }
    const result = this.#search(tree, bands, filters, sort, limit, cursor, today);
    if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(key, result);
    return result;
  }

  #search(
    tree: QueryPart[],
    bands: QueryBands,
    filters: CatalogIndexFilters,
    sort: IndexSort,
    limit: number,
    cursor: IndexCursor | null,
    today: number,
  ): IndexResult {
    const compiled = this.#compile(tree);
    const bandQueries = bands.tiers.map(([bandTree, band]) => ({
      parts: this.#compile(bandTree).parts,
      band,
    }));
    const otherwise = bands.otherwise;
    const facets = {
      category: new Float64Array(this.#categories.length),
      partner: new Float64Array(this.#partnerIds.length),
      scale: new Float64Array(SCALES.length),
      classRank: new Float64Array(4),
      local: new Float64Array(2),
    };
    const partnerFilter =
      filters.partnerCode === undefined ? -1 : this.#partnerCodes.indexOf(filters.partnerCode);
    if (partnerFilter === -1 && filters.partnerCode !== undefined) return this.#empty();
    const category = filters.category;
    const categoryAllowed = category
      ? Uint8Array.from(this.#categories, (code) =>
          code === category || this.#categoryParents.get(code) === category ? 1 : 0,
        )
      : null;
    const region = filters.regionCode ? (this.#regionIndex.get(filters.regionCode) ?? -1) : -1;
    const priceMin = filters.priceMin ?? Number.NEGATIVE_INFINITY;
    const priceMax = filters.priceMax ?? Number.POSITIVE_INFINITY;
    const onlyLocal = filters.local;
    const onlyUmk = filters.umk;
    const classFilter = filters.classRank ?? -1;
    const tkdnMin = filters.tkdnMin ?? -1;
    const relevance = sort === 'relevance';
    const descending = sort === 'price_desc';
    const noQuery = compiled.emptyQuery;
    if (compiled.nothing) return this.#empty();

    // Ranking as (group, key, id) ascending: group packs band, class, local and UMK; key is the price.
    const groupOf = (band: number, classRank: number, local: number, umk: number) =>
      relevance ? (7 - band) * 16 + (3 - classRank) * 4 + (1 - local) * 2 + (1 - umk) : 0;
    const afterGroup = cursor ? groupOf(cursor.band, cursor.classRank, cursor.local, cursor.umk) : -1;
    const afterKey = cursor ? (descending ? -cursor.price : cursor.price) : 0;
    const afterId = cursor ? cursor.id : '';
    const best: Array<IndexHit & { group: number; key: number }> = [];
    let worstGroup = Number.POSITIVE_INFINITY;
    let worstKey = Number.POSITIVE_INFINITY;
    let worstId = '';

    const alive = this.#alive;
    const active = this.#active;
    const partners = this.#partner;
    const partnerActive = this.#partnerActive;
    const categories = this.#category;
    const kabkota = this.#kabkota;
    const umks = this.#umk;
    const prices = this.#price;
    const tkdns = this.#tkdn;
    const bmps = this.#bmp;
    const validDays = this.#validDay;
    const domestics = this.#domestic;
    const scales = this.#scale;
    const ids = this.#ids;
    const skipPart = compiled.driverPart;
    let total = 0;

    // The candidates: every offer without words, else the driver's posting lists (deduplicated).
    const driver = compiled.driver;
    let candidates: Int32Array | null = null;
    let count = this.#size;
    if (driver !== null && driver.length === 1) {
      candidates = driver[0]!.items;
      count = driver[0]!.length;
    } else if (driver !== null) {
      this.#stampValue += 1;
      if (this.#stampValue > 2_000_000_000) {
        this.#stamp.fill(0);
        this.#stampValue = 1;
      }
      const stamp = this.#stampValue;
      const stamps = this.#stamp;
      const needed = driver.reduce((sum, list) => sum + list.length, 0);
      if (this.#buffer.length < needed)
        this.#buffer = new Int32Array(Math.max(needed, this.#buffer.length * 2));
      const buffer = this.#buffer;
      count = 0;
      for (const list of driver) {
        const items = list.items;
        for (let k = 0; k < list.length; k++) {
          const ordinal = items[k]!;
          if (stamps[ordinal] === stamp) continue;
          stamps[ordinal] = stamp;
          buffer[count++] = ordinal;
        }
      }
      candidates = buffer;
    }

    const lexStart = this.#lexStart;
    const lexCount = this.#lexCount;
    const pool = this.#lexPool;
    const parts = compiled.parts;
    const partCount = parts.length;
    const categoryCounts = facets.category;
    const partnerCounts = facets.partner;
    const scaleCounts = facets.scale;
    const classCounts = facets.classRank;
    const localCounts = facets.local;
    for (let c = 0; c < count; c++) {
      const ordinal = candidates === null ? c : candidates[c]!;
      if (alive[ordinal] === 0 || active[ordinal] === 0) continue;
      const partner = partners[ordinal]!;
      if (!partnerActive[partner]) continue;
      if (partnerFilter !== -1 && partner !== partnerFilter) continue;
      const categoryIndex = categories[ordinal]!;
      if (categoryAllowed !== null && categoryAllowed[categoryIndex] === 0) continue;
      const local = kabkota[ordinal] === region ? 1 : 0;
      if (onlyLocal && local === 0) continue;
      const umk = umks[ordinal]!;
      if (onlyUmk && umk === 0) continue;
      const price = prices[ordinal]!;
      if (price < priceMin || price > priceMax) continue;
      // The cascade class on `today` (see classRankSql): a certificate counts through its day.
      const tkdn = tkdns[ordinal]!;
      let classRank = domestics[ordinal]!;
      if (tkdn >= 0 && validDays[ordinal]! >= today) {
        if (tkdn + bmps[ordinal]! >= 40) classRank = 3;
        else if (tkdn >= 25) classRank = 2;
      }
      if (classFilter !== -1 && classRank !== classFilter) continue;
      if (tkdnMin !== -1 && !(classRank >= 2 && tkdn >= tkdnMin)) continue;
      let band = 0;
      if (!noQuery) {
        const start = lexStart[ordinal]!;
        const end = start + lexCount[ordinal]!;
        let matched = true;
        for (let p = 0; matched && p < partCount; p++)
          if (p !== skipPart) matched = matchesPart(pool, start, end, parts[p]!);
        if (!matched) continue;
        band = otherwise;
        for (let b = 0; b < bandQueries.length; b++) {
          const tier = bandQueries[b]!;
          let all = true;
          for (let p = 0; all && p < tier.parts.length; p++)
            all = matchesPart(pool, start, end, tier.parts[p]!);
          if (all) {
            band = tier.band;
            break;
          }
        }
      }
      total += 1;
      categoryCounts[categoryIndex]! += 1;
      partnerCounts[partner]! += 1;
      scaleCounts[scales[ordinal]!]! += 1;
      classCounts[classRank]! += 1;
      localCounts[local]! += 1;
      const group = relevance ? (7 - band) * 16 + (3 - classRank) * 4 + (1 - local) * 2 + (1 - umk) : 0;
      const key = descending ? -price : price;
      if (cursor) {
        if (
          group < afterGroup ||
          (group === afterGroup && (key < afterKey || (key === afterKey && ids[ordinal]! <= afterId)))
        )
          continue;
      }
      if (best.length === limit) {
        if (
          group > worstGroup ||
          (group === worstGroup && (key > worstKey || (key === worstKey && ids[ordinal]! >= worstId)))
        )
          continue;
      }
      const id = ids[ordinal]!;
      const hit = { group, key, id, band, classRank, local, umk, price };
      let at = best.length;
      while (at > 0) {
        const other = best[at - 1]!;
        if (
          group < other.group ||
          (group === other.group && (key < other.key || (key === other.key && id < other.id)))
        )
          at -= 1;
        else break;
      }
      best.splice(at, 0, hit);
      if (best.length > limit) best.pop();
      if (best.length === limit) {
        const worst = best[limit - 1]!;
        worstGroup = worst.group;
        worstKey = worst.key;
        worstId = worst.id;
      }
    }

    const toMap = <K>(counts: Float64Array, key: (index: number) => K) => {
      const map = new Map<K, number>();
      counts.forEach((count, index) => {
        if (count > 0) map.set(key(index), count);
      });
      return map;
    };
    return {
      total,
      hits: best.map(({ group: _group, key: _key, ...hit }) => hit),
      facets: {
        category: toMap(facets.category, (index) => this.#categories[index]!),
        partner: toMap(facets.partner, (index) => this.#partnerCodes[index]!),
        scale: toMap(facets.scale, (index) => SCALES[index]!),
        classRank: toMap(facets.classRank, (index) => index),
        local: toMap(facets.local, (index) => index === 1),
      },
    };
  }

  #empty(): IndexResult {
    return {
      total: 0,
      hits: [],
      facets: {
        category: new Map(),
        partner: new Map(),
        scale: new Map(),
        classRank: new Map(),
        local: new Map(),
      },
    };
  }

  /**
   * A query against the lexicon: per part (distinct parts only), a lookup table of the lexemes
   * that satisfy it alone (single-word alternatives, prefixes expanded) and its phrases (every
   * term's table must hit). And the driver: the posting lists whose
   * union holds every match — of the part with the fewest postings, per alternative the term
   * with the fewest — or null without words (every offer is a candidate).
   */
  #compile(tree: QueryPart[]): CompiledQuery {
    const lexemeCount = this.#lexemes.length;
    const parts: CompiledPart[] = [];
    let driverSources: Array<() => Postings[]> | null = null;
    let driverPart = -1;
    let driverSize = Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    for (const part of tree) {
      const key = JSON.stringify(part);
      if (seen.has(key)) continue;
      seen.add(key);
      const single = new Uint8Array(lexemeCount);
      const phrases: Uint8Array[][] = [];
      const sources: Array<() => Postings[]> = [];
      let size = 0;
      let exact = true;
      for (const alternative of part) {
        const terms = alternative
          .map((term) => this.#termLexemes(term.word, term.prefix))
          .filter((ids): ids is number[] => ids !== null);
        // Like to_tsquery, stop words drop out, and so does an alternative made only of them.
        if (terms.length === 0) continue;
        if (terms.length === 1) for (const id of terms[0]!) single[id] = 1;
        else
          phrases.push(
            terms.map((ids) => {
              const flags = new Uint8Array(lexemeCount);
              for (const id of ids) flags[id] = 1;
              return flags;
            }),
          );
        const termLists = terms.map((ids) => ids.map((id) => this.#postings[id]!));
        const sizes = termLists.map((lists) => lists.reduce((sum, list) => sum + list.length, 0));
        const rarest = sizes.indexOf(Math.min(...sizes));
        size += sizes[rarest]!;
        if (terms.length === 1) sources.push(() => termLists[0]!);
        else if (terms.every((ids) => ids.length === 1)) {
          // A phrase of whole words: the intersection of their (sorted) posting lists.
          sources.push(() => [intersect(termLists.map((lists) => lists[0]!))]);
        } else {
          exact = false;
          sources.push(() => termLists[rarest]!);
        }
      }
      if (sources.length === 0) continue;
      parts.push({ single, phrases });
      if (size < driverSize) {
        driverSources = sources;
        driverSize = size;
        // Candidates drawn exactly from this part's matches need not be checked against it.
        driverPart = exact ? parts.length - 1 : -1;
      }
    }
    const driver = driverSources ? driverSources.flatMap((source) => source()) : null;
    // A query of stop words only matches nothing (an empty tsquery), no query everything.
    return {
      parts,
      driver,
      driverPart,
      emptyQuery: tree.length === 0,
      nothing: tree.length > 0 && parts.length === 0,
    };
  }
}

/** Whether the lexemes pool[start..end) of an offer satisfy a compiled query part. */
function matchesPart(pool: Int32Array, start: number, end: number, part: CompiledPart): boolean {
  const single = part.single;
  for (let k = start; k < end; k++) if (single[pool[k]!] === 1) return true;
  const phrases = part.phrases;
  for (let a = 0; a < phrases.length; a++) {
    const terms = phrases[a]!;
    let all = true;
    for (let t = 0; all && t < terms.length; t++) {
      const flags = terms[t]!;
      let found = false;
      for (let k = start; k < end; k++)
        if (flags[pool[k]!] === 1) {
          found = true;
          break;
        }
      all = found;
    }
    if (all) return true;
  }
  return false;
}

/** The ordinals in every list (each sorted ascending), sorted: smallest list first, galloping. */
function intersect(lists: Postings[]): Postings {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let current = sorted[0]!.items.subarray(0, sorted[0]!.length);
  for (let l = 1; l < sorted.length && current.length > 0; l++) {
    const other = sorted[l]!.items;
    const otherLength = sorted[l]!.length;
    const next = new Int32Array(current.length);
    let count = 0;
    let low = 0;
    for (let k = 0; k < current.length && low < otherLength; k++) {
      const value = current[k]!;
      // Gallop to the first entry ≥ value.
      let step = 1;
      let high = low;
      while (high < otherLength && other[high]! < value) {
        low = high + 1;
        high += step;
        step *= 2;
      }
      high = Math.min(high, otherLength);
      while (low < high) {
        const mid = (low + high) >> 1;
        if (other[mid]! < value) low = mid + 1;
        else high = mid;
      }
      if (low < otherLength && other[low] === value) next[count++] = value;
    }
    current = next.subarray(0, count);
  }
  const result = new Postings();
  result.items = current;
  result.length = current.length;
  return result;
}
