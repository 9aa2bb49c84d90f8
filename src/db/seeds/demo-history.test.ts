import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { queryRows } from '../client';
import { seedDemoPartners } from './demo';
import { type DemoHistoryCounts, seedDemoHistory } from './demo-history';

let t: TestApp;
let counts: DemoHistoryCounts | null;
/** What the database held when a first load was stopped half-way through the platform orders. */
let atStop: { ordersPlaced: number; reportedValue: number; progress: number } | undefined;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoPartners(t.handle.db, t.secretBox, 3100);
  // The server loads the history while it serves and may be stopped at any point: stop a first
  // load half-way through the platform orders (the shutdown's signal), then let a second finish.
  const stop = new AbortController();
  let progress = 0;
  await seedDemoHistory(t.handle.db, {
    signal: stop.signal,
    onProgress: (percent) => {
      progress = percent;
      if (percent >= 60) stop.abort();
    },
  }).catch((error: unknown) => {
    if (!stop.signal.aborted) throw error;
  });
  const [placed] = await queryRows<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM orders`);
  const regions = await t.app.inject({
    method: 'GET',
    url: '/api/v1/reports/regions?from=2021-01-01&to=2024-12-31',
  });
  atStop = {
    ordersPlaced: placed!.n,
    reportedValue: (regions.json().regions as Array<{ transactionValueIdr: number }>).reduce(
      (sum, region) => sum + region.transactionValueIdr,
      0,
    ),
    progress,
  };
  counts = await seedDemoHistory(t.handle.db);
}, 600_000);
afterAll(async () => {
  await t?.close();
});

/**
 * Every transaction that counts (PUBLIC-API.md Reports): platform orders from the seller's
 * acceptance on, partner-reported ones unless cancelled; never cancelled or rejected; on the
 * WIB day of orderedAt. Written here independently of the seeder and of any reports module.
 */
const counted = sql.raw(`(
  SELECT pemda_code, total_idr, (ordered_at AT TIME ZONE 'Asia/Jakarta')::date AS day FROM orders
    WHERE status IN ('accepted', 'shipped', 'delivered', 'received', 'invoiced', 'paid', 'completed')
  UNION ALL
  SELECT pemda_code, total_idr, (ordered_at AT TIME ZONE 'Asia/Jakarta')::date AS day FROM partner_transactions
    WHERE status IN ('accepted', 'delivered', 'paid')
)`);

async function ranking(from: string, to: string) {
  return queryRows<{ code: string; value: number; count: number }>(
    t.handle.db,
    sql`SELECT p.code, coalesce(sum(c.total_idr), 0)::float8 AS value, count(c.total_idr)::int AS count
      FROM pemdas p LEFT JOIN ${counted} c ON c.pemda_code = p.code AND c.day BETWEEN ${from}::date AND ${to}::date
      WHERE p.code LIKE '33.%'
      GROUP BY p.code ORDER BY value DESC, p.code`,
  );
}

describe('demo history loaded while the server serves', () => {
  it('a load stopped half-way shows none of the history in the reports: they are published when it completes', () => {
    expect(atStop!.progress).toBeGreaterThanOrEqual(60);
    expect(atStop!.progress).toBeLessThan(100);
    expect(atStop!.ordersPlaced).toBeGreaterThan(0);
    expect(atStop!.reportedValue).toBe(0);
  });

  it('the next load resumes where the stopped one ended: every planned platform order exists once', async () => {
    expect(counts!.platformOrders).toBeGreaterThan(atStop!.ordersPlaced);
    const [row] = await queryRows<{ orders: number; transactions: number }>(
      t.handle.db,
      sql`SELECT (SELECT count(*) FROM orders)::int AS orders,
          (SELECT count(*) FROM partner_transactions)::int AS transactions`,
    );
    expect(row!.orders).toBe(counts!.platformOrders);
    expect(row!.transactions).toBe(counts!.partnerTransactions);
  });
});

describe('demo history (the article of October 2023)', () => {
  it('loads thousands of sellers, tens of thousands of products, transactions and platform orders', () => {
    expect(counts).not.toBeNull();
    expect(counts!.sellers).toBeGreaterThan(3000);
    expect(counts!.products).toBeGreaterThan(20_000);
    expect(counts!.partnerTransactions).toBeGreaterThan(10_000);
    expect(counts!.platformOrders).toBeGreaterThan(50);
  });

  it('from 1 January to 23 October 2023 (WIB) Batang is rank 1 of the 35 kabupaten/kota with more than Rp42.000.000.000', async () => {
    const rows = await ranking('2023-01-01', '2023-10-23');
    expect(rows).toHaveLength(35);
    expect(rows[0]!.code).toBe('33.25');
    expect(rows[0]!.value).toBeGreaterThan(42_000_000_000);
    expect(rows[1]!.value).toBeLessThan(rows[0]!.value);
  });

  it('Gratis Ongkir has exactly 549 sellers located in Batang registered by 23 October 2023, and more later', async () => {
    const [row] = await queryRows<{ byStory: number; later: number }>(
      t.handle.db,
      sql`SELECT count(*) FILTER (WHERE l.registered_at < '2023-10-24T00:00:00+07:00')::int AS "byStory",
          count(*) FILTER (WHERE l.registered_at >= '2023-10-24T00:00:00+07:00')::int AS later
        FROM seller_listings l
        JOIN partners pa ON pa.id = l.partner_id
        JOIN sellers s ON s.id = l.seller_id
        JOIN regions r ON r.code = s.region_code
        WHERE pa.code = 'gratis-ongkir' AND (r.code = '33.25' OR r.code LIKE '33.25.%')`,
    );
    expect(row!.byStory).toBe(549);
    expect(row!.later).toBeGreaterThan(0);
  });

  it('every one of the 35 kabupaten/kota buys in 2024, and only after it joined', async () => {
    expect((await ranking('2024-01-01', '2024-12-31')).every((row) => row.count > 0)).toBe(true);
    const [early] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM ${counted} c JOIN pemdas p ON p.code = c.pemda_code
        WHERE p.joined_at IS NULL OR c.day < p.joined_at`,
    );
    expect(early!.n).toBe(0);
  });

  it('nothing of the history is dated in the last 30 days', async () => {
    const [row] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT (SELECT count(*) FROM orders WHERE ordered_at > now() - interval '30 days')
          + (SELECT count(*) FROM partner_transactions WHERE ordered_at > now() - interval '30 days')
          + (SELECT count(*) FROM seller_listings WHERE registered_at > now() - interval '30 days') AS n`,
    );
    expect(Number(row!.n)).toBe(0);
  });

  it('every order stays below its limit: Batang below Rp50.000.000, elsewhere below Rp200.000.000', async () => {
    const rows = await queryRows<{ batang: number; other: number }>(
      t.handle.db,
      sql`SELECT max(total_idr) FILTER (WHERE pemda_code = '33.25')::float8 AS batang,
          max(total_idr) FILTER (WHERE pemda_code <> '33.25')::float8 AS other
        FROM (SELECT pemda_code, total_idr FROM orders UNION ALL SELECT pemda_code, total_idr FROM partner_transactions) t`,
    );
    expect(rows[0]!.batang).toBeLessThan(50_000_000);
    expect(rows[0]!.other).toBeLessThan(200_000_000);
  });

  it('about half the sellers are individuals, none with a legal form', async () => {
    const [row] = await queryRows<{ individuals: number; total: number; withForm: number }>(
      t.handle.db,
      sql`SELECT count(*) FILTER (WHERE kind = 'individual')::int AS individuals, count(*)::int AS total,
          count(*) FILTER (WHERE kind = 'individual' AND legal_form IS NOT NULL)::int AS "withForm"
        FROM sellers`,
    );
    expect(row!.individuals / row!.total).toBeGreaterThan(0.4);
    expect(row!.individuals / row!.total).toBeLessThan(0.6);
    expect(row!.withForm).toBe(0);
  });

  it('historic platform orders carry their own date, year in the number, and leave no call for a live partner', async () => {
    const [row] = await queryRows<{ total: number; wrongYear: number; pending: number; completed: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS total,
          count(*) FILTER (WHERE split_part(number, '-', 3) <> to_char(ordered_at AT TIME ZONE 'Asia/Jakarta', 'YYYY'))::int AS "wrongYear",
          (SELECT count(*) FROM outbox_messages WHERE status <> 'delivered')::int AS pending,
          count(*) FILTER (WHERE status = 'completed')::int AS completed
        FROM orders`,
    );
    expect(row!.total).toBeGreaterThan(50);
    expect(row!.wrongYear).toBe(0);
    expect(row!.pending).toBe(0);
    expect(row!.completed / row!.total).toBeGreaterThan(0.8);
  });

  it('PPN of platform orders follows the rate of their day: 10% before 1 April 2022, 11% after', async () => {
    const rows = await queryRows<{ before: boolean; gross: number; ppn: number }>(
      t.handle.db,
      sql`SELECT (o.ordered_at < '2022-04-01T00:00:00+07:00') AS before, o.gross_idr::float8 AS gross,
          o.ppn_idr::float8 AS ppn
        FROM orders o JOIN sellers s ON s.id = o.seller_id
        WHERE s.is_pkp AND o.pbjt_idr = 0 AND o.ppn_idr > 0 AND o.status = 'completed'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const rate = row.before ? 10 : 11;
      expect(row.ppn).toBe(row.gross - Math.floor((row.gross * 100) / (100 + rate)));
    }
  });

  it('loads once: a second call changes nothing', async () => {
    const before = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM partner_transactions`,
    );
    expect(await seedDemoHistory(t.handle.db)).toBeNull();
    const after = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM partner_transactions`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('the public dashboard reports show the article’s picture', () => {
  it('GET /api/v1/reports/regions for 2023-01-01..2023-10-23 ranks Batang 1 with more than Rp42.000.000.000, as the order rows say', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/reports/regions?from=2023-01-01&to=2023-10-23',
    });
    expect(response.statusCode, response.body).toBe(200);
    const regions = response.json().regions as Array<{
      regionCode: string;
      rank: number;
      transactionValueIdr: number;
      transactionCount: number;
    }>;
    expect(regions).toHaveLength(35);
    const batang = regions.find((region) => region.regionCode === '33.25')!;
    expect(batang.rank).toBe(1);
    expect(batang.transactionValueIdr).toBeGreaterThan(42_000_000_000);
    const independent = await ranking('2023-01-01', '2023-10-23');
    for (const row of independent) {
      const reported = regions.find((region) => region.regionCode === row.code)!;
      expect(reported.transactionValueIdr, row.code).toBe(row.value);
      expect(reported.transactionCount, row.code).toBe(row.count);
    }
  });

  it('GET /api/v1/reports/partners for Batang as of 2023-10-23 gives Gratis Ongkir 549 sellers', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/reports/partners?regionCode=33.25&asOf=2023-10-23',
    });
    expect(response.statusCode, response.body).toBe(200);
    const partners = response.json().partners as Array<{ code: string; sellerCount: number }>;
    expect(partners.find((partner) => partner.code === 'gratis-ongkir')!.sellerCount).toBe(549);
  });
});
