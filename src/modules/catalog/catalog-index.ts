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

/** A query compiled against the lexicon: parts → alternatives → terms (null: a stop word). */
type Compiled = Array<Array<Array<{ ids: number[]; flags: Uint8Array | null } | null>>>;

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

  constructor(db: DbOrTx, options: { compactMinDead?: number } = {}) {
    this.#db = db;
    this.#compactMinDead = options.compactMinDead ?? COMPACT_MIN_DEAD;
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
    this.#tkdn[ordinal] = row.tkdn_percent === null ? Number.NaN : Number(row.tkdn_percent);
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

  /**
   * The Perpres 16/2018 art. 66 class of an offer on `today` (WIB day number): 3 TKDN+BMP ≥ 40,
   * 2 TKDN ≥ 25 (with a certificate valid that day), 1 other domestic, 0 import — the same rule
   * as `classRankSql`.
   */
  #classRank(ordinal: number, today: number): number {
    const tkdn = this.#tkdn[ordinal]!;
    if (!Number.isNaN(tkdn) && this.#validDay[ordinal]! >= today) {
      if (tkdn + this.#bmp[ordinal]! >= 40) return 3;
      if (tkdn >= 25) return 2;
    }
    return this.#domestic[ordinal] ? 1 : 0;
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
    literal: QueryPart[] | null,
    filters: CatalogIndexFilters,
    sort: IndexSort,
    limit: number,
    cursor: IndexCursor | null,
    today = wibDay(),
  ): IndexResult {
    const compiled = this.#compile(tree);
    const compiledLiteral = literal ? this.#compile(literal) : null;
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

    // Ranking as (group, price, id) ascending: group packs band, class, local and UMK.
    const groupOf = (band: number, classRank: number, local: number, umk: number) =>
      sort === 'relevance' ? (7 - band) * 16 + (3 - classRank) * 4 + (1 - local) * 2 + (1 - umk) : 0;
    const priceKey = (price: number) => (sort === 'price_desc' ? -price : price);
    const after = cursor
      ? {
          group: groupOf(cursor.band, cursor.classRank, cursor.local, cursor.umk),
          key: priceKey(cursor.price),
          id: cursor.id,
        }
      : null;
    const best: Array<IndexHit & { group: number; key: number }> = [];
    const before = (
      a: { group: number; key: number; id: string },
      b: { group: number; key: number; id: string },
    ) => a.group < b.group || (a.group === b.group && (a.key < b.key || (a.key === b.key && a.id < b.id)));

    let total = 0;
    const visit = (ordinal: number) => {
      if (!this.#alive[ordinal] || !this.#active[ordinal]) return;
      const partner = this.#partner[ordinal]!;
      if (!this.#partnerActive[partner]) return;
      if (partnerFilter !== -1 && partner !== partnerFilter) return;
      if (categoryAllowed && !categoryAllowed[this.#category[ordinal]!]) return;
      const local = region >= 0 && this.#kabkota[ordinal] === region ? 1 : 0;
      if (filters.local && !local) return;
      const umk = this.#umk[ordinal]!;
      if (filters.umk && !umk) return;
      const price = this.#price[ordinal]!;
      if (price < priceMin || price > priceMax) return;
      const classRank = this.#classRank(ordinal, today);
      if (filters.classRank !== undefined && classRank !== filters.classRank) return;
      if (filters.tkdnMin !== undefined && !(classRank >= 2 && this.#tkdn[ordinal]! >= filters.tkdnMin))
        return;
      if (!this.#matches(ordinal, compiled)) return;
      total += 1;
      facets.category[this.#category[ordinal]!]! += 1;
      facets.partner[partner]! += 1;
      facets.scale[this.#scale[ordinal]!]! += 1;
      facets.classRank[classRank]! += 1;
      facets.local[local]! += 1;
      const band =
        compiled.length === 0
          ? 0
          : compiledLiteral === null || this.#matches(ordinal, compiledLiteral)
            ? 4
            : 3;
      const candidate = {
        group: groupOf(band, classRank, local, umk),
        key: priceKey(price),
        id: this.#ids[ordinal]!,
      };
      if (after && !before(after, candidate)) return;
      if (best.length === limit && !before(candidate, best[limit - 1]!)) return;
      const hit = { ...candidate, band, classRank, local, umk, price };
      let at = best.length;
      while (at > 0 && before(candidate, best[at - 1]!)) at -= 1;
      best.splice(at, 0, hit);
      if (best.length > limit) best.pop();
    };

    const driver = this.#driver(compiled);
    if (driver === 'all') {
      for (let ordinal = 0; ordinal < this.#size; ordinal++) visit(ordinal);
    } else {
      this.#stampValue += 1;
      if (this.#stampValue > 2_000_000_000) {
        this.#stamp.fill(0);
        this.#stampValue = 1;
      }
      const stamp = this.#stampValue;
      for (const list of driver) {
        const items = list.items;
        for (let k = 0; k < list.length; k++) {
          const ordinal = items[k]!;
          if (this.#stamp[ordinal] === stamp) continue;
          this.#stamp[ordinal] = stamp;
          visit(ordinal);
        }
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
   * Per part, per alternative, per term: the lexeme ids it matches (null: a stop word, always),
   * with a lookup table by lexeme id when a prefix matches many lexemes.
   */
  #compile(tree: QueryPart[]): Compiled {
    return tree.map((part) =>
      part.map((alternative) =>
        alternative.map((term) => {
          const ids = this.#termLexemes(term.word, term.prefix);
          if (ids === null) return null;
          let flags: Uint8Array | null = null;
          if (ids.length > 4) {
            flags = new Uint8Array(this.#lexemes.length);
            for (const id of ids) flags[id] = 1;
          }
          return { ids, flags };
        }),
      ),
    );
  }

  /**
   * The posting lists whose union contains every match: for the part with the fewest postings,
   * per alternative the term with the fewest. 'all' when no term narrows (no words, stop words).
   */
  #driver(compiled: Compiled): Postings[] | 'all' {
    let best: Postings[] | null = null;
    let bestSize = Number.POSITIVE_INFINITY;
    for (const part of compiled) {
      const lists: Postings[] = [];
      let size = 0;
      let narrows = true;
      for (const alternative of part) {
        let chosen: Postings[] | null = null;
        let chosenSize = Number.POSITIVE_INFINITY;
        for (const term of alternative) {
          if (term === null) continue;
          const termLists = term.ids.map((id) => this.#postings[id]!);
          const termSize = termLists.reduce((sum, list) => sum + list.length, 0);
          if (termSize < chosenSize) {
            chosen = termLists;
            chosenSize = termSize;
          }
        }
        if (chosen === null) {
          narrows = false; // an alternative of stop words only matches everything
          break;
        }
        lists.push(...chosen);
        size += chosenSize;
      }
      if (narrows && size < bestSize) {
        best = lists;
        bestSize = size;
      }
    }
    return best ?? 'all';
  }

  #matches(ordinal: number, compiled: Compiled): boolean {
    const start = this.#lexStart[ordinal]!;
    const end = start + this.#lexCount[ordinal]!;
    const pool = this.#lexPool;
    for (const part of compiled) {
      let partMatches = false;
      for (const alternative of part) {
        let all = true;
        for (const term of alternative) {
          if (term === null) continue;
          let found = false;
          const { ids, flags } = term;
          for (let k = start; k < end && !found; k++) {
            const lexeme = pool[k]!;
            if (flags) found = flags[lexeme] === 1;
            else
              for (let t = 0; t < ids.length; t++)
                if (ids[t] === lexeme) {
                  found = true;
                  break;
                }
          }
          if (!found) {
            all = false;
            break;
          }
        }
        if (all) {
          partMatches = true;
          break;
        }
      }
      if (!partMatches) return false;
    }
    return true;
  }
}
