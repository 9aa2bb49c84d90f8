import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import type { CatalogIndex, IndexHit, OfferDetails, QueryBands } from './catalog-index';
import {
  buildQueryTree,
  buildTsQuery,
  correctableWords,
  normalizeQuery,
  type QueryPart,
} from './search-query';

export const domesticClasses = ['tkdn_bmp_40', 'tkdn_25', 'pdn', 'import'] as const;
export type DomesticClass = (typeof domesticClasses)[number];

export interface SearchInput {
  q?: string | undefined;
  category?: string | undefined;
  partner?: string | undefined;
  regionCode?: string | undefined;
  local?: boolean | undefined;
  umk?: boolean | undefined;
  domesticClass?: DomesticClass | undefined;
  tkdnMin?: number | undefined;
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  sort: 'relevance' | 'price_asc' | 'price_desc';
  limit: number;
  cursor?: string | undefined;
}

export interface SearchItem {
  id: string;
  name: string;
  unit: string;
  priceIdr: number;
  category: { code: string; name: string };
  partner: { code: string; name: string };
  seller: { id: string; name: string; scale: string; regionCode: string; kind: string };
  tkdnPercent: number | null;
  bmpPercent: number | null;
  domesticClass: DomesticClass;
  isLocal: boolean;
  /** Seller is micro, small or a cooperative (UMKK, the `umk` filter). */
  isUmk: boolean;
  stock: number | null;
  reasons: Array<{ code: string; message: string }>;
}

export interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface SearchResult {
  total: number;
  /** true: more than MATCH_CAP offers match; total and facets count the MATCH_CAP collected. */
  totalCapped: boolean;
  nextCursor: string | null;
  items: SearchItem[];
  facets: { category: Facet[]; partner: Facet[]; scale: Facet[]; domesticClass: Facet[]; local: Facet[] };
}

/**
 * Relevance bands, best first. Offers in the same band count as "comparably relevant" and are
 * then ordered by the rules: every word as typed in the name; every word or a synonym in the
 * name; found through the description; then spelling corrections (in the name, elsewhere).
 * A word counts as in the name when it matches the name's lexemes (weight A of
 * `search_vector`); the description (weight C) only finds an offer.
 */
const BAND = { literal: 4, name: 3, text: 2, correctedName: 1, corrected: 0 } as const;
const bandSql = Object.fromEntries(
  Object.entries(BAND).map(([key, value]) => [key, sql.raw(String(value))]),
) as Record<keyof typeof BAND, SQL>;
const percentFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
/**
 * A search collects at most this many matching offers (after the filters and the cursor) from
 * the index and ranks them; offers with every typed word in the name are collected first. Up to
 * the cap, total, facets and ranking are exact; beyond it `totalCapped` is true, total (then
 * MATCH_CAP or more) and facets count the collected offers, and the page is the best of them. A head query ("kertas")
 * matches a fifth of a million-offer catalogue, and reading all of it cannot meet the latency
 * goal; buyers narrow such queries with words and filters.
 */
export const MATCH_CAP = 1_000;
/** Corrections per query word, from the vocabulary by trigram similarity (pg_trgm default 0.3). */
const CORRECTIONS_PER_WORD = 3;

/**
 * Perpres 16/2018 art. 66 cascade: TKDN+BMP ≥ 40% first, then TKDN ≥ 25%, then other domestic
 * products, then imports. A TKDN certificate past `tkdn_valid_until` (WIB date) does not count.
 */
export const classRankSql = sql.raw(`(CASE
  WHEN p.tkdn_percent IS NOT NULL AND (p.tkdn_valid_until IS NULL OR p.tkdn_valid_until >= (now() AT TIME ZONE 'Asia/Jakarta')::date)
    AND p.tkdn_percent + coalesce(p.bmp_percent, 0) >= 40 THEN 3
  WHEN p.tkdn_percent IS NOT NULL AND (p.tkdn_valid_until IS NULL OR p.tkdn_valid_until >= (now() AT TIME ZONE 'Asia/Jakarta')::date)
    AND p.tkdn_percent >= 25 THEN 2
  WHEN p.is_domestic THEN 1
  ELSE 0 END)`);
export const classByRank: DomesticClass[] = ['import', 'pdn', 'tkdn_25', 'tkdn_bmp_40'];
/** The cascade class as text (`tkdn_bmp_40` …), over the `p` alias of products. */
export const domesticClassSql = sql`(ARRAY['import', 'pdn', 'tkdn_25', 'tkdn_bmp_40'])[${classRankSql} + 1]`;

interface Cursor {
  b: number;
  c: number;
  l: number;
  u: number;
  p: number;
  i: string;
  /** Match mode, kept for every page of one search: see MatchMode. */
  t?: number;
}

/**
 * Where the words are looked for, widened only while less than a page is found: product names
 * (the name-only GIN index, small posting lists), then names and descriptions
 * (`search_vector`), then with spelling corrections.
 */
const MODE = { name: 0, text: 1, corrected: 2 } as const;
type MatchMode = (typeof MODE)[keyof typeof MODE];

/** A result row of the search statement: the item's columns plus its ranking keys. */
interface PageRow extends ItemColumns {
  band: number;
  local_rank: number;
  umk_rank: number;
}

interface SearchRow {
  total: number;
  capped: boolean;
  items: PageRow[] | null;
  facets: Array<{ facet: string; value: string; label: string; count: number }> | null;
}

/**
 * One search over every partner's active offers (PUBLIC-API.md `GET /api/v1/catalog/search`):
 * Indonesian stemming, prefixes and synonyms through full-text search (GIN on
 * `search_vector`); when that finds less than a page, typos through corrections of the query
 * words from the catalogue vocabulary (`catalog_words`, trigram GIN) added as alternatives.
 * Relevance bands first, then among comparably relevant offers the domestic cascade, a seller
 * local to `regionCode`, UMKK sellers, and price.
 *
 * With the in-memory index (`index`, the server's default) every mode runs there; see
 * searchWithIndex. Without it, one statement per search: the matches are collected once (a
 * materialized CTE of narrow rows), and the total, the facets (one GROUPING SETS pass) and the
 * page with its details are read from them. With corrections it is a second statement, only
 * when the first found less than a page.
 */
export async function searchCatalog(
  db: DbOrTx,
  input: SearchInput,
  index?: CatalogIndex | null,
): Promise<SearchResult> {
  const normalized = normalizeQuery(input.q ?? '');
  const region = input.regionCode ?? '';
  if (input.local && !region)
    throw new AppError('REQUEST.INVALID', 'Filter lokal memerlukan regionCode (kabupaten/kota pembeli).');
  const cursor = decodeCursor(input.cursor);
  if (index) return searchWithIndex({ db, index, input, normalized, region, cursor });

  const filters = filterConditions(input, region);
  let mode: MatchMode =
    cursor?.t === MODE.corrected ? MODE.corrected : cursor?.t === MODE.text ? MODE.text : MODE.name;
  let corrections: Map<string, string[]> | null =
    mode === MODE.corrected ? await findCorrections(db, normalized) : null;
  let row = await runSearch(db, input, normalized, region, filters, cursor, mode, corrections);
  if (!cursor && normalized && row.total < input.limit && mode !== MODE.corrected) {
    if (mode === MODE.name) {
      mode = MODE.text;
      row = await runSearch(db, input, normalized, region, filters, cursor, mode, null);
    }
    if (row.total < input.limit) {
      const found = await findCorrections(db, normalized);
      if (found.size > 0) {
        mode = MODE.corrected;
        corrections = found;
        row = await runSearch(db, input, normalized, region, filters, cursor, mode, corrections);
      }
    }
  }

  return resultFromRow(row, input, normalized, region, mode);
}

/** The API answer from a SQL search statement's row (page, total, facets, next cursor). */
function resultFromRow(
  row: SearchRow,
  input: SearchInput,
  normalized: string,
  region: string,
  mode: MatchMode,
): SearchResult {
  const pageRows = row.items ?? [];
  const hasMore = pageRows.length > input.limit;
  const page = pageRows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    total: row.total,
    totalCapped: row.capped,
    nextCursor:
      hasMore && last
        ? encodeCursor({
            b: last.band,
            c: last.class_rank,
            l: last.local_rank,
            u: last.umk_rank,
            p: Number(last.price_idr),
            i: last.id,
            ...(normalized && mode !== MODE.name ? { t: mode } : {}),
          })
        : null,
    items: page.map((pageRow) => {
      const item = itemFromRow(pageRow, region);
      return { ...item, reasons: reasonsFor(item, pageRow.band, normalized, input.sort) };
    }),
    facets: facetsFromRows(row.facets ?? []),
  };
}

/** One search request on the index path, as `searchCatalog` parsed it. */
interface IndexSearch {
  db: DbOrTx;
  index: CatalogIndex;
  input: SearchInput;
  normalized: string;
  region: string;
  cursor: Cursor | null;
}

/**
 * The search through the in-memory index (`CatalogIndex`), widening like the SQL path while
 * less than a page is found: product names; names and descriptions; names and descriptions
 * with spelling corrections — each exact (total and facets over every match). Corrections
 * are not looked for when every word is in some product name: then filters, not a typo, kept
 * the page short. A cursor carries its mode, so every page of a search is of one mode.
 */
async function searchWithIndex(request: IndexSearch): Promise<SearchResult> {
  const { db, index, input, normalized, cursor } = request;
  // Brought up to date once: every mode below answers from the same state.
  await index.refresh();
  const mode = (cursor?.t ?? MODE.name) as MatchMode;
  const search = (at: MatchMode, corrections: Map<string, string[]> | null = null) =>
    searchInIndex(request, at, corrections);
  if (cursor)
    return search(mode, mode === MODE.corrected ? await correctionsFor(db, index, normalized) : null);
  const names = await search(MODE.name);
  if (!normalized || names.total >= input.limit) return names;
  const text = await search(MODE.text);
  if (text.total >= input.limit) return text;
  if (normalized.split(' ').every((word, i, words) => index.knows(word, i === words.length - 1))) return text;
  const found = await correctionsFor(db, index, normalized);
  if (found.size === 0) return text;
  return search(MODE.corrected, found);
}

const keptCorrections = new WeakMap<
  CatalogIndex,
  { lexicon: number; byQuery: Map<string, Map<string, string[]>> }
>();

/**
 * `findCorrections`, kept per index and query while the index's lexicon is unchanged: the
 * vocabulary (`catalog_words`) gains words only with names the index sees too.
 */
async function correctionsFor(db: DbOrTx, index: CatalogIndex, normalized: string) {
  let kept = keptCorrections.get(index);
  if (!kept || kept.lexicon !== index.lexicon) {
    kept = { lexicon: index.lexicon, byQuery: new Map() };
    keptCorrections.set(index, kept);
  }
  const known = kept.byQuery.get(normalized);
  if (known) return known;
  const found = await findCorrections(db, normalized);
  if (kept.byQuery.size >= 2_000) kept.byQuery.delete(kept.byQuery.keys().next().value!);
  kept.byQuery.set(normalized, found);
  return found;
}

const plans = new Map<string, { tree: QueryPart[]; bands: QueryBands; words: string[] }>();

/**
 * A query's trees and bands in one mode (see searchInIndex), kept for the next search of the
 * same words (synonyms are fixed data; corrections are part of the key).
 */
function queryPlan(normalized: string, mode: MatchMode, corrections: Map<string, string[]> | null) {
  const key = JSON.stringify([normalized, mode, corrections ? [...corrections] : null]);
  const kept = plans.get(key);
  if (kept) return kept;
  const named = buildQueryTree(normalized);
  const literal = buildQueryTree(normalized, { synonyms: false });
  const tree = corrections ? buildQueryTree(normalized, { corrections }) : named;
  const correctedName = corrections ? buildQueryTree(normalized, { corrections, synonyms: false }) : [];
  const same = (a: QueryPart[], b: QueryPart[]) => JSON.stringify(a) === JSON.stringify(b);
  // The bands of the SQL path: every typed word in the name; with synonyms in the name; found
  // through the description; a correction in the name; a correction elsewhere.
  const bands: QueryBands =
    mode === MODE.corrected
      ? {
          scope: 'text',
          tiers: [
            [literal, BAND.literal],
            [named, BAND.name],
            [named, BAND.text, 'text'],
            [correctedName, BAND.correctedName],
          ],
          otherwise: BAND.corrected,
        }
      : mode === MODE.text
        ? {
            scope: 'text',
            tiers: [
              [literal, BAND.literal],
              [named, BAND.name],
            ],
            otherwise: BAND.text,
          }
        : same(literal, named)
          ? { tiers: [], otherwise: BAND.literal }
          : { tiers: [[literal, BAND.literal]], otherwise: BAND.name };
  const words = [
    ...new Set([...tree, ...literal, ...named, ...correctedName].flat(2).map((term) => term.word)),
  ];
  const plan = { tree, bands, words };
  if (plans.size >= 2_000) plans.delete(plans.keys().next().value!);
  plans.set(key, plan);
  return plan;
}

/**
 * One mode of the search through the in-memory index (brought up to date by the caller):
 * exact total and facets over every match, the page by the same bands, ranking and keyset as
 * the SQL path (`runSearch`); the page's details are read from PostgreSQL. With `corrections`,
 * a query word also matches its corrections.
 */
async function searchInIndex(
  { index, input, normalized, region, cursor }: IndexSearch,
  mode: MatchMode,
  corrections: Map<string, string[]> | null,
): Promise<SearchResult> {
  const { tree, bands, words } = queryPlan(normalized, mode, corrections);
  await index.stem(words);
  const result = index.search(
    tree,
    bands,
    {
      partnerCode: input.partner,
      category: input.category,
      regionCode: region,
      local: input.local ?? false,
      umk: input.umk ?? false,
      classRank: input.domesticClass ? classByRank.indexOf(input.domesticClass) : undefined,
      tkdnMin: input.tkdnMin,
      priceMin: input.priceMin,
      priceMax: input.priceMax,
    },
    input.sort,
    input.limit + 1,
    cursor
      ? { band: cursor.b, classRank: cursor.c, local: cursor.l, umk: cursor.u, price: cursor.p, id: cursor.i }
      : null,
  );
  const page = result.hits.slice(0, input.limit);
  const last = page.at(-1);
  const facetRows: Array<{ facet: string; value: string; label: string; count: number }> = [];
  for (const [code, count] of result.facets.category)
    facetRows.push({
      facet: 'category',
      value: code,
      label: index.labels.get(`category:${code}`) ?? code,
      count,
    });
  for (const [code, count] of result.facets.partner)
    facetRows.push({
      facet: 'partner',
      value: code,
      label: index.labels.get(`partner:${code}`) ?? code,
      count,
    });
  for (const [scale, count] of result.facets.scale)
    if (scale) facetRows.push({ facet: 'scale', value: scale, label: scale, count });
  for (const [rank, count] of result.facets.classRank)
    facetRows.push({ facet: 'domesticClass', value: String(rank), label: String(rank), count });
  for (const [local, count] of result.facets.local)
    facetRows.push({ facet: 'local', value: String(local), label: '', count });
  return {
    total: result.total,
    totalCapped: false,
    nextCursor:
      result.hits.length > input.limit && last
        ? encodeCursor({
            b: last.band,
            c: last.classRank,
            l: last.local,
            u: last.umk,
            p: last.price,
            i: last.id,
            ...(mode !== MODE.name ? { t: mode } : {}),
          })
        : null,
    items: page.flatMap((hit) => {
      // Page details from the index, as of the same state as the ranking; whether the seller
      // is local and the class on today's date are the hit's.
      const offer = index.offer(hit);
      if (!offer) return [];
      const item = itemFromOffer(index, offer, hit);
      return [{ ...item, reasons: reasonsFor(item, hit.band, normalized, input.sort) }];
    }),
    facets: facetsFromRows(facetRows),
  };
}

function filterConditions(input: SearchInput, region: string): SQL[] {
  const conditions: SQL[] = [
    sql`p.is_active`,
    input.partner
      ? sql`p.partner_id IN (SELECT id FROM partners WHERE status = 'active' AND code = ${input.partner})`
      : sql`p.partner_id IN (SELECT id FROM partners WHERE status = 'active')`,
  ];
  if (input.category)
    conditions.push(
      sql`p.category_code IN (SELECT code FROM categories WHERE code = ${input.category} OR parent_code = ${input.category})`,
    );
  if (input.local) conditions.push(sql`p.seller_kabkota_code = ${region}`);
  if (input.umk) conditions.push(sql`p.seller_is_umk`);
  if (input.domesticClass)
    conditions.push(sql`${classRankSql} = ${classByRank.indexOf(input.domesticClass)}`);
  if (input.tkdnMin !== undefined)
    conditions.push(sql`${classRankSql} >= 2 AND p.tkdn_percent >= ${input.tkdnMin}`);
  if (input.priceMin !== undefined) conditions.push(sql`p.price_idr >= ${input.priceMin}`);
  if (input.priceMax !== undefined) conditions.push(sql`p.price_idr <= ${input.priceMax}`);
  return conditions;
}

/** Up to three vocabulary words per query word, most similar first (the word itself excluded). */
async function findCorrections(db: DbOrTx, normalized: string): Promise<Map<string, string[]>> {
  const words = correctableWords(normalized);
  const corrections = new Map<string, string[]>();
  if (words.length === 0) return corrections;
  const rows = await queryRows<{ query_word: string; word: string }>(
    db,
    sql`SELECT q.word AS query_word, c.word
      FROM jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) AS q(word)
      CROSS JOIN LATERAL (
        SELECT w.word FROM catalog_words w WHERE w.word % q.word AND w.word <> q.word
        ORDER BY similarity(w.word, q.word) DESC, w.word LIMIT ${CORRECTIONS_PER_WORD}) c`,
  );
  for (const row of rows)
    corrections.set(row.query_word, [...(corrections.get(row.query_word) ?? []), row.word]);
  return corrections;
}

async function runSearch(
  db: DbOrTx,
  input: SearchInput,
  normalized: string,
  region: string,
  filters: SQL[],
  cursor: Cursor | null,
  mode: MatchMode,
  corrections: Map<string, string[]> | null,
): Promise<SearchRow> {
  const tsQuery = buildTsQuery(normalized);
  const conditions = [...filters];
  let band: SQL = sql.raw(String(BAND.corrected));
  /** The offers with every typed word in the name, collected first (name-only GIN index). */
  let literal: SQL | null = null;
  let literalInIndex: SQL | null = null;
  if (tsQuery) {
    const ts = (text: string | null) => sql`p.search_vector @@ to_tsquery('indonesian', ${text})`;
    literal = ts(buildTsQuery(normalized, { weight: 'A', synonyms: false }));
    const literalQuery = buildTsQuery(normalized, { synonyms: false });
    // In the name mode without synonyms the literal matches are all the matches: collect once.
    if (!(mode === MODE.name && literalQuery === tsQuery))
      literalInIndex = sql`p.name_vector @@ to_tsquery('indonesian', ${literalQuery})`;
    const inName = ts(buildTsQuery(normalized, { weight: 'A' }));
    if (mode === MODE.corrected && corrections) {
      conditions.push(ts(buildTsQuery(normalized, { corrections })));
      band = sql`CASE WHEN ${literal} THEN ${bandSql.literal} WHEN ${inName} THEN ${bandSql.name}
        WHEN ${ts(tsQuery)} THEN ${bandSql.text}
        WHEN ${ts(buildTsQuery(normalized, { corrections, weight: 'A', synonyms: false }))} THEN ${bandSql.correctedName}
        ELSE ${bandSql.corrected} END`;
    } else if (mode === MODE.text) {
      conditions.push(ts(tsQuery));
      band = sql`CASE WHEN ${literal} THEN ${bandSql.literal} WHEN ${inName} THEN ${bandSql.name} ELSE ${bandSql.text} END`;
    } else {
      conditions.push(sql`p.name_vector @@ to_tsquery('indonesian', ${tsQuery})`);
      band = sql`CASE WHEN ${literal} THEN ${bandSql.literal} ELSE ${bandSql.name} END`;
    }
  }
  const classRank = classRankSql;
  const localRank = sql`(p.seller_kabkota_code = ${region})::int`;
  const umkRank = sql`p.seller_is_umk::int`;

  const order =
    input.sort === 'price_asc'
      ? {
          by: sql`m.price_idr ASC, m.id ASC`,
          after: cursor ? sql`(p.price_idr, p.id) > (${cursor.p}, ${cursor.i}::uuid)` : null,
        }
      : input.sort === 'price_desc'
        ? {
            by: sql`m.price_idr DESC, m.id ASC`,
            after: cursor ? sql`(-p.price_idr, p.id) > (${-cursor.p}, ${cursor.i}::uuid)` : null,
          }
        : {
            by: sql`m.band DESC, m.class_rank DESC, m.local_rank DESC, m.umk_rank DESC, m.price_idr ASC, m.id ASC`,
            after: cursor
              ? sql`(-(${band}), -(${classRank}), -(${localRank}), -(${umkRank}), p.price_idr, p.id) > (${-cursor.b}, ${-cursor.c}, ${-cursor.l}, ${-cursor.u}, ${cursor.p}, ${cursor.i}::uuid)`
              : null,
          };
  if (order.after) conditions.push(order.after);
  const where = sql.join(conditions, sql` AND `);
  const columns = sql`p.id, p.price_idr, p.category_code, p.partner_id, p.seller_id, ${band} AS band,
    ${classRank} AS class_rank, ${localRank} AS local_rank, ${umkRank} AS umk_rank`;

  const [row] = await queryRows<SearchRow>(
    db,
    sql`WITH b AS MATERIALIZED (SELECT ${columns} FROM products p WHERE ${where} LIMIT ${MATCH_CAP}),
      m AS MATERIALIZED (
        ${literalInIndex ? sql`SELECT * FROM (SELECT ${columns} FROM products p WHERE ${where} AND ${literalInIndex} LIMIT ${MATCH_CAP}) a UNION ` : sql``}
        SELECT * FROM b),
      page AS (
        SELECT m.*, row_number() OVER (ORDER BY ${order.by}) AS ord FROM (
          SELECT m.* FROM m ORDER BY ${order.by} LIMIT ${input.limit + 1}) m),
      g AS (
        SELECT CASE WHEN grouping(category_code) = 0 THEN 'category' WHEN grouping(partner_id) = 0 THEN 'partner'
            WHEN grouping(seller_id) = 0 THEN 'seller' WHEN grouping(class_rank) = 0 THEN 'domesticClass'
            ELSE 'local' END AS facet,
          category_code, partner_id, seller_id, class_rank, local_rank, count(*)::int AS count
        FROM m GROUP BY GROUPING SETS ((category_code), (partner_id), (seller_id), (class_rank), (local_rank)))
      SELECT
        (SELECT count(*)::int FROM m) AS total,
        (SELECT count(*) FROM b) >= ${MATCH_CAP} AS capped,
        (SELECT json_agg(x ORDER BY x.ord) FROM (
          SELECT pg.ord, pg.band, pg.class_rank, pg.local_rank, pg.umk_rank, p.id, p.name, p.unit, p.price_idr,
            c.code AS category_code, c.name AS category_name, pa.code AS partner_code, pa.name AS partner_name,
            s.id AS seller_id, s.name AS seller_name, s.scale, s.region_code, s.kind,
            p.tkdn_percent, p.bmp_percent, p.stock, rg.name AS region_name
          FROM page pg
          JOIN products p ON p.id = pg.id
          JOIN partners pa ON pa.id = p.partner_id
          JOIN categories c ON c.code = p.category_code
          JOIN sellers s ON s.id = p.seller_id
          LEFT JOIN regions rg ON rg.code = p.seller_kabkota_code) x) AS items,
        (SELECT json_agg(f) FROM (
          SELECT 'category' AS facet, g.category_code AS value, c.name AS label, g.count
            FROM g JOIN categories c ON c.code = g.category_code WHERE g.facet = 'category'
          UNION ALL SELECT 'partner', pa.code, pa.name, g.count
            FROM g JOIN partners pa ON pa.id = g.partner_id WHERE g.facet = 'partner'
          UNION ALL SELECT 'scale', s.scale, s.scale, sum(g.count)::int
            FROM g JOIN sellers s ON s.id = g.seller_id WHERE g.facet = 'seller' GROUP BY s.scale
          UNION ALL SELECT 'domesticClass', g.class_rank::text, g.class_rank::text, g.count FROM g WHERE g.facet = 'domesticClass'
          UNION ALL SELECT 'local', (g.local_rank = 1)::text, '', g.count FROM g WHERE g.facet = 'local') f) AS facets`,
  );
  return row ?? { total: 0, capped: false, items: null, facets: null };
}

/** The product, seller and partner columns a result item is made of (page rows and `loadDetails`). */
interface ItemColumns {
  id: string;
  name: string;
  unit: string;
  price_idr: string | number;
  category_code: string;
  category_name: string;
  partner_code: string;
  partner_name: string;
  seller_id: string;
  seller_name: string;
  scale: string;
  region_code: string;
  kind: string;
  tkdn_percent: string | number | null;
  bmp_percent: string | number | null;
  class_rank: number;
  stock: number | null;
  region_name: string | null;
}

function itemFromColumns(
  row: ItemColumns,
  flags: { isLocal: boolean; isUmk: boolean },
): Omit<SearchItem, 'reasons'> & { regionName: string } {
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    priceIdr: Number(row.price_idr),
    category: { code: row.category_code, name: row.category_name },
    partner: { code: row.partner_code, name: row.partner_name },
    seller: {
      id: row.seller_id,
      name: row.seller_name,
      scale: row.scale,
      regionCode: row.region_code,
      kind: row.kind,
    },
    tkdnPercent: row.tkdn_percent === null ? null : Number(row.tkdn_percent),
    bmpPercent: row.bmp_percent === null ? null : Number(row.bmp_percent),
    domesticClass: classByRank[row.class_rank]!,
    isLocal: flags.isLocal,
    isUmk: flags.isUmk,
    stock: row.stock,
    regionName: row.region_name ?? '',
  };
}

function itemFromRow(row: PageRow, region: string): Omit<SearchItem, 'reasons'> & { regionName: string } {
  return itemFromColumns(row, { isLocal: region !== '' && row.local_rank === 1, isUmk: row.umk_rank === 1 });
}

const relevanceReasons: Record<number, string> = {
  [BAND.literal]: 'semua kata ada di nama produk',
  [BAND.name]: 'semua kata atau padanannya ada di nama produk',
  [BAND.text]: 'ditemukan lewat deskripsi produk',
  [BAND.correctedName]: 'ejaan dikoreksi, ada di nama produk',
  [BAND.corrected]: 'ejaan dikoreksi',
};
const classReasonCodes = Object.fromEntries(
  domesticClasses.map((domesticClass) => [domesticClass, `DOMESTIC.${domesticClass.toUpperCase()}`]),
) as Record<DomesticClass, string>;
/** Percentages as shown (Intl formatting is slow, and offers share few distinct values). */
const percentTexts = new Map<number, string>();
function percentText(value: number): string {
  // Keyed by hundredths (the shown precision): small integers hash fast, fractions do not.
  const hundredths = Math.round(value * 100);
  let text = percentTexts.get(hundredths);
  if (text === undefined) {
    text = percentFormat.format(hundredths / 100);
    if (percentTexts.size < 100_000) percentTexts.set(hundredths, text);
  }
  return text;
}

function classReason(item: Omit<SearchItem, 'reasons'>): string {
  switch (item.domesticClass) {
    case 'tkdn_bmp_40':
      return `Produk dalam negeri dengan TKDN+BMP ${percentText(Math.round(((item.tkdnPercent ?? 0) + (item.bmpPercent ?? 0)) * 100) / 100)}% (≥ 40%, sertifikat berlaku): prioritas pertama Perpres 16/2018 ps. 66`;
    case 'tkdn_25':
      return `Produk dalam negeri dengan TKDN ${percentText(item.tkdnPercent ?? 0)}% (≥ 25%, sertifikat berlaku): prioritas kedua`;
    case 'pdn':
      return 'Produk dalam negeri tanpa sertifikat TKDN yang berlaku: prioritas ketiga';
    case 'import':
      return 'Produk impor: setelah semua produk dalam negeri';
  }
}

function reasonsFor(
  item: Omit<SearchItem, 'reasons'> & { regionName: string },
  band: number,
  normalized: string,
  sort: SearchInput['sort'],
): SearchItem['reasons'] {
  const reasons: SearchItem['reasons'] = [];
  if (normalized)
    reasons.push({
      code: 'RELEVANCE',
      message: `Kecocokan dengan “${normalized}”: ${relevanceReasons[band] ?? relevanceReasons[BAND.corrected]}`,
    });
  reasons.push({ code: classReasonCodes[item.domesticClass], message: classReason(item) });
  if (item.isLocal) reasons.push({ code: 'LOCAL', message: `Penyedia lokal ${item.regionName}` });
  if (item.isUmk) {
    const kind =
      item.seller.scale === 'mikro' || item.seller.scale === 'kecil'
        ? `Usaha ${item.seller.scale}`
        : 'Koperasi';
    reasons.push({ code: 'UMK', message: `${kind}: didahulukan untuk target UMKK 40%` });
  }
  if (sort !== 'relevance') reasons.push({ code: 'SORT.PRICE', message: 'Diurutkan menurut harga' });
  return reasons;
}

/** A result item of the index path: the offer's details, names from the index's dictionaries. */
function itemFromOffer(
  index: CatalogIndex,
  offer: OfferDetails,
  hit: IndexHit,
): Omit<SearchItem, 'reasons'> & { regionName: string } {
  const { seller } = offer;
  return itemFromColumns(
    {
      id: offer.id,
      name: offer.name,
      unit: offer.unit,
      price_idr: offer.priceIdr,
      category_code: offer.categoryCode,
      category_name: index.labels.get(`category:${offer.categoryCode}`) ?? '',
      partner_code: offer.partnerCode,
      partner_name: index.labels.get(`partner:${offer.partnerCode}`) ?? '',
      seller_id: seller.id,
      seller_name: seller.name,
      scale: seller.scale,
      region_code: seller.region_code,
      kind: seller.kind,
      tkdn_percent: offer.tkdnPercent,
      bmp_percent: offer.bmpPercent,
      class_rank: hit.classRank,
      stock: offer.stock,
      region_name: index.labels.get(`region:${offer.kabkotaCode}`) ?? '',
    },
    { isLocal: hit.local === 1, isUmk: offer.isUmk },
  );
}

export async function loadDetails(tx: DbOrTx, ids: string[], region: string) {
  if (ids.length === 0) return new Map<string, Omit<SearchItem, 'reasons'> & { regionName: string }>();
  const rows = await queryRows<ItemColumns & { is_local: boolean; is_umk: boolean }>(
    tx,
    sql`SELECT p.id, p.name, p.unit, p.price_idr, c.code AS category_code, c.name AS category_name,
        pa.code AS partner_code, pa.name AS partner_name, s.id AS seller_id, s.name AS seller_name, s.scale,
        s.region_code, s.kind, p.tkdn_percent, p.bmp_percent, ${classRankSql} AS class_rank,
        (p.seller_kabkota_code = ${region}) AS is_local, p.seller_is_umk AS is_umk, p.stock, rg.name AS region_name
      FROM products p
      JOIN partners pa ON pa.id = p.partner_id
      JOIN categories c ON c.code = p.category_code
      JOIN sellers s ON s.id = p.seller_id
      LEFT JOIN regions rg ON rg.code = p.seller_kabkota_code
      WHERE p.id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
  );
  return new Map(
    rows.map((row) => [row.id, itemFromColumns(row, { isLocal: row.is_local, isUmk: row.is_umk })]),
  );
}

function facetsFromRows(
  rows: Array<{ facet: string; value: string; label: string; count: number }>,
): SearchResult['facets'] {
  const facets: SearchResult['facets'] = {
    category: [],
    partner: [],
    scale: [],
    domesticClass: [],
    local: [],
  };
  const scaleLabels: Record<string, string> = {
    mikro: 'Mikro',
    kecil: 'Kecil',
    menengah: 'Menengah',
    besar: 'Besar',
  };
  const classLabels = ['Impor', 'PDN', 'TKDN ≥ 25%', 'TKDN+BMP ≥ 40%'];
  for (const row of rows) {
    if (row.facet === 'domesticClass') {
      const rank = Number(row.value);
      facets.domesticClass.push({ value: classByRank[rank]!, label: classLabels[rank]!, count: row.count });
    } else if (row.facet === 'local') {
      facets.local.push({
        value: row.value === 'true' ? 'true' : 'false',
        label: row.value === 'true' ? 'Penyedia lokal' : 'Penyedia dari daerah lain',
        count: row.count,
      });
    } else if (row.facet === 'scale') {
      facets.scale.push({ value: row.value, label: scaleLabels[row.value] ?? row.value, count: row.count });
    } else {
      (facets[row.facet as 'category' | 'partner'] ?? []).push({
        value: row.value,
        label: row.label,
        count: row.count,
      });
    }
  }
  for (const list of Object.values(facets))
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    const numbers = [value.b, value.c, value.l, value.u, value.p];
    if (numbers.every(Number.isFinite) && /^[0-9a-f-]{36}$/.test(value.i)) return value;
  } catch {
    // fall through
  }
  throw new AppError('REQUEST.INVALID', 'Kursor halaman tidak valid.', { field: 'cursor' });
}
