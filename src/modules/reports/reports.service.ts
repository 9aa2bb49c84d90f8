import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import { listPemdas } from '../regions/regions.service';
import { assertRange, splitRange } from './report-range';
import { sellerCountQuery } from './seller-bitmaps';

/**
 * UMKK realisation target of the default rule set (DOMAIN.md: at least 40% of a pemda's
 * goods/services spend to micro and small businesses and cooperatives).
 */
export const UMKK_TARGET_SHARE = 0.4;

export interface DateRange {
  from: string;
  to: string;
}

export interface Measures {
  transactionCount: number;
  transactionValueIdr: number;
  umkValueIdr: number;
  pdnValueIdr: number;
  tkdnValueIdr: number;
  localValueIdr: number;
}

export interface RegionFigures extends Measures {
  regionCode: string;
  name: string;
  rank: number;
  umkShare: number;
  pdnShare: number;
  tkdnShare: number;
  localShare: number;
  sellerCount: number;
  population: number | null;
  valuePerInhabitantIdr: number | null;
}

type MeasureRow = Record<string, string | number | null>;
const measureSums = `sum(transaction_count) AS transaction_count, sum(value_idr) AS value_idr,
  sum(umk_value_idr) AS umk_value_idr, sum(pdn_value_idr) AS pdn_value_idr,
  sum(tkdn_value_idr) AS tkdn_value_idr, sum(local_value_idr) AS local_value_idr`;

function toMeasures(row: MeasureRow | undefined): Measures {
  return {
    transactionCount: Number(row?.transaction_count ?? 0),
    transactionValueIdr: Number(row?.value_idr ?? 0),
    umkValueIdr: Number(row?.umk_value_idr ?? 0),
    pdnValueIdr: Number(row?.pdn_value_idr ?? 0),
    tkdnValueIdr: Number(row?.tkdn_value_idr ?? 0),
    localValueIdr: Number(row?.local_value_idr ?? 0),
  };
}

/** Fraction 0–1 of the value; 0 when there is no value. */
export const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** The day-range condition over a table's `day` column for the edge days of a split range. */
function daysCondition(days: DateRange[]): SQL {
  if (days.length === 0) return sql`false`;
  return sql.join(
    days.map((range) => sql`day BETWEEN ${range.from} AND ${range.to}`),
    sql` OR `,
  );
}

/**
 * Every kabupaten/kota of the province with its figures for the range, ranked by value
 * (rank 1 = highest; equal values rank by region code). Reads whole months from the monthly
 * aggregate and the edge days from the daily one, so the cost does not grow with the number
 * of orders. `sellerCount` is the number of distinct sellers with a counted transaction from a
 * buyer in that region in the range (bit counts of the OR-ed seller bitmaps, `seller-bitmaps.ts`).
 */
export async function getRegionFigures(db: DbOrTx, range: DateRange): Promise<RegionFigures[]> {
  assertRange(range.from, range.to);
  const split = splitRange(range.from, range.to);
  const months = split.months
    ? sql`SELECT pemda_code, ${sql.raw(measureSums)} FROM report_region_months
        WHERE month BETWEEN ${split.months.from} AND ${split.months.to} GROUP BY pemda_code`
    : sql`SELECT NULL::text AS pemda_code, ${sql.raw(measureSums.replace(/sum\((\w+)\)/g, '0::bigint'))} WHERE false`;
  const [pemdas, totals, sellers, populations] = await Promise.all([
    listPemdas(db),
    queryRows<MeasureRow>(
      db,
      sql`SELECT pemda_code, ${sql.raw(measureSums)} FROM (
          ${months}
          UNION ALL
          SELECT pemda_code, ${sql.raw(measureSums)} FROM report_region_days WHERE ${daysCondition(split.days)} GROUP BY pemda_code
        ) parts GROUP BY pemda_code`,
    ),
    queryRows<{ pemda_code: string; seller_count: number | string }>(db, sellerCountQuery(range)),
    queryRows<{ region_code: string; population: number | string }>(
      db,
      sql`SELECT region_code, population FROM region_populations`,
    ),
  ]);
  const byPemda = new Map(totals.map((row) => [String(row.pemda_code), row]));
  const sellerCounts = new Map(sellers.map((row) => [row.pemda_code, Number(row.seller_count)]));
  const populationOf = new Map(populations.map((row) => [row.region_code, Number(row.population)]));
  const regions = pemdas
    .filter((pemda) => pemda.kind !== 'province')
    .map((pemda) => {
      const measures = toMeasures(byPemda.get(pemda.code));
      const population = populationOf.get(pemda.code) ?? null;
      return {
        regionCode: pemda.code,
        name: pemda.name,
        rank: 0,
        ...measures,
        umkShare: share(measures.umkValueIdr, measures.transactionValueIdr),
        pdnShare: share(measures.pdnValueIdr, measures.transactionValueIdr),
        tkdnShare: share(measures.tkdnValueIdr, measures.transactionValueIdr),
        localShare: share(measures.localValueIdr, measures.transactionValueIdr),
        sellerCount: sellerCounts.get(pemda.code) ?? 0,
        population,
        valuePerInhabitantIdr: population ? Math.round(measures.transactionValueIdr / population) : null,
      };
    })
    .sort(
      (a, b) => b.transactionValueIdr - a.transactionValueIdr || a.regionCode.localeCompare(b.regionCode),
    );
  regions.forEach((region, index) => {
    region.rank = index + 1;
  });
  return regions;
}

/** `GET /api/v1/reports/regions` exactly as PUBLIC-API.md specifies it. */
export async function getRegionsReport(db: DbOrTx, range: DateRange) {
  const regions = await getRegionFigures(db, range);
  return {
    from: range.from,
    to: range.to,
    regions: regions.map((region) => ({
      regionCode: region.regionCode,
      name: region.name,
      rank: region.rank,
      transactionCount: region.transactionCount,
      transactionValueIdr: region.transactionValueIdr,
      umkValueIdr: region.umkValueIdr,
      umkShare: region.umkShare,
      pdnShare: region.pdnShare,
      localShare: region.localShare,
      sellerCount: region.sellerCount,
    })),
  };
}

/** Realisation against the targets for the province (all 35) or one kabupaten/kota. */
export async function getRealisation(db: DbOrTx, range: DateRange, regionCode?: string) {
  const regions = await getRegionFigures(db, range);
  const selected = regionCode ? regions.filter((region) => region.regionCode === regionCode) : regions;
  if (regionCode && selected.length === 0) {
    throw new AppError('PEMDA.NOT_FOUND', `Kabupaten/kota ${regionCode} tidak terdaftar di Blangkon.`, {
      regionCode,
    });
  }
  const sum = (key: keyof Measures) => selected.reduce((total, region) => total + region[key], 0);
  const value = sum('transactionValueIdr');
  const population = selected.every((region) => region.population !== null)
    ? selected.reduce((total, region) => total + (region.population ?? 0), 0)
    : null;
  return {
    from: range.from,
    to: range.to,
    regionCode: regionCode ?? null,
    transactionCount: sum('transactionCount'),
    transactionValueIdr: value,
    umkValueIdr: sum('umkValueIdr'),
    umkShare: share(sum('umkValueIdr'), value),
    umkTargetShare: UMKK_TARGET_SHARE,
    umkTargetMet: value > 0 && share(sum('umkValueIdr'), value) >= UMKK_TARGET_SHARE,
    pdnValueIdr: sum('pdnValueIdr'),
    pdnShare: share(sum('pdnValueIdr'), value),
    tkdnValueIdr: sum('tkdnValueIdr'),
    tkdnShare: share(sum('tkdnValueIdr'), value),
    localValueIdr: sum('localValueIdr'),
    localShare: share(sum('localValueIdr'), value),
    population,
    valuePerInhabitantIdr: population ? Math.round(value / population) : null,
  };
}

export interface TimeSeriesQuery extends DateRange {
  interval: 'day' | 'month';
  regionCode?: string | undefined;
  partnerCode?: string | undefined;
  categoryCode?: string | undefined;
}

export interface TimeSeriesPoint extends Measures {
  period: string;
}

/**
 * Value and count per day or month (WIB), for the province or one kabupaten/kota, optionally
 * one partner and one category. With a category only count and value are known per category
 * (the other measures are 0), and the count is of transactions with a line in that category.
 */
export async function getTimeSeries(db: DbOrTx, query: TimeSeriesQuery) {
  assertRange(query.from, query.to);
  const conditions: SQL[] = [sql`day BETWEEN ${query.from} AND ${query.to}`];
  if (query.regionCode) conditions.push(sql`pemda_code = ${query.regionCode}`);
  if (query.partnerCode) {
    conditions.push(sql`partner_id = (SELECT id FROM partners WHERE code = ${query.partnerCode})`);
  }
  let table = 'report_region_days';
  let sums = measureSums;
  if (query.categoryCode) {
    table = 'report_category_days';
    conditions.push(sql`category_code = ${query.categoryCode}`);
    sums = `sum(transaction_count) AS transaction_count, sum(value_idr) AS value_idr`;
  } else if (query.partnerCode) {
    table = 'report_partner_days';
  }
  const period =
    query.interval === 'month'
      ? `to_char(date_trunc('month', day), 'YYYY-MM')`
      : `to_char(day, 'YYYY-MM-DD')`;
  const rows = await queryRows<MeasureRow>(
    db,
    sql`SELECT ${sql.raw(period)} AS period, ${sql.raw(sums)} FROM ${sql.raw(table)}
      WHERE ${sql.join(conditions, sql` AND `)} GROUP BY 1`,
  );
  const byPeriod = new Map(rows.map((row) => [String(row.period), row]));
  const points: TimeSeriesPoint[] = periodsBetween(query.from, query.to, query.interval).map((p) => ({
    period: p,
    ...toMeasures(byPeriod.get(p)),
  }));
  return {
    from: query.from,
    to: query.to,
    interval: query.interval,
    regionCode: query.regionCode ?? null,
    partnerCode: query.partnerCode ?? null,
    categoryCode: query.categoryCode ?? null,
    points,
  };
}

function periodsBetween(from: string, to: string, interval: 'day' | 'month'): string[] {
  const periods: string[] = [];
  if (interval === 'month') {
    const date = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
    while (date.toISOString().slice(0, 7) <= to.slice(0, 7)) {
      periods.push(date.toISOString().slice(0, 7));
      date.setUTCMonth(date.getUTCMonth() + 1);
    }
    return periods;
  }
  for (
    let time = Date.parse(`${from}T00:00:00Z`);
    time <= Date.parse(`${to}T00:00:00Z`);
    time += 86_400_000
  ) {
    periods.push(new Date(time).toISOString().slice(0, 10));
  }
  return periods;
}

/**
 * Per partner for one kabupaten/kota as of a date (PUBLIC-API.md): sellers located in the
 * region and registered with the partner by `asOf` (WIB), those sellers' active products on
 * the partner (the catalogue keeps no product history, so this is today's count for the
 * sellers registered by then), and the value of counted transactions of buyers in the region
 * through the partner with `orderedAt` up to `asOf`.
 */
export async function getPartnersReport(db: DbOrTx, query: { regionCode: string; asOf: string }) {
  const rows = await queryRows<{
    code: string;
    name: string;
    seller_count: number | string;
    product_count: number | string;
    value_idr: number | string | null;
  }>(
    db,
    sql`WITH registered AS (
        SELECT l.partner_id, l.seller_id FROM seller_listings l JOIN sellers s ON s.id = l.seller_id
        WHERE s.kabkota_code = ${query.regionCode}
          AND (l.registered_at AT TIME ZONE 'Asia/Jakarta')::date <= ${query.asOf}::date
      )
      SELECT p.code, p.name,
        (SELECT count(*) FROM registered r WHERE r.partner_id = p.id) AS seller_count,
        (SELECT count(*) FROM products pr JOIN registered r ON r.partner_id = pr.partner_id AND r.seller_id = pr.seller_id
          WHERE pr.partner_id = p.id AND pr.is_active) AS product_count,
        (SELECT sum(value_idr) FROM report_partner_days d
          WHERE d.pemda_code = ${query.regionCode} AND d.partner_id = p.id AND d.day <= ${query.asOf}::date) AS value_idr
      FROM partners p ORDER BY p.code`,
  );
  return {
    regionCode: query.regionCode,
    asOf: query.asOf,
    partners: rows.map((row) => ({
      code: row.code,
      name: row.name,
      sellerCount: Number(row.seller_count),
      productCount: Number(row.product_count),
      transactionValueIdr: Number(row.value_idr ?? 0),
    })),
  };
}

/**
 * Days from BAST to payment per satker, over orders paid in the range (WIB days of
 * `receipt.receivedAt` and `payment.paidAt`): count, median and 90th percentile (continuous).
 */
export async function getPaymentDays(db: DbOrTx, query: DateRange & { regionCode?: string | undefined }) {
  assertRange(query.from, query.to);
  const rows = await queryRows<{
    pemda_code: string;
    satker_code: string;
    satker_name: string | null;
    payment_count: number | string;
    median: number | string;
    p90: number | string;
  }>(
    db,
    sql`SELECT c.pemda_code, c.satker_code, min(s.name) AS satker_name, count(*) AS payment_count,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY c.payment_days) AS median,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY c.payment_days) AS p90
      FROM report_contributions c LEFT JOIN satkers s ON s.code = c.satker_code
      WHERE c.payment_days IS NOT NULL AND c.paid_day BETWEEN ${query.from} AND ${query.to}
        ${query.regionCode ? sql`AND c.pemda_code = ${query.regionCode}` : sql``}
      GROUP BY c.pemda_code, c.satker_code ORDER BY c.pemda_code, c.satker_code`,
  );
  return {
    from: query.from,
    to: query.to,
    regionCode: query.regionCode ?? null,
    satkers: rows.map((row) => ({
      pemdaCode: row.pemda_code,
      satkerCode: row.satker_code,
      name: row.satker_name ?? row.satker_code,
      paymentCount: Number(row.payment_count),
      medianDays: Math.round(Number(row.median) * 10) / 10,
      p90Days: Math.round(Number(row.p90) * 10) / 10,
    })),
  };
}

/** Figures per satker of one pemda for the range (officials' drill-down; scope checked by the route). */
export async function getSatkerBreakdown(db: DbOrTx, query: DateRange & { regionCode: string }) {
  assertRange(query.from, query.to);
  const rows = await queryRows<MeasureRow>(
    db,
    sql`SELECT d.satker_code, min(s.name) AS name, ${sql.raw(measureSums.replace(/sum\((\w+)\)/g, 'sum(d.$1)'))}
      FROM report_satker_days d LEFT JOIN satkers s ON s.code = d.satker_code
      WHERE d.pemda_code = ${query.regionCode} AND d.day BETWEEN ${query.from} AND ${query.to}
      GROUP BY d.satker_code ORDER BY sum(d.value_idr) DESC, d.satker_code`,
  );
  return {
    from: query.from,
    to: query.to,
    regionCode: query.regionCode,
    satkers: rows.map((row) =>
      withShares({ satkerCode: String(row.satker_code), name: String(row.name ?? row.satker_code) }, row),
    ),
  };
}

/**
 * Figures per seller for buyers of one pemda (optionally one satker of it) in the range.
 * Per satker the rows come from the per-transaction contributions (indexed by pemda, satker, day).
 */
export async function getSellerBreakdown(
  db: DbOrTx,
  query: DateRange & { regionCode: string; satkerCode?: string | undefined },
) {
  assertRange(query.from, query.to);
  const source = query.satkerCode
    ? sql`SELECT seller_id, ${sql.raw(measureSums)} FROM report_contributions
        WHERE pemda_code = ${query.regionCode} AND satker_code = ${query.satkerCode}
          AND day BETWEEN ${query.from} AND ${query.to} GROUP BY seller_id`
    : sql`SELECT seller_id, ${sql.raw(measureSums)} FROM report_seller_days
        WHERE pemda_code = ${query.regionCode} AND day BETWEEN ${query.from} AND ${query.to} GROUP BY seller_id`;
  const rows = await queryRows<MeasureRow>(
    db,
    sql`SELECT f.*, s.name, s.scale, s.kabkota_code FROM (${source}) f JOIN sellers s ON s.id = f.seller_id
      ORDER BY f.value_idr DESC, s.name`,
  );
  return {
    from: query.from,
    to: query.to,
    regionCode: query.regionCode,
    satkerCode: query.satkerCode ?? null,
    sellers: rows.map((row) =>
      withShares(
        {
          sellerId: String(row.seller_id),
          name: String(row.name),
          scale: String(row.scale),
          regionCode: String(row.kabkota_code),
        },
        row,
      ),
    ),
  };
}

function withShares<T extends object>(head: T, row: MeasureRow) {
  const measures = toMeasures(row);
  return {
    ...head,
    ...measures,
    umkShare: share(measures.umkValueIdr, measures.transactionValueIdr),
    pdnShare: share(measures.pdnValueIdr, measures.transactionValueIdr),
    localShare: share(measures.localValueIdr, measures.transactionValueIdr),
  };
}

/**
 * Loads population per kabupaten/kota from a CSV with a header naming `kode` and `jumlah`
 * (the BPS table layout: kode,nama,laki_laki,perempuan,jumlah). Replaces earlier figures of
 * the regions in the file; refuses the whole file when a row is not a kabupaten/kota of the
 * province or its number is not a positive integer.
 */
export async function loadPopulation(
  db: DbOrTx,
  csvText: string,
  source: string,
): Promise<{ loaded: number }> {
  const lines = csvText.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  const codeIndex = header.indexOf('kode');
  const totalIndex = header.indexOf('jumlah');
  if (codeIndex < 0 || totalIndex < 0) {
    throw new AppError('REPORT.POPULATION_INVALID', 'Berkas penduduk harus punya kolom "kode" dan "jumlah".');
  }
  const known = new Set((await listPemdas(db)).filter((p) => p.kind !== 'province').map((p) => p.code));
  const rows = lines.map((line, index) => {
    const cells = line.split(',').map((cell) => cell.trim());
    const code = cells[codeIndex] ?? '';
    const population = Number(cells[totalIndex]);
    if (!known.has(code) || !Number.isInteger(population) || population <= 0) {
      throw new AppError(
        'REPORT.POPULATION_INVALID',
        `Baris ${index + 2}: kode kabupaten/kota atau jumlah penduduk tidak valid.`,
        { line: index + 2, code },
      );
    }
    return { code, population };
  });
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await tx.execute(sql`INSERT INTO region_populations (region_code, population, source)
        VALUES (${row.code}, ${row.population}, ${source})
        ON CONFLICT (region_code) DO UPDATE SET population = excluded.population, source = excluded.source, loaded_at = now()`);
    }
  });
  return { loaded: rows.length };
}
