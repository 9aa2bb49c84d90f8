import { sql } from 'drizzle-orm';
import { type DatabaseHandle, queryRows } from '../src/db/client';
import { rebuildReports } from '../src/modules/reports/report-projection';
import { getRegionFigures } from '../src/modules/reports/reports.service';
import { wibDay } from '../src/shared/time';
import { recomputeFromOrderRows, snapshotProjection } from '../src/testing/report-scenario';
import type { TestApp } from '../src/testing/test-app';
import type { ExpectedState } from './soak-load';

/**
 * What must hold in the database after the soak, checked once the server processes stopped:
 * stock, the orders and transactions the clients were answered 2xx for, and the reports
 * projection against the order rows (the reports tests' helpers) and against a rebuild.
 */

export interface Invariant {
  name: string;
  ok: boolean;
  detail: string;
}

const preview = (items: string[]) =>
  `${items.slice(0, 5).join('; ')}${items.length > 5 ? ` … (${items.length})` : ''}`;

export async function checkInvariants(handle: DatabaseHandle, expected: ExpectedState): Promise<Invariant[]> {
  const db = handle.db;
  const result: Invariant[] = [];

  const [stock] = await queryRows<{ negative: number; products: number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE stock < 0)::int AS negative, count(*)::int AS products FROM products`,
  );
  result.push({
    name: 'stock never negative',
    ok: stock?.negative === 0,
    detail: `${stock?.negative} of ${stock?.products} products below 0`,
  });

  const stored = await queryRows<{ number: string; status: string; lines: number }>(
    db,
    sql`SELECT o.number, o.status, (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS lines FROM orders o`,
  );
  const byNumber = new Map<string, Array<{ status: string; lines: number }>>();
  for (const row of stored) byNumber.set(row.number, [...(byNumber.get(row.number) ?? []), row]);
  const missing: string[] = [];
  const wrongLines: string[] = [];
  const wrongStatus: string[] = [];
  for (const order of expected.orders) {
    const rows = byNumber.get(order.number) ?? [];
    if (rows.length !== 1) missing.push(`${order.number} stored ${rows.length}×`);
    else if (rows[0]!.lines !== order.lines || order.lines === 0)
      wrongLines.push(`${order.number}: ${rows[0]!.lines} lines, answered ${order.lines}`);
    else if (order.status !== null && rows[0]!.status !== order.status)
      wrongStatus.push(`${order.number}: ${rows[0]!.status}, last answer ${order.status}`);
  }
  const answered = new Set(expected.orders.map((order) => order.number));
  const unanswered = stored.filter((row) => !answered.has(row.number)).map((row) => row.number);
  const uncertain = expected.orders.filter((order) => order.status === null).length;
  result.push({
    name: 'every order answered 201 is stored once, with its lines',
    ok: missing.length === 0 && wrongLines.length === 0,
    detail: `${expected.orders.length} answered, ${stored.length} stored${missing.length + wrongLines.length > 0 ? `: ${preview([...missing, ...wrongLines])}` : ''}`,
  });
  result.push({
    name: 'no order stored without a 201 answer',
    ok: unanswered.length === 0,
    detail: unanswered.length === 0 ? 'none' : preview(unanswered),
  });
  result.push({
    name: "each order's status is the one its last 2xx step answered",
    ok: wrongStatus.length === 0,
    detail: `${expected.orders.length - uncertain} checked (${uncertain} left unknown by a failed step)${wrongStatus.length > 0 ? `: ${preview(wrongStatus)}` : ''}`,
  });

  const transactions = await queryRows<{ code: string; external_order_id: string; status: string }>(
    db,
    sql`SELECT p.code, t.external_order_id, t.status FROM partner_transactions t JOIN partners p ON p.id = t.partner_id`,
  );
  const transactionStatus = new Map(transactions.map((t) => [`${t.code}/${t.external_order_id}`, t.status]));
  const wrongTransactions = expected.transactions
    .filter(
      (t) => t.status !== null && transactionStatus.get(`${t.partnerCode}/${t.externalOrderId}`) !== t.status,
    )
    .map(
      (t) =>
        `${t.externalOrderId}: ${transactionStatus.get(`${t.partnerCode}/${t.externalOrderId}`) ?? 'missing'}, reported ${t.status}`,
    );
  result.push({
    name: 'every partner transaction answered 200 is stored with its last status',
    ok: wrongTransactions.length === 0,
    detail: `${expected.transactions.length} reported${wrongTransactions.length > 0 ? `: ${preview(wrongTransactions)}` : ''}`,
  });

  // The reports tests' helpers take a TestApp and use only its database handle.
  const t = { handle } as TestApp;
  const from = '2020-01-01';
  const to = wibDay(new Date(Date.now() + 86_400_000));
  const recomputed = await recomputeFromOrderRows(t, from, to);
  // The helper classes a partner-reported line as PDN by its TKDN only; the projection also by
  // the partner's product's is_domestic when the line names a known product (contributionQuery).
  const domesticLines = await queryRows<{ pemda_code: string; value: number }>(
    db,
    sql`SELECT t.pemda_code, sum(r.qty * r."unitPriceIdr")::float8 AS value
      FROM partner_transactions t
      CROSS JOIN LATERAL jsonb_to_recordset(t.lines) AS r(qty bigint, "unitPriceIdr" bigint, "tkdnPercent" numeric, "productExternalId" text)
      JOIN products p ON p.partner_id = t.partner_id AND p.external_id = r."productExternalId"
      WHERE t.status IN ('accepted', 'delivered', 'paid') AND coalesce(r."tkdnPercent", 0) <= 0 AND p.is_domestic
        AND (t.ordered_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN ${from}::date AND ${to}::date
      GROUP BY t.pemda_code`,
  );
  for (const row of domesticLines) {
    const e = recomputed.get(row.pemda_code);
    if (e) e.pdnValueIdr += Number(row.value);
  }
  const figures = await getRegionFigures(db, { from, to });
  const differing = figures.flatMap((region) => {
    const e = recomputed.get(region.regionCode);
    const want = [
      e?.transactionCount ?? 0,
      e?.valueIdr ?? 0,
      e?.umkValueIdr ?? 0,
      e?.pdnValueIdr ?? 0,
      e?.tkdnValueIdr ?? 0,
      e?.localValueIdr ?? 0,
      e?.sellers.size ?? 0,
    ];
    const got = [
      region.transactionCount,
      region.transactionValueIdr,
      region.umkValueIdr,
      region.pdnValueIdr,
      region.tkdnValueIdr,
      region.localValueIdr,
      region.sellerCount,
    ];
    return want.join() === got.join()
      ? []
      : [`${region.regionCode}: projection ${got.join('/')} ≠ rows ${want.join('/')}`];
  });
  const counted = figures.reduce((sum, region) => sum + region.transactionCount, 0);
  result.push({
    name: 'reports projection equals a recomputation from the order and transaction rows',
    ok: differing.length === 0,
    detail: `${from}..${to}, ${counted} counted transactions (count/value/UMKK/PDN/TKDN/local/sellers)${differing.length > 0 ? `: ${preview(differing)}` : ''}`,
  });

  const incremental = await snapshotProjection(t);
  await rebuildReports(db);
  const rebuilt = await snapshotProjection(t);
  const changedTables = Object.keys(rebuilt).filter(
    (table) => JSON.stringify(rebuilt[table]) !== JSON.stringify(incremental[table]),
  );
  result.push({
    name: 'reports projection equals a rebuild',
    ok: changedTables.length === 0,
    detail:
      changedTables.length === 0
        ? `${Object.keys(rebuilt).length} tables identical`
        : `differs in ${changedTables.join(', ')}`,
  });
  return result;
}
