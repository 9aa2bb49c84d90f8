import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import { buildTsQuery, normalizeQuery } from './search-query';

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
  nextCursor: string | null;
  items: SearchItem[];
  facets: { category: Facet[]; partner: Facet[]; scale: Facet[]; domesticClass: Facet[]; local: Facet[] };
}

// Offers whose relevance falls in the same band count as "comparably relevant" and are then
// ordered by the rules; a band is a fifth of the score range.
const RELEVANCE_BANDS = 5;
const percentFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
const TYPO_THRESHOLD = 0.45;

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
}

/**
 * One search over every partner's active offers (PUBLIC-API.md `GET /api/v1/catalog/search`):
 * Indonesian stemming, prefixes and synonyms through full-text search, typos through trigram
 * word similarity; relevance first, then among comparably relevant offers the domestic
 * cascade, a seller local to `regionCode`, UMKK sellers, and price.
 */
export async function searchCatalog(db: DbOrTx, input: SearchInput): Promise<SearchResult> {
  const normalized = normalizeQuery(input.q ?? '');
  const tsQuery = buildTsQuery(normalized);
  const region = input.regionCode ?? '';
  const relevance = tsQuery
    ? sql`greatest(least(ts_rank(p.search_vector, to_tsquery('indonesian', ${tsQuery}), 1) * 10, 1), word_similarity(${normalized}, p.name))`
    : sql`1`;
  const conditions: SQL[] = [sql`p.is_active`, sql`pa.status = 'active'`];
  if (tsQuery) {
    conditions.push(
      sql`(p.search_vector @@ to_tsquery('indonesian', ${tsQuery}) OR ${normalized} <% p.name)`,
    );
  }
  if (input.category)
    conditions.push(sql`(p.category_code = ${input.category} OR c.parent_code = ${input.category})`);
  if (input.partner) conditions.push(sql`pa.code = ${input.partner}`);
  if (input.local) {
    if (!region)
      throw new AppError('REQUEST.INVALID', 'Filter lokal memerlukan regionCode (kabupaten/kota pembeli).');
    conditions.push(sql`p.seller_kabkota_code = ${region}`);
  }
  if (input.umk) conditions.push(sql`p.seller_is_umk`);
  if (input.domesticClass)
    conditions.push(sql`${classRankSql} = ${classByRank.indexOf(input.domesticClass)}`);
  if (input.tkdnMin !== undefined)
    conditions.push(sql`${classRankSql} >= 2 AND p.tkdn_percent >= ${input.tkdnMin}`);
  if (input.priceMin !== undefined) conditions.push(sql`p.price_idr >= ${input.priceMin}`);
  if (input.priceMax !== undefined) conditions.push(sql`p.price_idr <= ${input.priceMax}`);
  const where = sql.join(conditions, sql` AND `);

  const from = sql`FROM products p
    JOIN partners pa ON pa.id = p.partner_id
    JOIN categories c ON c.code = p.category_code`;
  const ranked = sql`SELECT p.id, p.price_idr,
      floor(${relevance} * ${RELEVANCE_BANDS})::int AS band,
      ${classRankSql} AS class_rank,
      (p.seller_kabkota_code = ${region})::int AS local_rank,
      p.seller_is_umk::int AS umk_rank,
      ${relevance} AS relevance
    ${from} WHERE ${where}`;

  const cursor = decodeCursor(input.cursor);
  const order =
    input.sort === 'price_asc'
      ? {
          by: sql`r.price_idr ASC, r.id ASC`,
          after: cursor ? sql`(r.price_idr, r.id) > (${cursor.p}, ${cursor.i}::uuid)` : null,
        }
      : input.sort === 'price_desc'
        ? {
            by: sql`r.price_idr DESC, r.id ASC`,
            after: cursor ? sql`(-r.price_idr, r.id) > (${-cursor.p}, ${cursor.i}::uuid)` : null,
          }
        : {
            by: sql`r.band DESC, r.class_rank DESC, r.local_rank DESC, r.umk_rank DESC, r.price_idr ASC, r.id ASC`,
            after: cursor
              ? sql`(-r.band, -r.class_rank, -r.local_rank, -r.umk_rank, r.price_idr, r.id) > (${-cursor.b}, ${-cursor.c}, ${-cursor.l}, ${-cursor.u}, ${cursor.p}, ${cursor.i}::uuid)`
              : null,
          };

  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL pg_trgm.word_similarity_threshold = ${TYPO_THRESHOLD}`));
    const pageRows = await queryRows<{
      id: string;
      price_idr: string | number;
      band: number;
      class_rank: number;
      local_rank: number;
      umk_rank: number;
      relevance: number;
    }>(
      tx,
      sql`WITH r AS (${ranked}) SELECT * FROM r ${order.after ? sql`WHERE ${order.after}` : sql``} ORDER BY ${order.by} LIMIT ${input.limit + 1}`,
    );
    const hasMore = pageRows.length > input.limit;
    const page = pageRows.slice(0, input.limit);
    const [totals, facets, details] = await Promise.all([
      queryRows<{ total: number }>(tx, sql`SELECT count(*)::int AS total ${from} WHERE ${where}`),
      loadFacets(tx, from, where, region),
      loadDetails(
        tx,
        page.map((row) => row.id),
        region,
      ),
    ]);
    const last = page.at(-1);
    return {
      total: totals[0]?.total ?? 0,
      nextCursor:
        hasMore && last
          ? encodeCursor({
              b: last.band,
              c: last.class_rank,
              l: last.local_rank,
              u: last.umk_rank,
              p: Number(last.price_idr),
              i: last.id,
            })
          : null,
      items: page.map((row) => {
        const item = details.get(row.id)!;
        return { ...item, reasons: reasonsFor(item, row, normalized, input.sort) };
      }),
      facets,
    };
  });
}

function reasonsFor(
  item: Omit<SearchItem, 'reasons'> & { regionName: string },
  row: { relevance: number },
  normalized: string,
  sort: SearchInput['sort'],
): SearchItem['reasons'] {
  const reasons: SearchItem['reasons'] = [];
  if (normalized) {
    reasons.push({
      code: 'RELEVANCE',
      message: `Kecocokan dengan “${normalized}”: ${Math.round(Math.min(1, Number(row.relevance)) * 100)}%`,
    });
  }
  const classMessages: Record<DomesticClass, string> = {
    tkdn_bmp_40: `Produk dalam negeri dengan TKDN+BMP ${percentFormat.format(Math.round(((item.tkdnPercent ?? 0) + (item.bmpPercent ?? 0)) * 100) / 100)}% (≥ 40%, sertifikat berlaku): prioritas pertama Perpres 16/2018 ps. 66`,
    tkdn_25: `Produk dalam negeri dengan TKDN ${percentFormat.format(item.tkdnPercent ?? 0)}% (≥ 25%, sertifikat berlaku): prioritas kedua`,
    pdn: 'Produk dalam negeri tanpa sertifikat TKDN yang berlaku: prioritas ketiga',
    import: 'Produk impor: setelah semua produk dalam negeri',
  };
  reasons.push({
    code: `DOMESTIC.${item.domesticClass.toUpperCase()}`,
    message: classMessages[item.domesticClass],
  });
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

export async function loadDetails(tx: DbOrTx, ids: string[], region: string) {
  if (ids.length === 0) return new Map<string, Omit<SearchItem, 'reasons'> & { regionName: string }>();
  const rows = await queryRows<{
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
    is_local: boolean;
    is_umk: boolean;
    stock: number | null;
    region_name: string | null;
  }>(
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
    rows.map((row) => [
      row.id,
      {
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
        isLocal: row.is_local,
        isUmk: row.is_umk,
        stock: row.stock,
        regionName: row.region_name ?? '',
      },
    ]),
  );
}

async function loadFacets(
  tx: DbOrTx,
  from: SQL,
  where: SQL,
  region: string,
): Promise<SearchResult['facets']> {
  const rows = await queryRows<{ facet: string; value: string; label: string; count: number }>(
    tx,
    sql`WITH f AS (
        SELECT p.category_code, c.name AS category_name, pa.code AS partner_code, pa.name AS partner_name,
          s.scale, ${classRankSql} AS class_rank, (p.seller_kabkota_code = ${region}) AS is_local
        ${from} JOIN sellers s ON s.id = p.seller_id WHERE ${where})
      SELECT 'category' AS facet, category_code AS value, min(category_name) AS label, count(*)::int AS count FROM f GROUP BY category_code
      UNION ALL SELECT 'partner', partner_code, min(partner_name), count(*)::int FROM f GROUP BY partner_code
      UNION ALL SELECT 'scale', scale, scale, count(*)::int FROM f GROUP BY scale
      UNION ALL SELECT 'domesticClass', class_rank::text, class_rank::text, count(*)::int FROM f GROUP BY class_rank
      UNION ALL SELECT 'local', is_local::text, is_local::text, count(*)::int FROM f GROUP BY is_local`,
  );
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
