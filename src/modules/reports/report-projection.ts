import { AsyncLocalStorage } from 'node:async_hooks';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { fillSellerBitmaps, updateSellerBitmaps } from './seller-bitmaps';

/**
 * The reports projection: what one transaction (a platform order or a partner-reported
 * transaction) contributes to the aggregates, and the incremental update that keeps them in
 * step in the order change's own transaction.
 *
 * The contribution is computed by one SQL query (`contributionQuery`) that both the
 * incremental path and the rebuild use, so the two cannot drift apart in their rules.
 */

/** Order statuses that count: from the seller's acceptance until cancelled or rejected (PUBLIC-API.md). */
export const countedOrderStatuses = [
  'accepted',
  'shipped',
  'delivered',
  'received',
  'invoiced',
  'paid',
  'completed',
] as const;
/** Partner-reported statuses that count (`cancelled` does not). */
export const countedPartnerStatuses = ['accepted', 'delivered', 'paid'] as const;
/** Domestic classes that are PDN (Perpres 16/2018 art. 66: any domestic product). */
export const pdnClasses = ['tkdn_bmp_40', 'tkdn_25', 'pdn'] as const;

export type ContributionSource = 'order' | 'partner';

export interface Contribution {
  source: ContributionSource;
  sourceId: string;
  day: string;
  pemdaCode: string;
  satkerCode: string;
  partnerId: string;
  sellerId: string;
  transactionCount: number;
  valueIdr: number;
  umkValueIdr: number;
  pdnValueIdr: number;
  tkdnValueIdr: number;
  localValueIdr: number;
  categoryValues: Record<string, number>;
  receivedDay: string | null;
  paidDay: string | null;
  paymentDays: number | null;
}

const list = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));
const wibDate = (expression: string) => `((${expression}) AT TIME ZONE 'Asia/Jakarta')::date`;
/** A WIB date from a stored ISO string, or null when it is not one (never fails the transaction). */
const wibDateOfText = (expression: string) =>
  `(CASE WHEN (${expression}) ~ '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}(:?\\d{2})?)?)?$' THEN ${wibDate(`(${expression})::timestamptz`)} END)`;
/** UMKK (DOMAIN.md): mikro/kecil (PP 7/2021) or a cooperative; same rule as the catalogue's `isUmk`. */
const sellerIsUmk = `(s.scale IN ('mikro', 'kecil') OR coalesce(s.legal_form = 'KOPERASI', false))`;

/** Per-line figures grouped by category, then folded into one row per transaction. */
const foldCategories = `
  sum(category_value)::bigint AS value_idr_lines,
  coalesce(sum(pdn_value), 0)::bigint AS pdn_value_idr,
  coalesce(sum(tkdn_value), 0)::bigint AS tkdn_value_idr,
  coalesce(jsonb_object_agg(category_code, category_value) FILTER (WHERE category_value > 0), '{}'::jsonb) AS category_values`;
const perCategory = (lineSource: string, groupBy: string) => `
  SELECT ${groupBy === '' ? '' : `${groupBy}, `}category_code,
    sum(line_value) AS category_value,
    sum(line_value) FILTER (WHERE domestic_class IN (${pdnClasses.map((c) => `'${c}'`).join(', ')})) AS pdn_value,
    sum(floor(line_value * coalesce(tkdn_percent, 0) / 100)) AS tkdn_value
  FROM (${lineSource}) lines
  GROUP BY ${groupBy === '' ? '' : `${groupBy}, `}category_code`;

/**
 * Every counted transaction's contribution, optionally limited to one source row. Platform
 * order lines carry the domestic class stamped at order time (older lines fall back on their
 * TKDN); partner-reported lines are classed by TKDN (≥ 40, ≥ 25) and else by the partner's
 * product's `is_domestic` when the product is known.
 */
export function contributionQuery(filter?: { source: ContributionSource; id: string }): SQL {
  const orderFilter = filter
    ? filter.source === 'order'
      ? sql`AND o.id = ${filter.id}`
      : sql`AND false`
    : sql``;
  const partnerFilter = filter
    ? filter.source === 'partner'
      ? sql`AND t.id = ${filter.id}`
      : sql`AND false`
    : sql``;
  // For one order, aggregate only its lines: a join condition does not reach into a grouped subquery.
  if (filter && !/^[0-9a-f-]{36}$/i.test(filter.id)) throw new Error(`not a uuid: ${filter.id}`);
  const oneOrder = filter?.source === 'order' ? ` WHERE order_id = '${filter.id}'::uuid` : '';
  const orderLineSource = `SELECT order_id, category_code, tkdn_percent,
      coalesce(qty_accepted, qty)::bigint * unit_price_idr AS line_value,
      coalesce(domestic_class, CASE WHEN tkdn_percent >= 40 THEN 'tkdn_bmp_40' WHEN tkdn_percent >= 25 THEN 'tkdn_25'
        WHEN tkdn_percent > 0 THEN 'pdn' ELSE 'import' END) AS domestic_class
    FROM order_lines${oneOrder}`;
  const partnerLineSource = `SELECT r."categoryCode" AS category_code, r."tkdnPercent" AS tkdn_percent,
      r.qty * r."unitPriceIdr" AS line_value,
      CASE WHEN r."tkdnPercent" >= 40 THEN 'tkdn_bmp_40' WHEN r."tkdnPercent" >= 25 THEN 'tkdn_25'
        WHEN r."tkdnPercent" > 0 OR coalesce((SELECT p.is_domestic FROM products p
          WHERE p.partner_id = t.partner_id AND p.external_id = r."productExternalId"), false) THEN 'pdn'
        ELSE 'import' END AS domestic_class
    FROM jsonb_to_recordset(t.lines) AS r("categoryCode" text, qty bigint, "unitPriceIdr" bigint, "tkdnPercent" numeric, "productExternalId" text)`;
  const receivedDay = wibDateOfText(`o.fulfilment #>> '{receipt,receivedAt}'`);
  const paidDay = wibDateOfText(`o.fulfilment #>> '{payment,paidAt}'`);
  return sql`
    SELECT 'order' AS source, o.id::text AS source_id, ${sql.raw(wibDate('o.ordered_at'))}::text AS day,
      o.pemda_code, o.satker_code, o.partner_id::text AS partner_id, o.seller_id::text AS seller_id,
      1 AS transaction_count, o.total_idr AS value_idr,
      CASE WHEN ${sql.raw(sellerIsUmk)} THEN o.total_idr ELSE 0 END AS umk_value_idr,
      coalesce(l.pdn_value_idr, 0) AS pdn_value_idr, coalesce(l.tkdn_value_idr, 0) AS tkdn_value_idr,
      CASE WHEN s.kabkota_code = o.pemda_code THEN o.total_idr ELSE 0 END AS local_value_idr,
      coalesce(l.category_values, '{}'::jsonb) AS category_values,
      ${sql.raw(receivedDay)}::text AS received_day, ${sql.raw(paidDay)}::text AS paid_day,
      (${sql.raw(paidDay)} - ${sql.raw(receivedDay)}) AS payment_days
    FROM orders o
    JOIN sellers s ON s.id = o.seller_id
    LEFT JOIN (
      SELECT order_id, ${sql.raw(foldCategories)}
      FROM (${sql.raw(perCategory(orderLineSource, 'order_id'))}) c
      GROUP BY order_id
    ) l ON l.order_id = o.id
    WHERE o.status IN (${list(countedOrderStatuses)}) ${orderFilter}
    UNION ALL
    SELECT 'partner', t.id::text, ${sql.raw(wibDate('t.ordered_at'))}::text,
      t.pemda_code, t.satker_code, t.partner_id::text, t.seller_id::text,
      1, t.total_idr,
      CASE WHEN ${sql.raw(sellerIsUmk)} THEN t.total_idr ELSE 0 END,
      l.pdn_value_idr, l.tkdn_value_idr,
      CASE WHEN s.kabkota_code = t.pemda_code THEN t.total_idr ELSE 0 END,
      l.category_values, NULL, NULL, NULL
    FROM partner_transactions t
    JOIN sellers s ON s.id = t.seller_id
    CROSS JOIN LATERAL (
      SELECT ${sql.raw(foldCategories)} FROM (${sql.raw(perCategory(partnerLineSource, ''))}) c
    ) l
    WHERE t.status IN (${list(countedPartnerStatuses)}) ${partnerFilter}`;
}

interface ContributionRow {
  source: ContributionSource;
  source_id: string;
  day: string;
  pemda_code: string;
  satker_code: string;
  partner_id: string;
  seller_id: string;
  transaction_count: number | string;
  value_idr: number | string;
  umk_value_idr: number | string;
  pdn_value_idr: number | string;
  tkdn_value_idr: number | string;
  local_value_idr: number | string;
  category_values: Record<string, number | string> | string;
  received_day: string | null;
  paid_day: string | null;
  payment_days: number | string | null;
}

function toContribution(row: ContributionRow): Contribution {
  const categories =
    typeof row.category_values === 'string' ? JSON.parse(row.category_values) : row.category_values;
  return {
    source: row.source,
    sourceId: row.source_id,
    day: row.day,
    pemdaCode: row.pemda_code,
    satkerCode: row.satker_code,
    partnerId: row.partner_id,
    sellerId: row.seller_id,
    transactionCount: Number(row.transaction_count),
    valueIdr: Number(row.value_idr),
    umkValueIdr: Number(row.umk_value_idr),
    pdnValueIdr: Number(row.pdn_value_idr),
    tkdnValueIdr: Number(row.tkdn_value_idr),
    localValueIdr: Number(row.local_value_idr),
    categoryValues: Object.fromEntries(
      Object.entries(categories as Record<string, number | string>).map(([code, value]) => [
        code,
        Number(value),
      ]),
    ),
    receivedDay: row.received_day,
    paidDay: row.paid_day,
    paymentDays: row.payment_days === null ? null : Number(row.payment_days),
  };
}

const storedColumns = `source, source_id::text AS source_id, day::text AS day, pemda_code, satker_code,
  partner_id::text AS partner_id, seller_id::text AS seller_id, transaction_count, value_idr, umk_value_idr,
  pdn_value_idr, tkdn_value_idr, local_value_idr, category_values, received_day::text AS received_day,
  paid_day::text AS paid_day, payment_days`;

const measureNames = [
  'transactionCount',
  'valueIdr',
  'umkValueIdr',
  'pdnValueIdr',
  'tkdnValueIdr',
  'localValueIdr',
] as const;
type Measures = Record<(typeof measureNames)[number], number>;

interface AggregateTable {
  name: string;
  /** Key columns, in primary-key order. */
  keys: string[];
  measures: readonly (keyof Measures)[];
  rows(c: Contribution): Array<{ key: string[]; values: Partial<Measures> }>;
}

const allMeasures = measureNames;
const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
const measuresOf = (c: Contribution): Measures => ({
  transactionCount: c.transactionCount,
  valueIdr: c.valueIdr,
  umkValueIdr: c.umkValueIdr,
  pdnValueIdr: c.pdnValueIdr,
  tkdnValueIdr: c.tkdnValueIdr,
  localValueIdr: c.localValueIdr,
});

/** The aggregate tables and how one contribution maps onto their rows (mirrored by the rebuild). */
export const aggregateTables: AggregateTable[] = [
  {
    name: 'report_region_days',
    keys: ['day', 'pemda_code'],
    measures: allMeasures,
    rows: (c) => [{ key: [c.day, c.pemdaCode], values: measuresOf(c) }],
  },
  {
    name: 'report_region_months',
    keys: ['month', 'pemda_code'],
    measures: allMeasures,
    rows: (c) => [{ key: [monthOf(c.day), c.pemdaCode], values: measuresOf(c) }],
  },
  {
    name: 'report_partner_days',
    keys: ['pemda_code', 'partner_id', 'day'],
    measures: allMeasures,
    rows: (c) => [{ key: [c.pemdaCode, c.partnerId, c.day], values: measuresOf(c) }],
  },
  {
    name: 'report_category_days',
    keys: ['pemda_code', 'category_code', 'partner_id', 'day'],
    measures: ['transactionCount', 'valueIdr'],
    rows: (c) =>
      Object.entries(c.categoryValues).map(([category, value]) => ({
        key: [c.pemdaCode, category, c.partnerId, c.day],
        values: { transactionCount: c.transactionCount, valueIdr: value },
      })),
  },
  {
    name: 'report_satker_days',
    keys: ['pemda_code', 'satker_code', 'day'],
    measures: allMeasures,
    rows: (c) => [{ key: [c.pemdaCode, c.satkerCode, c.day], values: measuresOf(c) }],
  },
  {
    name: 'report_seller_days',
    keys: ['pemda_code', 'seller_id', 'day'],
    measures: allMeasures,
    rows: (c) => [{ key: [c.pemdaCode, c.sellerId, c.day], values: measuresOf(c) }],
  },
];

const columnOf = (measure: keyof Measures) =>
  measure.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function sameContribution(a: Contribution | undefined, b: Contribution | undefined): boolean {
  if (!a || !b) return a === b;
  const canonical = (c: Contribution) =>
    JSON.stringify({ ...c, categoryValues: Object.entries(c.categoryValues).sort() });
  return canonical(a) === canonical(b);
}

const reportsDeferred = new AsyncLocalStorage<true>();

/**
 * Runs `work` with the reports updates of its order changes skipped: for a bulk load that
 * rebuilds the projection once it is complete (the demo history), so the reports show none of
 * it before. Only this call's own async work is affected, not requests served meanwhile.
 */
export function withReportsDeferred<T>(work: () => Promise<T>): Promise<T> {
  return reportsDeferred.run(true, work);
}

/**
 * Brings the reports in line with one order's (or partner transaction's) current rows: reads
 * what it contributed last time, computes what it contributes now, and applies the difference
 * to every aggregate — in the caller's transaction, so the figures move with the order change.
 * Call it after any change to an order's status, totals, lines or fulfilment dates.
 */
export async function updateOrderReports(tx: DbOrTx, source: ContributionSource, id: string): Promise<void> {
  await updateReportsOf(tx, source, [id]);
}

/**
 * `updateOrderReports` for several transactions of one source at once (a partner's batch): the
 * differences are summed first and every aggregate row is written once, table by table in key
 * order, so concurrent batches lock shared rows in one order and cannot deadlock (one
 * transaction after the other would lock day A then day B in one batch and B then A in another).
 */
export async function updateReportsOf(tx: DbOrTx, source: ContributionSource, ids: string[]): Promise<void> {
  if (reportsDeferred.getStore() || ids.length === 0) return;
  const sorted = [...new Set(ids)].sort();
  const storedRows = await queryRows<ContributionRow>(
    tx,
    sql`SELECT ${sql.raw(storedColumns)} FROM report_contributions WHERE source = ${source}
        AND source_id IN (${sql.join(
          sorted.map((id) => sql`${id}`),
          sql`, `,
        )}) ORDER BY source_id FOR UPDATE`,
  );
  const stored = new Map(storedRows.map((row) => [row.source_id, toContribution(row)]));
  const changes: Change[] = [];
  for (const id of sorted) {
    const [currentRow] = await queryRows<ContributionRow>(tx, contributionQuery({ source, id }));
    const before = stored.get(id);
    const after = currentRow ? toContribution(currentRow) : undefined;
    if (!sameContribution(before, after)) changes.push({ id, before, after });
  }
  if (changes.length === 0) return;
  for (const table of aggregateTables) {
    await applyDelta(tx, table, changes);
  }
  // A seller's bits move only when a transaction starts or stops counting for a (region, seller,
  // day): a change of value or dates alone leaves that seller active there.
  const bitmapKeys = changes.flatMap(({ before, after }) =>
    before &&
    after &&
    before.pemdaCode === after.pemdaCode &&
    before.sellerId === after.sellerId &&
    before.day === after.day
      ? []
      : [before, after].flatMap((c) =>
          c ? [{ pemdaCode: c.pemdaCode, sellerId: c.sellerId, day: c.day }] : [],
        ),
  );
  if (bitmapKeys.length > 0) await updateSellerBitmaps(tx, bitmapKeys);
  const replaced = changes.filter((change) => change.before).map((change) => sql`${change.id}`);
  if (replaced.length > 0)
    await tx.execute(
      sql`DELETE FROM report_contributions WHERE source = ${source} AND source_id IN (${sql.join(replaced, sql`, `)})`,
    );
  for (const { after } of changes) if (after) await insertContribution(tx, after);
}

/** What one transaction contributed before a change and contributes after it. */
interface Change {
  id: string;
  before: Contribution | undefined;
  after: Contribution | undefined;
}

async function insertContribution(tx: DbOrTx, c: Contribution) {
  await tx.execute(sql`
    INSERT INTO report_contributions (source, source_id, day, pemda_code, satker_code, partner_id, seller_id,
      transaction_count, value_idr, umk_value_idr, pdn_value_idr, tkdn_value_idr, local_value_idr,
      category_values, received_day, paid_day, payment_days)
    VALUES (${c.source}, ${c.sourceId}, ${c.day}, ${c.pemdaCode}, ${c.satkerCode}, ${c.partnerId}, ${c.sellerId},
      ${c.transactionCount}, ${c.valueIdr}, ${c.umkValueIdr}, ${c.pdnValueIdr}, ${c.tkdnValueIdr}, ${c.localValueIdr},
      ${JSON.stringify(c.categoryValues)}::jsonb, ${c.receivedDay}, ${c.paidDay}, ${c.paymentDays})`);
}

async function applyDelta(tx: DbOrTx, table: AggregateTable, changes: Change[]) {
  const deltas = new Map<string, { key: string[]; values: Measures }>();
  const add = (c: Contribution | undefined, sign: 1 | -1) => {
    if (!c) return;
    for (const row of table.rows(c)) {
      const id = JSON.stringify(row.key);
      const entry = deltas.get(id) ?? {
        key: row.key,
        values: Object.fromEntries(allMeasures.map((m) => [m, 0])) as Measures,
      };
      for (const measure of table.measures) entry.values[measure] += sign * (row.values[measure] ?? 0);
      deltas.set(id, entry);
    }
  };
  for (const { before, after } of changes) {
    add(before, -1);
    add(after, 1);
  }
  // Same order of keys in every transaction, so concurrent updates of shared rows cannot deadlock.
  const rows = [...deltas.entries()]
    .filter(([, entry]) => table.measures.some((m) => entry.values[m] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry);
  if (rows.length === 0) return;
  const columns = [...table.keys, ...table.measures.map(columnOf)];
  const values = rows.map(
    (row) =>
      sql`(${sql.join([...row.key.map((k) => sql`${k}`), ...table.measures.map((m) => sql`${row.values[m]}`)], sql`, `)})`,
  );
  const updates = table.measures
    .map(columnOf)
    .map((column) => `${column} = ${table.name}.${column} + excluded.${column}`)
    .join(', ');
  await tx.execute(sql`
    INSERT INTO ${sql.raw(table.name)} (${sql.raw(columns.join(', '))}) VALUES ${sql.join(values, sql`, `)}
    ON CONFLICT (${sql.raw(table.keys.join(', '))}) DO UPDATE SET ${sql.raw(updates)}`);
  const emptied = rows.filter((row) => row.values.transactionCount < 0);
  if (emptied.length > 0) {
    const keys = emptied.map(
      (row) =>
        sql`(${sql.join(
          row.key.map((k) => sql`${k}`),
          sql`, `,
        )})`,
    );
    const keyCasts = table.keys.map((k) => `${k}::text`).join(', ');
    await tx.execute(sql`
      DELETE FROM ${sql.raw(table.name)} WHERE transaction_count = 0
        AND (${sql.raw(keyCasts)}) IN (${sql.join(keys, sql`, `)})`);
  }
}

/** Every table of the reports projection (what a rebuild empties and fills again). */
export function projectionTables(): string[] {
  return ['report_contributions', ...aggregateTables.map((table) => table.name), 'report_seller_bitmaps'];
}

/**
 * Recomputes the whole projection from the order rows: every contribution, then every
 * aggregate by GROUP BY. Runs in one transaction; readers see the old figures until it commits.
 */
export async function rebuildReports(
  db: DbOrTx,
  options: { onStep?: (step: string, ms: number) => void } = {},
): Promise<{ contributions: number }> {
  return db.transaction(async (tx) => {
    let stepStarted = performance.now();
    const step = (name: string) => {
      options.onStep?.(name, performance.now() - stepStarted);
      stepStarted = performance.now();
    };
    const tables = projectionTables();
    await tx.execute(sql.raw(`TRUNCATE ${tables.join(', ')}`));
    // A bulk load: memory for the GROUP BYs, and no index kept up row by row; each is built once at the end.
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    await tx.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
    const indexes = await dropIndexes(tx, tables);
    await tx.execute(sql`
      INSERT INTO report_contributions (source, source_id, day, pemda_code, satker_code, partner_id, seller_id,
        transaction_count, value_idr, umk_value_idr, pdn_value_idr, tkdn_value_idr, local_value_idr,
        category_values, received_day, paid_day, payment_days)
      SELECT source, source_id::uuid, day::date, pemda_code, satker_code, partner_id::uuid, seller_id::uuid,
        transaction_count, value_idr, umk_value_idr, pdn_value_idr, tkdn_value_idr, local_value_idr,
        category_values, received_day::date, paid_day::date, payment_days
      FROM (${contributionQuery()}) c`);
    step('report_contributions');
    await aggregateFromContributions(tx, step);
    await restoreIndexes(tx, indexes);
    step('indexes');
    const [row] = await queryRows<{ count: number | string }>(
      tx,
      sql`SELECT count(*) AS count FROM report_contributions`,
    );
    return { contributions: Number(row?.count ?? 0) };
  });
}

interface DroppedIndex {
  table: string;
  name: string;
  /** `CREATE INDEX …`, or the constraint's definition (`PRIMARY KEY (…)`) when the index backs one. */
  definition: string;
  isConstraint: boolean;
}

/** Drops every index (primary keys included) of the tables, returning how to build them again. */
async function dropIndexes(tx: DbOrTx, tables: string[]): Promise<DroppedIndex[]> {
  const rows = await queryRows<{
    table_name: string;
    index_name: string;
    index_definition: string;
    constraint_name: string | null;
    constraint_definition: string | null;
  }>(
    tx,
    sql`SELECT t.relname AS table_name, i.relname AS index_name, pg_get_indexdef(i.oid) AS index_definition,
        c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_definition
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = t.oid
      WHERE t.relnamespace = current_schema()::regnamespace
        AND t.relname IN (${sql.join(
          tables.map((table) => sql`${table}`),
          sql`, `,
        )})
      ORDER BY t.relname, i.relname`,
  );
  const indexes = rows.map((row) => ({
    table: row.table_name,
    name: row.constraint_name ?? row.index_name,
    definition: row.constraint_definition ?? row.index_definition,
    isConstraint: row.constraint_name !== null,
  }));
  for (const index of indexes) {
    await tx.execute(
      sql.raw(
        index.isConstraint
          ? `ALTER TABLE "${index.table}" DROP CONSTRAINT "${index.name}"`
          : `DROP INDEX "${index.name}"`,
      ),
    );
  }
  return indexes;
}

async function restoreIndexes(tx: DbOrTx, indexes: DroppedIndex[]): Promise<void> {
  for (const index of indexes) {
    await tx.execute(
      sql.raw(
        index.isConstraint
          ? `ALTER TABLE "${index.table}" ADD CONSTRAINT "${index.name}" ${index.definition}`
          : index.definition,
      ),
    );
  }
}

/** Fills every aggregate table from `report_contributions` (the rebuild's second half). */
export async function aggregateFromContributions(
  tx: DbOrTx,
  step: (name: string) => void = () => {},
): Promise<void> {
  const sums = allMeasures.map((m) => `sum(${columnOf(m)})`).join(', ');
  const all = allMeasures.map(columnOf).join(', ');
  const month = `date_trunc('month', day)::date`;
  const statements = [
    `INSERT INTO report_region_days (day, pemda_code, ${all}) SELECT day, pemda_code, ${sums} FROM report_contributions GROUP BY 1, 2 ORDER BY 1, 2`,
    `INSERT INTO report_region_months (month, pemda_code, ${all}) SELECT ${month}, pemda_code, ${sums} FROM report_contributions GROUP BY 1, 2 ORDER BY 1, 2`,
    `INSERT INTO report_partner_days (pemda_code, partner_id, day, ${all}) SELECT pemda_code, partner_id, day, ${sums} FROM report_contributions GROUP BY 1, 2, 3`,
    `INSERT INTO report_category_days (pemda_code, category_code, partner_id, day, transaction_count, value_idr)
       SELECT pemda_code, e.key, partner_id, day, sum(transaction_count), sum(e.value::bigint)
       FROM report_contributions, jsonb_each_text(category_values) e GROUP BY 1, 2, 3, 4`,
    `INSERT INTO report_satker_days (pemda_code, satker_code, day, ${all}) SELECT pemda_code, satker_code, day, ${sums} FROM report_contributions GROUP BY 1, 2, 3`,
    `INSERT INTO report_seller_days (pemda_code, seller_id, day, ${all}) SELECT pemda_code, seller_id, day, ${sums} FROM report_contributions GROUP BY 1, 2, 3`,
  ];
  for (const statement of statements) {
    await tx.execute(sql.raw(statement));
    step(/INSERT INTO (\w+)/.exec(statement)?.[1] ?? 'aggregate');
  }
  await fillSellerBitmaps(tx);
  step('report_seller_bitmaps');
}
