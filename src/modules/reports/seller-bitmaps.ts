import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { addDays, addMonths, type DayRange, splitRangeIntoPeriods } from './report-range';
import { SELLER_BITMAP_BITS } from './reports.schema';

/**
 * Distinct seller counts over any date range, exact, from `report_seller_bitmaps`: per level
 * (year, month, day), period, buyer region and chunk of 4096 seller ordinals, the sellers with
 * a counted transaction from a buyer of that region in that period. A range ORs the bitmaps of
 * its whole years, whole months and edge days per region and chunk and counts the bits.
 *
 * The bitmaps follow `report_seller_days` (a day's bit is set while that row has a counted
 * transaction; a month's or year's while any of its days has), kept in step in the order
 * change's transaction (`updateSellerBitmaps`) and rebuilt set-based (`fillSellerBitmaps`).
 */

export type BitmapLevel = 'y' | 'm' | 'd';
const levels: BitmapLevel[] = ['y', 'm', 'd'];

/** The bitmap row and bit of a seller ordinal. */
export function bitmapPosition(ordinal: number): { chunk: number; bit: number } {
  return { chunk: Math.floor(ordinal / SELLER_BITMAP_BITS), bit: ordinal % SELLER_BITMAP_BITS };
}

/** The period (first day) and the days of the level's period containing `day`. */
export function periodOf(level: BitmapLevel, day: string): { period: string; first: string; last: string } {
  if (level === 'd') return { period: day, first: day, last: day };
  const period = level === 'm' ? `${day.slice(0, 7)}-01` : `${day.slice(0, 4)}-01-01`;
  return { period, first: period, last: addDays(addMonths(period, level === 'm' ? 1 : 12), -1) };
}

/** Per buyer region, the distinct sellers with a counted transaction in the range. */
export function sellerCountQuery(range: DayRange): SQL {
  const split = splitRangeIntoPeriods(range.from, range.to);
  const parts: SQL[] = [];
  if (split.years)
    parts.push(sql`(level = 'y' AND period BETWEEN ${split.years.from} AND ${split.years.to})`);
  for (const months of split.months)
    parts.push(sql`(level = 'm' AND period BETWEEN ${months.from} AND ${months.to})`);
  for (const days of split.days)
    parts.push(sql`(level = 'd' AND period BETWEEN ${days.from} AND ${days.to})`);
  return sql`SELECT pemda_code, sum(bit_count(bits)) AS seller_count FROM (
      SELECT pemda_code, chunk, bit_or(bits) AS bits FROM report_seller_bitmaps
      WHERE ${sql.join(parts, sql` OR `)} GROUP BY pemda_code, chunk
    ) chunks GROUP BY pemda_code`;
}

const emptyBits = `repeat('0', ${SELLER_BITMAP_BITS})::bit(${SELLER_BITMAP_BITS})`;

/**
 * Fills the bitmaps from `report_seller_days` (the rebuild, after the per-day rows): each day's
 * bitmap from its rows, then each month's as the OR of its days and each year's of its months.
 * Rows go in in key order, so a range's rows lie together on few pages.
 */
export async function fillSellerBitmaps(tx: DbOrTx): Promise<void> {
  const statements = [
    `INSERT INTO report_seller_bitmaps (level, period, pemda_code, chunk, bits)
      SELECT 'd', d.day, d.pemda_code, s.ordinal / ${SELLER_BITMAP_BITS},
        bit_or(set_bit(${emptyBits}, s.ordinal % ${SELLER_BITMAP_BITS}, 1))
      FROM report_seller_days d JOIN sellers s ON s.id = d.seller_id
      WHERE d.transaction_count > 0
      GROUP BY 2, 3, 4 ORDER BY 2, 3, 4`,
    ...(['m', 'y'] as const).map(
      (level) => `INSERT INTO report_seller_bitmaps (level, period, pemda_code, chunk, bits)
      SELECT '${level}', date_trunc('${level === 'm' ? 'month' : 'year'}', period)::date, pemda_code, chunk, bit_or(bits)
      FROM report_seller_bitmaps WHERE level = '${level === 'm' ? 'd' : 'm'}'
      GROUP BY 2, 3, 4 ORDER BY 2, 3, 4`,
    ),
  ];
  for (const statement of statements) await tx.execute(sql.raw(statement));
}

interface Cell {
  level: BitmapLevel;
  period: string;
  first: string;
  last: string;
  pemdaCode: string;
  sellerId: string;
  chunk: number;
  bit: number;
}

const rowKey = (c: { level: string; period: string; pemdaCode: string; chunk: number }) =>
  `${c.level}|${c.period}|${c.pemdaCode}|${String(c.chunk).padStart(10, '0')}`;

/**
 * Brings the bitmaps in line with `report_seller_days` for the (region, seller, day) keys a
 * change touched, in the caller's transaction: for each of the key's day, month and year, the
 * seller's bit is set while the seller has a counted transaction from the region in it.
 *
 * The bitmap rows are locked (in key order, so concurrent changes cannot deadlock) before the
 * per-day rows are read: a change clearing a month's bit then waits for one setting it, and
 * sees its day when it reads.
 */
export async function updateSellerBitmaps(
  tx: DbOrTx,
  keys: Array<{ pemdaCode: string; sellerId: string; day: string }>,
): Promise<void> {
  if (keys.length === 0) return;
  const sellerIds = [...new Set(keys.map((key) => key.sellerId))];
  const ordinals = await queryRows<{ id: string; ordinal: number }>(
    tx,
    sql`SELECT id::text AS id, ordinal FROM sellers WHERE id IN (${sql.join(
      sellerIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  const ordinalOf = new Map(ordinals.map((row) => [row.id, Number(row.ordinal)]));
  const cells = new Map<string, Cell>();
  for (const key of keys) {
    const ordinal = ordinalOf.get(key.sellerId);
    if (ordinal === undefined) throw new Error(`seller ${key.sellerId} has no ordinal`);
    for (const level of levels) {
      const cell = { level, ...periodOf(level, key.day), pemdaCode: key.pemdaCode, sellerId: key.sellerId };
      cells.set(`${rowKey({ ...cell, chunk: 0 })}|${key.sellerId}`, { ...cell, ...bitmapPosition(ordinal) });
    }
  }
  const rowKeys = [...new Set([...cells.values()].map(rowKey))].sort();
  const rowValues = (keysOfRows: string[]) =>
    sql.join(
      keysOfRows.map((key) => {
        const [level, period, pemdaCode, chunk] = key.split('|') as [string, string, string, string];
        return sql`(${level}, ${period}::date, ${pemdaCode}, ${Number(chunk)}::int)`;
      }),
      sql`, `,
    );
  const stored = await queryRows<{
    level: string;
    period: string;
    pemda_code: string;
    chunk: number;
    bits: string;
  }>(
    tx,
    sql`SELECT level, period::text AS period, pemda_code, chunk, bits::text AS bits FROM report_seller_bitmaps
      WHERE (level, period, pemda_code, chunk) IN (${rowValues(rowKeys)})
      ORDER BY level, period, pemda_code, chunk FOR UPDATE`,
  );
  const bitsOf = new Map(
    stored.map((row) => [
      rowKey({ level: row.level, period: row.period, pemdaCode: row.pemda_code, chunk: Number(row.chunk) }),
      row.bits,
    ]),
  );
  const cellList = [...cells.values()];
  const activity = await queryRows<{ active: boolean }>(
    tx,
    sql`SELECT EXISTS (SELECT 1 FROM report_seller_days d WHERE d.pemda_code = v.pemda_code
        AND d.seller_id = v.seller_id::uuid AND d.day BETWEEN v.first::date AND v.last::date
        AND d.transaction_count > 0) AS active
      FROM (VALUES ${sql.join(
        cellList.map(
          (cell, index) =>
            sql`(${index}::int, ${cell.pemdaCode}, ${cell.sellerId}, ${cell.first}, ${cell.last})`,
        ),
        sql`, `,
      )}) AS v(position, pemda_code, seller_id, first, last) ORDER BY v.position`,
  );
  // Per bitmap row, the bits to set and to clear where they differ from what is stored.
  const changes = new Map<string, { set: number[]; clear: number[] }>();
  cellList.forEach((cell, index) => {
    const active = Boolean(activity[index]?.active);
    const key = rowKey(cell);
    const isSet = bitsOf.get(key)?.[cell.bit] === '1';
    if (active === isSet) return;
    const change = changes.get(key) ?? { set: [], clear: [] };
    (active ? change.set : change.clear).push(cell.bit);
    changes.set(key, change);
  });
  for (const key of [...changes.keys()].sort()) {
    const { set, clear } = changes.get(key)!;
    const [level, period, pemdaCode, chunk] = key.split('|') as [string, string, string, string];
    const where = sql`level = ${level} AND period = ${period}::date AND pemda_code = ${pemdaCode} AND chunk = ${Number(chunk)}`;
    const clearMask = mask(clear, '1', '0');
    if (set.length > 0) {
      await tx.execute(sql`
        INSERT INTO report_seller_bitmaps AS t (level, period, pemda_code, chunk, bits)
        VALUES (${level}, ${period}::date, ${pemdaCode}, ${Number(chunk)}, ${mask(set, '0', '1')}::bit(${sql.raw(String(SELLER_BITMAP_BITS))}))
        ON CONFLICT (level, period, pemda_code, chunk)
          DO UPDATE SET bits = (t.bits & ${clearMask}::bit(${sql.raw(String(SELLER_BITMAP_BITS))})) | excluded.bits`);
    } else {
      await tx.execute(sql`
        UPDATE report_seller_bitmaps SET bits = bits & ${clearMask}::bit(${sql.raw(String(SELLER_BITMAP_BITS))}) WHERE ${where}`);
      await tx.execute(sql`DELETE FROM report_seller_bitmaps WHERE ${where} AND bit_count(bits) = 0`);
    }
  }
}

/** A bit string of `base` with the given bits flipped to `value`. */
function mask(bits: number[], base: '0' | '1', value: '0' | '1'): string {
  const chars = new Array<string>(SELLER_BITMAP_BITS).fill(base);
  for (const bit of bits) chars[bit] = value;
  return chars.join('');
}
