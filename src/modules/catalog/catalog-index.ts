import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { catalogWriteCount } from './catalog-writes';
import type { QueryPart } from './search-query';

/**
 * The catalogue's words — product names, and what descriptions add — as an inverted index in
 * the server's memory, for every search of the index path (names; names and descriptions; with
 * spelling corrections): exact totals and facets over every match, and the best page by the
 * ranking rules, in a few milliseconds even when a word matches a fifth of a million offers —
 * which no plan over the products table does (the heap visits alone cost tens of
 * milliseconds; see ARCHITECTURE.md).
 *
 * PostgreSQL stays the source of truth. The index holds per offer one record of what ranking,
 * filters and facets need, and its lexemes (`tsvector_to_array(name_vector)` and those of the
 * description, so stemming is PostgreSQL's own). It follows the table through
 * `products.change_xid` (stamped by the `products_change` trigger): a catch-up reads the rows
 * written by transactions its previous read could not see (running then, or started since), so
 * a commit is never missed whatever order concurrent transactions commit in. With
 * `maxStaleMs` 0 a search sees every sync that committed before it started (in any server
 * process); otherwise within `maxStaleMs`, and at once after this process's own writes.
 *
 * Offers are numbered (ordinals) in arrival order; posting lists hold ordinals. An offer whose
 * name or description words change gets a new ordinal and the old one is marked dead (posting
 * lists only grow, so they stay sorted; dead entries are skipped and dropped when the index is
 * rebuilt). A query's matches are kept as a list of records (see `#matches`).
 */

const SCALES = ['', 'mikro', 'kecil', 'menengah', 'besar'] as const;
const NO_DAY = 2_147_483_647;
const LOAD_BATCH = 20_000;
const COMPACT_MIN_DEAD = 10_000;
const RESULT_CACHE_SIZE = 500;
/** Match records kept across queries (24 bytes each, so about 100 MB). */
const MATCH_CACHE_RECORDS = 4_000_000;
/** Attribute changes remembered for patching cached match records. */
const CHANGE_LOG_SIZE = 65_536;

/**
 * An offer's record, 24 bytes, as three float64 slots (`records`) over the same memory as six
 * int32 slots (`words`): slot 0 the price; word 2 bit 0 alive (not superseded by a rename),
 * bit 1 active, bits 2–3 its class without a certificate (pdn 1, import 0), bits 4–5 its class
 * while its TKDN certificate is valid (3 TKDN+BMP ≥ 40, 2 TKDN ≥ 25, else the same), bit 6
 * UMKK seller, bits 7–9 the seller's scale, bits 10–21 the partner, bits 22–24 the band (in a
 * match list; 0 in the index); word 3 the category (bits 0–15) and the seller's
 * kabupaten/kota (16–31); word 4 the certificate's last valid day; word 5 the ordinal.
 * The index holds one per ordinal, a match list one per match: a search reads one record per
 * candidate, in order, from one array.
 */
const ATTR = { partnerLimit: 4096, dictionaryLimit: 65_536, bandShift: 22 } as const;

interface MatchList {
  records: Float64Array;
  words: Int32Array;
  length: number;
  /** Ordinals below this one were evaluated. */
  size: number;
  /** The change-log position its records are current to. */
  logAt: number;
}

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
  /** Where the query's words are looked for: product names (the default), or names and descriptions. */
  scope?: Scope;
  /** Best first: a tier's query, its band, and where its words are looked for (names by default). */
  tiers: Array<[QueryPart[], number, Scope?]>;
  otherwise: number;
}

export type Scope = 'names' | 'text';

/** A query part compiled against the lexicon: alternatives → terms → the lexeme ids a term matches. */
type CompiledPart = number[][][];

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
  /** Where the index holds it (see `offer`). */
  ordinal: number;
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
  /** The lexemes of the description (`search_vector` weight C); those also in the name are dropped. */
  text_lexemes: string[] | null;
  name: string;
  unit: string;
  stock: number | null;
  seller_id: string;
}

interface SellerRow {
  id: string;
  name: string;
  scale: string;
  kind: string;
  region_code: string;
}

/** What a result page shows of an offer, as the index holds it (see `offer`). */
export interface OfferDetails {
  id: string;
  name: string;
  unit: string;
  priceIdr: number;
  categoryCode: string;
  partnerCode: string;
  /** The seller's kabupaten/kota. */
  kabkotaCode: string;
  seller: SellerRow;
  tkdnPercent: number | null;
  bmpPercent: number | null;
  stock: number | null;
  isUmk: boolean;
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
  tsvector_to_array(p.name_vector) AS lexemes, tsvector_to_array(ts_filter(p.search_vector, '{c}')) AS text_lexemes,
  p.name, p.unit, p.stock, p.seller_id`;

const sellerColumns = sql`s.id, s.name, s.scale, s.kind, s.region_code`;

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
  /** When the last catch-up (or the load) started, and this process's catalogue writes then. */
  #caughtUpAt = 0;
  #writesSeen = -1;
  readonly #maxStaleMs: number;
  #catchUpAgain = false;
  #compacting = false;
  #fresh: CatalogIndex | null = null;

  // Per ordinal. The attributes a search reads for every candidate sit together, 16 bytes an
  // offer (one memory fetch per candidate instead of one per attribute): the price as a
  // float64, then two packed int32 words — see `ATTR` below.
  #size = 0;
  #capacity = 0;
  #ids: string[] = [];
  #records = new Float64Array(0);
  #words = new Int32Array(0);
  #tkdn = new Float64Array(0);
  // Per ordinal, what result pages show besides (see `offer`): read for a page's offers only.
  #names: string[] = [];
  #unitOf = new Int32Array(0);
  #sellerOf = new Int32Array(0);
  /** NaN for none. */
  #bmp = new Float64Array(0);
  #stock = new Float64Array(0);
  /** An offer's lexeme ids in `#lexPool`: its name's (`#lexCount`), then its description's other ones (`#textCount`). */
  #lexStart = new Int32Array(0);
  #lexCount = new Uint8Array(0);
  #textCount = new Uint16Array(0);
  #lexPool = new Int32Array(1024);
  #lexPoolSize = 0;
  /** Bumped by every change applied; first-page results are cached for one version. */
  #version = 0;
  #cacheVersion = 0;
  #cache = new Map<string, IndexResult>();
  /**
   * Per query (words and bands), its matching ordinals and their bands, least recently used
   * first. A match list stays right as offers change: an offer's lexemes never change under its
   * ordinal (a rename takes a new one), so only ordinals added since (≥ `size`) are evaluated
   * and appended; the attributes are read at search time. Cleared when a compacted copy is adopted.
   */
  #matchCache = new Map<string, MatchList>();
  #matchCacheRecords = 0;
  /** Ordinals whose record changed, the last CHANGE_LOG_SIZE of `#logEnd` ever logged. */
  #changeLog = new Int32Array(CHANGE_LOG_SIZE);
  #logEnd = 0;
  /** Searches answered, and those answered from the result cache (bench figures). */
  readonly stats = { searches: 0, cacheHits: 0, matchListHits: 0 };

  #ordinalOf = new Map<string, number>();
  #lexemeIds = new Map<string, number>();
  #lexemes: string[] = [];
  #postings: Postings[] = [];
  /** Per lexeme, the offers having it in the description but not in the name. */
  #textPostings: Postings[] = [];
  #sortedLexemes: string[] | null = null;
  #dead = 0;

  // Small dictionaries (index ↔ value).
  #partnerIds: string[] = [];
  #partnerIndex = new Map<string, number>();
  #partnerActive = new Uint8Array(ATTR.partnerLimit);
  #partnerCodes: string[] = [];
  #categories: string[] = [];
  #categoryParents = new Map<string, string | null>();
  #categoriesStale = true;
  #categoriesReadAt = 0;
  #categoryIndex = new Map<string, number>();
  #regions: string[] = [''];
  #regionIndex = new Map<string, number>([['', 0]]);
  #units: string[] = [];
  #unitIndex = new Map<string, number>();
  /** Sellers (name, kind, scale, region) as last read; followed through `sellers.change_xid`. */
  #sellers: SellerRow[] = [];
  #sellerIndex = new Map<string, number>();

  /** Names for facets and page details: `partner:<code>`, `category:<code>`, `region:<kabupaten/kota code>` → name. */
  readonly labels = new Map<string, string>();

  /** Query word → its lexeme (PostgreSQL's `indonesian` configuration); '' for a stop word. */
  #stems = new Map<string, string>();

  readonly #compactMinDead: number;
  readonly #cacheSize: number;

  /**
   * `maxStaleMs` > 0 lets a search use the index as last brought up to date if that began less
   * than `maxStaleMs` ago and this process has written no catalogue change since (see
   * catalog-writes.ts); 0 (the default) catches up before every search.
   */
  constructor(
    db: DbOrTx,
    options: { compactMinDead?: number; resultCacheSize?: number; maxStaleMs?: number } = {},
  ) {
    this.#db = db;
    this.#maxStaleMs = options.maxStaleMs ?? 0;
    this.#compactMinDead = options.compactMinDead ?? COMPACT_MIN_DEAD;
    this.#cacheSize = options.resultCacheSize ?? RESULT_CACHE_SIZE;
  }

  /** Ordinals held, dead ones included (compaction drops the dead) — for tests. */
  get ordinals(): number {
    return this.#size;
  }

  /** Distinct lexemes seen: grows when a new word reaches a name or description. */
  get lexicon(): number {
    return this.#lexemes.length;
  }

  /** Offers held (live ordinals) — for logs and tests. */
  get size(): number {
    return this.#size - this.#dead;
  }

  /**
   * Loads every offer once (first call), then brings the index up to date with the table —
   * unless the last catch-up is recent enough (see `maxStaleMs`).
   */
  async refresh(): Promise<void> {
    if (!this.#loaded) {
      this.#loading ??= this.#load().finally(() => {
        this.#loading = null;
      });
      await this.#loading;
      return;
    }
    if (
      this.#maxStaleMs > 0 &&
      this.#writesSeen === catalogWriteCount() &&
      performance.now() - this.#caughtUpAt < this.#maxStaleMs
    )
      return;
    await this.#coalescedCatchUp();
  }

  async #load(): Promise<void> {
    this.#writesSeen = catalogWriteCount();
    this.#caughtUpAt = performance.now();
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
    this.#renumberByName();
    // Sellers after the offers: every offer read refers to a seller committed before, so each
    // is read here (a seller written later is read again at the next catch-up).
    for (const seller of await queryRows<SellerRow>(this.#db, sql`SELECT ${sellerColumns} FROM sellers s`))
      this.#applySeller(seller);
    this.#mark = { xmax: mark!.xmax, xip: mark!.xip };
    this.#loaded = true;
  }

  /**
   * Numbers the loaded offers in name order. Offers arrive in id order, which is random, so a
   * query's matches lay scattered over the records and building its match list read them at
   * random; in name order they lie in runs of neighbours ("Kertas HVS …" beside each other),
   * read in order. Offers added later take the next ordinals as before.
   */
  #renumberByName() {
    const size = this.#size;
    const names = this.#names;
    // By the name's first characters (see nameKey) and then the old ordinal, packed into one
    // 64-bit number per offer and sorted natively: comparing strings a million times over, or
    // calling a comparator, takes seconds.
    const ordinalBits = BigInt(Math.max(1, Math.ceil(Math.log2(size + 1))));
    const keyChars = Math.min(8, Math.floor((64 - Number(ordinalBits)) / 5));
    const keys = new BigUint64Array(size);
    for (let ordinal = 0; ordinal < size; ordinal++)
      keys[ordinal] = (BigInt(nameKey(names[ordinal]!, keyChars)) << ordinalBits) | BigInt(ordinal);
    keys.sort();
    const mask = (1n << ordinalBits) - 1n;
    const order = Array.from(keys, (key) => Number(key & mask));
    const permute = <T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(
      array: T,
      width: number,
    ): T => {
      const next = new (array.constructor as new (length: number) => T)(array.length);
      for (let k = 0; k < size; k++) {
        const from = order[k]! * width;
        for (let w = 0; w < width; w++) next[k * width + w] = array[from + w]!;
      }
      return next;
    };
    // The records through their int32 view: copying float64 slots could alter the packed words.
    this.#words = permute(this.#words, 6);
    this.#records = new Float64Array(this.#words.buffer);
    for (let k = 0; k < size; k++) this.#words[6 * k + 5] = k;
    this.#tkdn = permute(this.#tkdn, 1);
    this.#bmp = permute(this.#bmp, 1);
    this.#stock = permute(this.#stock, 1);
    this.#unitOf = permute(this.#unitOf, 1);
    this.#sellerOf = permute(this.#sellerOf, 1);
    this.#lexStart = permute(this.#lexStart, 1);
    this.#lexCount = permute(this.#lexCount, 1);
    this.#textCount = permute(this.#textCount, 1);
    this.#ids = order.map((ordinal) => this.#ids[ordinal]!);
    this.#names = order.map((ordinal) => names[ordinal]!);
    // The load numbers offers without looking them up (each id comes once): the map is built here.
    this.#ordinalOf = new Map();
    for (let k = 0; k < size; k++) this.#ordinalOf.set(this.#ids[k]!, k);
    // Posting lists refilled in the new order, so sorted as they are filled.
    for (const list of this.#postings) list.length = 0;
    for (const list of this.#textPostings) list.length = 0;
    for (let k = 0; k < size; k++) {
      const start = this.#lexStart[k]!;
      const nameEnd = start + this.#lexCount[k]!;
      const end = nameEnd + this.#textCount[k]!;
      for (let at = start; at < nameEnd; at++) this.#postings[this.#lexPool[at]!]!.push(k);
      for (let at = nameEnd; at < end; at++) this.#textPostings[this.#lexPool[at]!]!.push(k);
    }
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
        this.#writesSeen = catalogWriteCount();
        this.#caughtUpAt = performance.now();
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
    this.#matchCache.clear();
    this.#matchCacheRecords = 0;
    this.#mark = fresh.#mark;
    this.#size = fresh.#size;
    this.#capacity = fresh.#capacity;
    this.#ids = fresh.#ids;
    this.#records = fresh.#records;
    this.#words = fresh.#words;
    this.#tkdn = fresh.#tkdn;
    this.#names = fresh.#names;
    this.#unitOf = fresh.#unitOf;
    this.#sellerOf = fresh.#sellerOf;
    this.#bmp = fresh.#bmp;
    this.#stock = fresh.#stock;
    this.#units = fresh.#units;
    this.#unitIndex = fresh.#unitIndex;
    this.#sellers = fresh.#sellers;
    this.#sellerIndex = fresh.#sellerIndex;
    this.#lexStart = fresh.#lexStart;
    this.#lexCount = fresh.#lexCount;
    this.#textCount = fresh.#textCount;
    this.#lexPool = fresh.#lexPool;
    this.#lexPoolSize = fresh.#lexPoolSize;
    this.#ordinalOf = fresh.#ordinalOf;
    this.#lexemeIds = fresh.#lexemeIds;
    this.#lexemes = fresh.#lexemes;
    this.#postings = fresh.#postings;
    this.#textPostings = fresh.#textPostings;
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
    const xip = `{${this.#mark.xip.join(',')}}`;
    const [result] = await queryRows<
      Mark & { partners: PartnerRow[]; sellers: SellerRow[] | null; rows: ProductRow[] | null }
    >(
      this.#db,
      sql`SELECT ${markColumns},
        (SELECT json_agg(json_build_object('id', id, 'code', code, 'name', name, 'active', status = 'active'))
          FROM partners) AS partners,
        (SELECT json_agg(r) FROM (SELECT ${sellerColumns} FROM sellers s
          WHERE s.change_xid >= ${this.#mark.xmax}::xid8 OR s.change_xid = ANY(${xip}::xid8[])) r) AS sellers,
        (SELECT json_agg(r) FROM (SELECT ${rowColumns} FROM products p
          WHERE p.change_xid >= ${this.#mark.xmax}::xid8 OR p.change_xid = ANY(${xip}::xid8[])) r) AS rows`,
    );
    this.#applyPartners(result!.partners ?? []);
    for (const seller of result!.sellers ?? []) this.#applySeller(seller);
    for (const row of result!.rows ?? []) this.#apply(row);
    // Category names (page details, facets) are reread at least once a minute.
    if (this.#categoriesStale || performance.now() - this.#categoriesReadAt > 60_000)
      await this.#readCategories();
    this.#mark = { xmax: result!.xmax, xip: result!.xip };
  }

  /**
   * Partners (their status decides whether their offers are found), categories, and the names
   * of the kabupaten/kota (reference data) for page details.
   */
  async #readDictionaries() {
    this.#applyPartners(
      await queryRows<PartnerRow>(
        this.#db,
        sql`SELECT id, code, name, status = 'active' AS active FROM partners`,
      ),
    );
    await this.#readCategories();
    const regions = await queryRows<{ code: string; name: string }>(
      this.#db,
      sql`SELECT code, name FROM regions WHERE length(code) = 5`,
    );
    for (const region of regions) this.labels.set(`region:${region.code}`, region.name);
  }

  #applySeller(seller: SellerRow) {
    const index = this.#sellerIndex.get(seller.id);
    if (index === undefined) {
      this.#sellerIndex.set(seller.id, this.#sellers.length);
      this.#sellers.push(seller);
    } else this.#sellers[index] = seller;
  }

  /** A partner's code by its id (any partner the index has seen). */
  partnerCode(partnerId: string): string | undefined {
    const index = this.#partnerIndex.get(partnerId);
    return index === undefined ? undefined : this.#partnerCodes[index];
  }

  #applyPartners(partners: PartnerRow[]) {
    for (const partner of partners) {
      const index = this.#indexOf(this.#partnerIndex, this.#partnerIds, partner.id, ATTR.partnerLimit);
      const active = partner.active ? 1 : 0;
      if (this.#partnerActive[index] !== active) this.#version += 1;
      this.#partnerActive[index] = active;
      this.#partnerCodes[index] = partner.code;
      this.labels.set(`partner:${partner.code}`, partner.name);
    }
  }

  async #readCategories() {
    this.#categoriesStale = false;
    this.#categoriesReadAt = performance.now();
    const categories = await queryRows<{ code: string; name: string; parent_code: string | null }>(
      this.#db,
      sql`SELECT code, name, parent_code FROM categories`,
    );
    for (const category of categories) {
      this.#categoryParents.set(category.code, category.parent_code);
      this.labels.set(`category:${category.code}`, category.name);
    }
  }

  #indexOf(
    map: Map<string, number>,
    list: string[],
    value: string,
    limit: number = ATTR.dictionaryLimit,
  ): number {
    let index = map.get(value);
    if (index === undefined) {
      index = list.length;
      if (index >= limit)
        throw new Error(`CatalogIndex: more than ${limit} distinct values of one attribute`);
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
      this.#textPostings.push(new Postings());
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
    this.#records = grow(this.#records, (n) => new Float64Array(3 * n));
    this.#words = new Int32Array(this.#records.buffer);
    this.#tkdn = grow(this.#tkdn, (n) => new Float64Array(n));
    this.#unitOf = grow(this.#unitOf, (n) => new Int32Array(n));
    this.#sellerOf = grow(this.#sellerOf, (n) => new Int32Array(n));
    this.#bmp = grow(this.#bmp, (n) => new Float64Array(n));
    this.#stock = grow(this.#stock, (n) => new Float64Array(n));
    this.#lexStart = grow(this.#lexStart, (n) => new Int32Array(n));
    this.#lexCount = grow(this.#lexCount, (n) => new Uint8Array(n));
    this.#textCount = grow(this.#textCount, (n) => new Uint16Array(n));
    this.#capacity = capacity;
  }

  #apply(row: ProductRow) {
    this.#version += 1;
    const nameLexemes = new Set(row.lexemes ?? []);
    const lexemeIds = [...nameLexemes].map((lexeme) => this.#lexemeId(lexeme)).sort((a, b) => a - b);
    const textIds = [...new Set(row.text_lexemes ?? [])]
      .filter((lexeme) => !nameLexemes.has(lexeme))
      .map((lexeme) => this.#lexemeId(lexeme))
      .sort((a, b) => a - b);
    // While loading, each id comes once (see #renumberByName).
    let ordinal = this.#loaded ? this.#ordinalOf.get(row.id) : undefined;
    if (ordinal !== undefined && !this.#sameLexemes(ordinal, lexemeIds, textIds)) {
      this.#words[6 * ordinal + 2]! &= ~1; // dead
      this.#logChange(ordinal);
      this.#dead += 1;
      ordinal = undefined;
    }
    if (ordinal === undefined) {
      if (this.#size === this.#capacity) this.#grow();
      ordinal = this.#size++;
      this.#ids[ordinal] = row.id;
      if (this.#loaded) this.#ordinalOf.set(row.id, ordinal);
      const count = Math.min(255, lexemeIds.length);
      const textCount = Math.min(65_535, textIds.length);
      if (this.#lexPoolSize + count + textCount > this.#lexPool.length) {
        const pool = new Int32Array(
          Math.max(this.#lexPool.length * 2, this.#lexPoolSize + count + textCount),
        );
        pool.set(this.#lexPool);
        this.#lexPool = pool;
      }
      this.#lexStart[ordinal] = this.#lexPoolSize;
      this.#lexCount[ordinal] = count;
      this.#textCount[ordinal] = textCount;
      for (let k = 0; k < count; k++) {
        this.#lexPool[this.#lexPoolSize++] = lexemeIds[k]!;
        this.#postings[lexemeIds[k]!]!.push(ordinal);
      }
      for (let k = 0; k < textCount; k++) {
        this.#lexPool[this.#lexPoolSize++] = textIds[k]!;
        this.#textPostings[textIds[k]!]!.push(ordinal);
      }
    }
    const partner = this.#indexOf(this.#partnerIndex, this.#partnerIds, row.partner_id, ATTR.partnerLimit);
    const category = this.#indexOf(this.#categoryIndex, this.#categories, row.category_code);
    if (!this.#categoryParents.has(row.category_code)) this.#categoriesStale = true;
    const kabkota = this.#indexOf(this.#regionIndex, this.#regions, row.seller_kabkota_code);
    const scale = Math.max(0, SCALES.indexOf(row.seller_scale as (typeof SCALES)[number]));
    const tkdn = row.tkdn_percent === null ? -1 : Number(row.tkdn_percent);
    const bmp = row.bmp_percent === null ? 0 : Number(row.bmp_percent);
    // The cascade class (see classRankSql): with a certificate valid on the day of the search,
    // TKDN+BMP ≥ 40 is class 3 and TKDN ≥ 25 class 2; otherwise pdn 1, import 0.
    const base = row.is_domestic ? 1 : 0;
    const certified = tkdn < 0 ? base : tkdn + bmp >= 40 ? 3 : tkdn >= 25 ? 2 : base;
    this.#words[6 * ordinal + 2] =
      1 |
      (row.is_active ? 2 : 0) |
      (base << 2) |
      (certified << 4) |
      ((row.seller_is_umk ? 1 : 0) << 6) |
      (scale << 7) |
      (partner << 10);
    this.#words[6 * ordinal + 3] = category | (kabkota << 16);
    this.#words[6 * ordinal + 4] = row.valid_day === null ? NO_DAY : Number(row.valid_day);
    this.#words[6 * ordinal + 5] = ordinal;
    this.#records[3 * ordinal] = Number(row.price_idr);
    this.#tkdn[ordinal] = tkdn;
    this.#names[ordinal] = row.name;
    this.#unitOf[ordinal] = this.#indexOf(this.#unitIndex, this.#units, row.unit, Number.POSITIVE_INFINITY);
    let seller = this.#sellerIndex.get(row.seller_id);
    if (seller === undefined) {
      // While loading, sellers are read after the offers (see #load); a catch-up reads a new
      // seller in the same statement as its offers.
      seller = this.#sellers.length;
      this.#sellerIndex.set(row.seller_id, seller);
      this.#sellers.push({ id: row.seller_id, name: '', scale: row.seller_scale, kind: '', region_code: '' });
    }
    this.#sellerOf[ordinal] = seller;
    this.#bmp[ordinal] = row.bmp_percent === null ? Number.NaN : bmp;
    this.#stock[ordinal] = row.stock === null ? Number.NaN : Number(row.stock);
    this.#logChange(ordinal);
  }

  /** What a result page shows of a hit, as the index holds it (as fresh as its search). */
  offer(hit: Pick<IndexHit, 'id' | 'ordinal'>): OfferDetails | undefined {
    const { id } = hit;
    const ordinal = this.#ids[hit.ordinal] === id ? hit.ordinal : this.#ordinalOf.get(id);
    if (ordinal === undefined) return undefined;
    const words = this.#words;
    const tkdn = this.#tkdn[ordinal]!;
    const bmp = this.#bmp[ordinal]!;
    const stock = this.#stock[ordinal]!;
    return {
      id,
      name: this.#names[ordinal]!,
      unit: this.#units[this.#unitOf[ordinal]!]!,
      priceIdr: this.#records[3 * ordinal]!,
      categoryCode: this.#categories[words[6 * ordinal + 3]! & 0xffff]!,
      partnerCode: this.#partnerCodes[(words[6 * ordinal + 2]! >>> 10) & (ATTR.partnerLimit - 1)]!,
      kabkotaCode: this.#regions[words[6 * ordinal + 3]! >>> 16]!,
      seller: this.#sellers[this.#sellerOf[ordinal]!]!,
      tkdnPercent: tkdn < 0 ? null : tkdn,
      bmpPercent: Number.isNaN(bmp) ? null : bmp,
      stock: Number.isNaN(stock) ? null : stock,
      isUmk: (words[6 * ordinal + 2]! & (1 << 6)) !== 0,
    };
  }

  #logChange(ordinal: number) {
    if (this.#matchCache.size === 0) return; // nothing to patch (the load)
    this.#changeLog[this.#logEnd % CHANGE_LOG_SIZE] = ordinal;
    this.#logEnd += 1;
  }

  #sameLexemes(ordinal: number, lexemeIds: number[], textIds: number[]): boolean {
    const count = this.#lexCount[ordinal]!;
    const textCount = this.#textCount[ordinal]!;
    if (count !== Math.min(255, lexemeIds.length) || textCount !== Math.min(65_535, textIds.length))
      return false;
    const start = this.#lexStart[ordinal]!;
    for (let k = 0; k < count; k++) if (this.#lexPool[start + k] !== lexemeIds[k]) return false;
    for (let k = 0; k < textCount; k++) if (this.#lexPool[start + count + k] !== textIds[k]) return false;
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
    const matches = this.#matches(tree, bands);
    if (matches === 'nothing') return this.#empty();
    const partners = this.#partnerIds.length;
    const combos = new Int32Array(this.#categories.length * partners * 64);
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
    // The candidates: the query's match list, or every offer without words (band 0).
    const { total, best } = scan({
      records: matches === null ? this.#records : matches.records,
      words: matches === null ? this.#words : matches.words,
      count: matches === null ? this.#size : matches.length,
      partnerActive: this.#partnerActive,
      tkdns: this.#tkdn,
      ids: this.#ids,
      combos,
      partners,
      partnerFilter,
      categoryAllowed,
      region,
      priceMin: filters.priceMin ?? Number.NEGATIVE_INFINITY,
      priceMax: filters.priceMax ?? Number.POSITIVE_INFINITY,
      onlyLocal: filters.local,
      onlyUmk: filters.umk,
      classFilter: filters.classRank ?? -1,
      tkdnMin: filters.tkdnMin ?? -1,
      relevance: sort === 'relevance',
      descending: sort === 'price_desc',
      limit,
      cursor,
      today,
    });

    const facets = {
      category: new Map<string, number>(),
      partner: new Map<string, number>(),
      scale: new Map<string, number>(),
      classRank: new Map<number, number>(),
      local: new Map<boolean, number>(),
    };
    const add = <K>(map: Map<K, number>, key: K, count: number) => map.set(key, (map.get(key) ?? 0) + count);
    for (let combo = 0; combo < combos.length; combo++) {
      const count = combos[combo]!;
      if (count === 0) continue;
      const local = combo & 1;
      const classRank = (combo >>> 1) & 3;
      const scale = (combo >>> 3) & 7;
      const partner = (combo >>> 6) % partners;
      const category = Math.floor((combo >>> 6) / partners);
      add(facets.category, this.#categories[category]!, count);
      add(facets.partner, this.#partnerCodes[partner]!, count);
      add(facets.scale, SCALES[scale]!, count);
      add(facets.classRank, classRank, count);
      add(facets.local, local === 1, count);
    }
    return {
      total,
      hits: best.map(({ group: _group, key: _key, ...hit }) => hit),
      facets,
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
   * The offers whose names match `tree` (null without words; 'nothing' when every word is a
   * stop word), as sorted ordinals with each one's band: from the match-list cache, with the
   * ordinals added since evaluated and appended, or evaluated whole.
   */
  #matches(tree: QueryPart[], bands: QueryBands): MatchList | null | 'nothing' {
    if (tree.length === 0) return null;
    const parts = this.#compile(tree);
    if (parts.length === 0) return 'nothing';
    const key = JSON.stringify([tree, bands]); // bands hold the scopes
    let entry = this.#matchCache.get(key);
    if (entry) {
      this.#matchCache.delete(key); // set again below: most recently used
      this.#matchCacheRecords -= entry.length;
      if (entry.size > this.#size) entry = undefined; // from before a compaction
    }
    if (entry && entry.size === this.#size && entry.logAt === this.#logEnd) this.stats.matchListHits += 1;
    else entry = this.#extend(entry, parts, bands);
    this.#matchCache.set(key, entry);
    this.#matchCacheRecords += entry.length;
    for (const [oldest, list] of this.#matchCache) {
      if (this.#matchCacheRecords <= MATCH_CACHE_RECORDS || oldest === key) break;
      this.#matchCache.delete(oldest);
      this.#matchCacheRecords -= list.length;
    }
    return entry;
  }

  /**
   * A match list brought up to date: the records of offers changed since it was built are
   * copied again (from the change log, or all of them when the log has moved on too far), and
   * the ordinals added since are evaluated and appended.
   */
  #extend(entry: MatchList | undefined, parts: CompiledPart[], bands: QueryBands): MatchList {
    const from = entry ? entry.size : 0;
    if (entry && entry.logAt !== this.#logEnd) {
      const changes = this.#logEnd - entry.logAt;
      if (changes > CHANGE_LOG_SIZE || changes > entry.length / 8) {
        for (let i = 0; i < entry.length; i++) this.#copyRecord(entry, i, entry.words[6 * i + 5]!);
      } else {
        for (let at = entry.logAt; at < this.#logEnd; at++) {
          const ordinal = this.#changeLog[at % CHANGE_LOG_SIZE]!;
          if (ordinal >= from) continue; // added since: evaluated below
          const i = findOrdinal(entry, ordinal);
          if (i !== -1) this.#copyRecord(entry, i, ordinal);
        }
      }
    }
    const ordinals = this.#evaluate(parts, from, bands.scope ?? 'names');
    const bandOf = new Uint8Array(ordinals.length).fill(bands.otherwise);
    // The first tier an offer matches gives its band: later tiers are marked first.
    for (let t = bands.tiers.length - 1; t >= 0; t--) {
      const [tierTree, band, scope] = bands.tiers[t]!;
      const tierParts = this.#compile(tierTree);
      // A tier of stop words only has no condition.
      if (tierParts.length === 0) bandOf.fill(band);
      else markBand(ordinals, this.#evaluate(tierParts, from, scope ?? 'names', ordinals), bandOf, band);
    }
    const kept = entry ? entry.length : 0;
    const length = kept + ordinals.length;
    let records = entry ? entry.records : new Float64Array(0);
    if (3 * length > records.length) {
      const grown = new Float64Array(3 * Math.max(length, Math.ceil(kept * 1.25)));
      grown.set(records.subarray(0, 3 * kept));
      records = grown;
    }
    const list: MatchList = {
      records,
      words: new Int32Array(records.buffer),
      length,
      size: this.#size,
      logAt: this.#logEnd,
    };
    for (let k = 0; k < ordinals.length; k++) {
      list.words[6 * (kept + k) + 2] = bandOf[k]! << ATTR.bandShift;
      this.#copyRecord(list, kept + k, ordinals[k]!);
    }
    return list;
  }

  /** Copies an offer's record into a match list's record `i`, keeping the band. */
  #copyRecord(list: MatchList, i: number, ordinal: number) {
    const words = list.words;
    const from = this.#words;
    list.records[3 * i] = this.#records[3 * ordinal]!;
    words[6 * i + 2] = (words[6 * i + 2]! & (7 << ATTR.bandShift)) | from[6 * ordinal + 2]!;
    words[6 * i + 3] = from[6 * ordinal + 3]!;
    words[6 * i + 4] = from[6 * ordinal + 4]!;
    words[6 * i + 5] = ordinal;
  }

  /**
   * The query's parts against the lexicon (distinct parts; stop-word terms dropped like
   * to_tsquery drops them, and alternatives or parts left empty with them).
   */
  #compile(tree: QueryPart[]): CompiledPart[] {
    const parts: CompiledPart[] = [];
    const seen = new Set<string>();
    for (const part of tree) {
      const key = JSON.stringify(part);
      if (seen.has(key)) continue;
      seen.add(key);
      const alternatives = part
        .map((alternative) =>
          alternative
            .map((term) => this.#termLexemes(term.word, term.prefix))
            .filter((ids): ids is number[] => ids !== null),
        )
        .filter((terms) => terms.length > 0);
      // An alternative holding every term of another adds no match ("kertas fotokopi" beside
      // "kertas"): it is dropped before its posting lists are intersected.
      const termKeys = alternatives.map((terms) => new Set(terms.map((ids) => ids.join(','))));
      const needed = alternatives.filter(
        (_, a) =>
          !termKeys.some(
            (other, b) =>
              b !== a &&
              [...other].every((key) => termKeys[a]!.has(key)) &&
              (other.size < termKeys[a]!.size || b < a),
          ),
      );
      if (needed.length > 0) parts.push(needed);
    }
    return parts;
  }

  /**
   * The sorted ordinals ≥ `from` in every part's matches: a part is the union of its
   * alternatives, an alternative the intersection of its terms, a term the union of its
   * lexemes' posting lists (in names, or in names and descriptions). Parts are intersected
   * rarest first.
   */
  #evaluate(parts: CompiledPart[], from: number, scope: Scope, within: Int32Array | null = null): Int32Array {
    // Per part, alternative and term: the posting lists (views) whose union the term matches.
    const listed = parts.map((part) =>
      part.map((terms) =>
        terms.map((ids) =>
          ids.flatMap((id) =>
            scope === 'text'
              ? [
                  this.#postingsFrom(this.#postings[id]!, from),
                  this.#postingsFrom(this.#textPostings[id]!, from),
                ]
              : [this.#postingsFrom(this.#postings[id]!, from)],
          ),
        ),
      ),
    );
    // A part's size at most: per alternative, its smallest term's postings.
    const bound = (part: Int32Array[][][]) =>
      part.reduce(
        (sum, terms) =>
          sum + Math.min(...terms.map((lists) => lists.reduce((n, list) => n + list.length, 0))),
        0,
      );
    const ordered = listed.map((part) => ({ part, bound: bound(part) })).sort((x, y) => x.bound - y.bound);
    const materialize = (part: Int32Array[][][]) =>
      union(
        part.map((terms) => intersect(terms.map((lists) => union(lists, from, this.#size)))),
        from,
        this.#size,
      );
    // The rarest part is evaluated (or the matches are sought `within` given candidates); the
    // others only where they can still match: a few candidates are looked up in a large
    // part's lists instead of building its union.
    let current = within ?? materialize(ordered[0]!.part);
    for (let p = within ? 0 : 1; p < ordered.length && current.length > 0; p++) {
      const { part, bound: size } = ordered[p]!;
      current =
        current.length * 16 < size ? keepMatching(current, part) : intersect([current, materialize(part)]);
    }
    return current;
  }

  /** A lexeme's posting list from ordinal `from` on (a view, not a copy). */
  #postingsFrom(postings: Postings, from: number): Int32Array {
    const items = postings.items;
    let low = 0;
    let high = postings.length;
    if (from > 0)
      while (low < high) {
        const mid = (low + high) >> 1;
        if (items[mid]! < from) low = mid + 1;
        else high = mid;
      }
    return items.subarray(low, postings.length);
  }
}

/**
 * A name's first `chars` characters (at most 8) as a number that sorts like them, five bits a
 * character: letters (case ignored), then any digit, other characters lowest.
 */
function nameKey(name: string, chars: number): number {
  let key = 0;
  for (let i = 0; i < chars; i++) {
    const code = i < name.length ? name.charCodeAt(i) : 0;
    const lower = code | 0x20;
    key = key * 32 + (lower >= 0x61 && lower <= 0x7a ? lower - 0x60 : code >= 0x30 && code <= 0x39 ? 27 : 0);
  }
  return key;
}

interface ScanInput {
  /** Records (see ATTR): the index's, or a match list's. */
  records: Float64Array;
  words: Int32Array;
  count: number;
  partnerActive: Uint8Array;
  tkdns: Float64Array;
  ids: string[];
  /** Counters by facet combination: ((category × partners + partner) × 8 + scale) × 8 + class × 2 + local. */
  combos: Int32Array;
  partners: number;
  partnerFilter: number;
  categoryAllowed: Uint8Array | null;
  region: number;
  priceMin: number;
  priceMax: number;
  onlyLocal: boolean;
  onlyUmk: boolean;
  classFilter: number;
  tkdnMin: number;
  relevance: boolean;
  descending: boolean;
  limit: number;
  cursor: IndexCursor | null;
  today: number;
}

type RankedHit = IndexHit & { group: number; key: number };

/**
 * One pass over the candidates: the filters, the total and facet counts of what passes, and
 * the best `limit` after the cursor in the ranking order (group, key, id) ascending — group
 * packs band, class, local and UMK under relevance; key is the price (negated, descending).
 * A function of its own, so V8 optimizes it whole (inlined in the method, its optimized code
 * was entered mid-loop and thrown away at the loop's end on every search).
 */
function scan(input: ScanInput): { total: number; best: RankedHit[] } {
  const { records, words, count, partnerActive, tkdns, ids } = input;
  const { partnerFilter, categoryAllowed, region, priceMin, priceMax, onlyLocal, onlyUmk } = input;
  const { classFilter, tkdnMin, relevance, descending, limit, cursor, today } = input;
  // One counter per combination of facet values (category, partner, scale, class, local): one
  // increment a match instead of five; the facets are summed from it after the pass.
  const combos = input.combos;
  const partners = input.partners;
  const groupOf = (band: number, classRank: number, local: number, umk: number) =>
    relevance ? (7 - band) * 16 + (3 - classRank) * 4 + (1 - local) * 2 + (1 - umk) : 0;
  const afterGroup = cursor ? groupOf(cursor.band, cursor.classRank, cursor.local, cursor.umk) : -1;
  const afterKey = cursor ? (descending ? -cursor.price : cursor.price) : 0;
  const afterId = cursor ? cursor.id : '';
  const best: RankedHit[] = [];
  let worstGroup = Number.POSITIVE_INFINITY;
  let worstKey = Number.POSITIVE_INFINITY;
  let worstId = '';
  let total = 0;
  for (let c = 0; c < count; c++) {
    const a = words[6 * c + 2]!;
    if ((a & 3) !== 3) continue; // dead or inactive
    const partner = (a >>> 10) & 0xfff;
    if (partnerActive[partner] === 0) continue;
    if (partnerFilter !== -1 && partner !== partnerFilter) continue;
    const b = words[6 * c + 3]!;
    const categoryIndex = b & 0xffff;
    if (categoryAllowed !== null && categoryAllowed[categoryIndex] === 0) continue;
    const local = b >>> 16 === region ? 1 : 0;
    if (onlyLocal && local === 0) continue;
    const umk = (a >>> 6) & 1;
    if (onlyUmk && umk === 0) continue;
    const price = records[3 * c]!;
    if (price < priceMin || price > priceMax) continue;
    // The cascade class on `today`: a certificate counts through its day.
    let classRank = (a >>> 2) & 3;
    const certified = (a >>> 4) & 3;
    if (certified !== classRank && words[6 * c + 4]! >= today) classRank = certified;
    if (classFilter !== -1 && classRank !== classFilter) continue;
    const ordinal = words[6 * c + 5]!;
    if (tkdnMin !== -1 && !(classRank >= 2 && tkdns[ordinal]! >= tkdnMin)) continue;
    const band = (a >>> ATTR.bandShift) & 7;
    total += 1;
    combos[((categoryIndex * partners + partner) * 8 + ((a >>> 7) & 7)) * 8 + classRank * 2 + local]! += 1;
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
    const hit = { group, key, id, ordinal, band, classRank, local, umk, price };
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

  return { total, best };
}

const EMPTY = new Int32Array(0);

/**
 * The union of sorted ordinal lists, sorted: one list as is, two merged, more through a bitset
 * over [from, size).
 */
function union(lists: Int32Array[], from: number, size: number): Int32Array {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  if (nonEmpty.length === 2) {
    const [x, y] = nonEmpty as [Int32Array, Int32Array];
    const out = new Int32Array(x.length + y.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < x.length && j < y.length) {
      const a = x[i]!;
      const b = y[j]!;
      if (a < b) {
        out[n++] = a;
        i++;
      } else if (b < a) {
        out[n++] = b;
        j++;
      } else {
        out[n++] = a;
        i++;
        j++;
      }
    }
    while (i < x.length) out[n++] = x[i++]!;
    while (j < y.length) out[n++] = y[j++]!;
    return out.subarray(0, n);
  }
  const bits = new Int32Array(((size - from) >>> 5) + 1);
  let total = 0;
  for (const list of nonEmpty) {
    total += list.length;
    for (let k = 0; k < list.length; k++) {
      const at = list[k]! - from;
      bits[at >>> 5]! |= 1 << (at & 31);
    }
  }
  const out = new Int32Array(Math.min(total, size - from));
  let n = 0;
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const lowest = word & -word;
      out[n++] = from + (w << 5) + (31 - Math.clz32(lowest));
      word ^= lowest;
    }
  }
  return out.subarray(0, n);
}

/**
 * The candidates (sorted) that match a part: some alternative has every term in one of the
 * term's posting lists. Each list is walked once, forward (candidates ascend), by galloping.
 */
export function keepMatching(candidates: Int32Array, part: Int32Array[][][]): Int32Array {
  const lists = part.flat(2);
  const cursors = new Int32Array(lists.length);
  const has = (l: number, value: number) => {
    const list = lists[l]!;
    let low = cursors[l]!;
    let step = 1;
    let high = low;
    while (high < list.length && list[high]! < value) {
      low = high + 1;
      high += step;
      step *= 2;
    }
    high = Math.min(high, list.length);
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]! < value) low = mid + 1;
      else high = mid;
    }
    cursors[l] = low;
    return low < list.length && list[low] === value;
  };
  // Where each term's lists start in `lists`.
  const shape = part.map((terms) => terms.map((termLists) => termLists.length));
  const out = new Int32Array(candidates.length);
  let n = 0;
  for (let c = 0; c < candidates.length; c++) {
    const value = candidates[c]!;
    let at = 0;
    let matched = false;
    for (let a = 0; a < shape.length; a++) {
      let all = true;
      for (let t = 0; t < shape[a]!.length; t++) {
        const count = shape[a]![t]!;
        let found = false;
        // Every list is asked (not only until found), so that all cursors move forward.
        for (let k = 0; k < count; k++) if (has(at + k, value)) found = true;
        at += count;
        if (!found) all = false;
      }
      if (all) matched = true;
    }
    if (matched) out[n++] = value;
  }
  return out.subarray(0, n);
}

/** The index of `ordinal` in a match list (its records are in ordinal order), or -1. */
function findOrdinal(list: MatchList, ordinal: number): number {
  const words = list.words;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (words[6 * mid + 5]! < ordinal) low = mid + 1;
    else high = mid;
  }
  return low < list.length && words[6 * low + 5] === ordinal ? low : -1;
}

/** Sets `band` for the ordinals of `ordinals` (sorted) that are also in `tier` (sorted). */
function markBand(ordinals: Int32Array, tier: Int32Array, bandOf: Uint8Array, band: number) {
  let j = 0;
  for (let i = 0; i < ordinals.length && j < tier.length; i++) {
    const ordinal = ordinals[i]!;
    while (j < tier.length && tier[j]! < ordinal) j++;
    if (j < tier.length && tier[j] === ordinal) bandOf[i] = band;
  }
}

/** The ordinals in every list (each sorted ascending), sorted: smallest list first, galloping. */
function intersect(lists: Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0]!;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let current = sorted[0]!;
  for (let l = 1; l < sorted.length && current.length > 0; l++) {
    const other = sorted[l]!;
    const otherLength = other.length;
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
  return current;
}
