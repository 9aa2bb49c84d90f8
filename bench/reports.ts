import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../src/db/client';
import { SecretBox } from '../src/modules/partners/secret-box';
import { projectionTables, rebuildReports } from '../src/modules/reports/report-projection';
import { getRegionsReport } from '../src/modules/reports/reports.service';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openBenchDatabases } from './bench-db';

const RANGES: Array<[label: string, from: string, to: string]> = [
  ['article: 2023-01-01..2023-10-23', '2023-01-01', '2023-10-23'],
  ['four years 2021..2024', '2021-01-01', '2024-12-31'],
  ['one month 2024-03', '2024-03-01', '2024-03-31'],
  ['one day 2024-06-15', '2024-06-15', '2024-06-15'],
  ['across a year end 2022-11-15..2023-02-14', '2022-11-15', '2023-02-14'],
];
const RUNS = 15;
const NAIVE_RUNS = 3;

/**
 * `npm run bench -- reports [transactions]`: 5,000,000 generated orders on PostgreSQL (BENCH_TRANSACTIONS;
 * BENCH_TRANSACTIONS_EMBEDDED, default 200,000, on the embedded database) inserted with
 * generate_series, the projection built by the rebuild path (`rebuildReports`), then the
 * ranking of the 35 kabupaten/kota for several date ranges through the service and over HTTP,
 * next to the naive GROUP BY over the order rows in the same run. BENCH_PG_DATABASE=<name> keeps
 * the PostgreSQL database: a later run reuses it without generating again (BENCH_REBUILD=1
 * rebuilds the projection after a change to it; BENCH_LOAD_ONLY=1 only generates the orders).
 */
export async function runReportsBench(args: string[]) {
  const transactions = Number(args[0] ?? process.env.BENCH_TRANSACTIONS ?? 5_000_000);
  const embeddedTransactions = Number(
    process.env.BENCH_TRANSACTIONS_EMBEDDED ?? Math.min(transactions, 200_000),
  );
  const sellerCount = Number(process.env.BENCH_SELLERS ?? 20_000);
  console.log(
    `\n# reports: ${fmt(transactions)} orders on PostgreSQL, ${fmt(embeddedTransactions)} on the embedded database, ` +
      `${fmt(sellerCount)} sellers, 2021–2024; median of ${RUNS} runs (naive: ${NAIVE_RUNS})`,
  );
  for (const database of await openBenchDatabases()) {
    const kind = database.handle.kind;
    if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) {
      await database.close();
      continue;
    }
    const db = database.handle.db;
    const count = kind === 'postgres' ? transactions : embeddedTransactions;
    try {
      if (database.reused) {
        const [loaded] = await queryRows<{ count: number }>(
          db,
          sql`SELECT count(*)::int AS count FROM orders`,
        );
        console.log(
          `\n${database.label}: reusing ${database.handle.url} with ${fmt(loaded?.count ?? 0)} orders, not generated again`,
        );
      } else {
        const load = await generate(db, count, sellerCount);
        console.log(
          `\n${database.label}: generated ${fmt(count)} orders in ${seconds(load.total)} ` +
            `(orders and lines ${seconds(load.orders)}, indexes ${seconds(load.indexes)})`,
        );
        if (kind === 'postgres') await db.execute(sql`VACUUM ANALYZE`);
      }
      if (process.env.BENCH_LOAD_ONLY) continue;
      // A reused database keeps its projection unless BENCH_REBUILD=1 (after a projection change).
      if (!database.reused || process.env.BENCH_REBUILD === '1') {
        const started = performance.now();
        const steps: string[] = [];
        const rebuilt = await rebuildReports(db, {
          onStep: (step, stepMs) => steps.push(`${step} ${seconds(stepMs)}`),
        });
        const rebuildMs = performance.now() - started;
        if (kind === 'postgres') {
          await db.execute(sql.raw(`VACUUM ANALYZE ${projectionTables().join(', ')}`));
        }
        console.log(
          `${database.label}: rebuild of the projection (${fmt(rebuilt.contributions)} counted) ${seconds(rebuildMs)} ` +
            `(${steps.join(', ')})`,
        );
      }
      const config = loadConfig({ LOG_LEVEL: 'silent', BLANGKON_DEMO: 'false' });
      const app = await buildApp({ db, config, secretBox: new SecretBox(randomBytes(32).toString('hex')) });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      console.log('| range | service p50 | HTTP p50 | naive GROUP BY p50 | naive / service |');
      console.log('| --- | ---: | ---: | ---: | ---: |');
      for (const [label, from, to] of RANGES) {
        const service = await timeRuns(RUNS, () => getRegionsReport(db, { from, to }));
        const http = await timeRuns(RUNS, async () => {
          const response = await fetch(`${base}/api/v1/reports/regions?from=${from}&to=${to}`);
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          await response.json();
        });
        const naive = await timeRuns(NAIVE_RUNS, () => naiveRanking(db, from, to));
        await checkSame(db, from, to);
        console.log(
          `| ${label} | ${ms(service)} | ${ms(http)} | ${ms(naive)} | ${Math.round(naive / service)}× |`,
        );
      }
      await app.close();
    } finally {
      await database.close();
    }
  }
}

/**
 * Partners, sellers and `count` orders with one line each, straight into the tables, in one
 * transaction. The orders' secondary indexes are dropped for the load and built again at the
 * end (one sort each instead of millions of random inserts); ids are sequential so the primary
 * keys grow at their right edge; every derived figure comes from one hash per order.
 */
export async function generate(db: Db, count: number, sellerCount: number): Promise<GenerateTimes> {
  const started = performance.now();
  const times = { orders: 0, indexes: 0, total: 0 };
  await db.transaction(async (tx) => {
    // Generated rows are consistent by construction: skip the per-row foreign-key triggers when allowed.
    await tx.execute(sql`SAVEPOINT replica`);
    try {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    } catch {
      await tx.execute(sql`ROLLBACK TO SAVEPOINT replica`);
    }
    await tx.execute(sql`SET LOCAL maintenance_work_mem = '256MB'`);
    const indexes = await queryRows<{ name: string; definition: string }>(
      tx,
      sql`SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename IN ('orders', 'order_lines')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    );
    for (const index of indexes) await tx.execute(sql.raw(`DROP INDEX "${index.name}"`));
    const ordersStarted = performance.now();
    await insertRows(tx as unknown as Db, count, sellerCount);
    times.orders = performance.now() - ordersStarted;
    const indexesStarted = performance.now();
    for (const index of indexes) await tx.execute(sql.raw(index.definition));
    times.indexes = performance.now() - indexesStarted;
  });
  times.total = performance.now() - started;
  return times;
}

interface GenerateTimes {
  orders: number;
  indexes: number;
  total: number;
}

/** Order i's id: sequential, so the primary key and the lines' key are appended to, not scattered. */
const orderId = (i: string) => `('b0000000-0000-4000-8000-' || lpad(to_hex(${i}), 12, '0'))::uuid`;

async function insertRows(db: Db, count: number, sellerCount: number) {
  await db.execute(sql`INSERT INTO partners (code, name, base_url, joined_at) VALUES
    ('gratis-ongkir', 'Gratis Ongkir', 'http://127.0.0.1:9/go', '2022-01-01'),
    ('mbizmarket', 'Mbizmarket', 'http://127.0.0.1:9/mbz', '2021-01-01'),
    ('tisera', 'Tisera', 'http://127.0.0.1:9/tsr', '2021-01-01')`);
  // Seller i lives in kabupaten/kota (i % 35); about half are micro or small.
  await db.execute(sql`
    INSERT INTO sellers (nib, name, kind, legal_form, scale, is_pkp, region_code, kabkota_code, source_updated_at)
    SELECT '9' || lpad(i::text, 12, '0'), 'Penyedia ' || i, 'company', (ARRAY['CV','PT','UD','KOPERASI'])[1 + i % 4],
      (ARRAY['mikro','kecil','menengah','besar'])[1 + (i / 7) % 4], i % 3 = 0, k.code, k.code, now()
    FROM generate_series(0, ${sellerCount - 1}::int) i
    JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM pemdas WHERE kind <> 'province') k ON k.n = i % 35`);
  const chunk = 500_000;
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk) - 1;
    // Seven in ten orders buy from a seller of the buyer's own region, the rest from one of
    // three neighbouring regions; 8% are cancelled, rejected or still waiting, the rest counted.
    const series = sql`g AS (SELECT i, abs(hashint8(i)) AS h FROM generate_series(${start}::bigint, ${end}::bigint) i)`;
    await db.execute(sql`
      WITH p AS (SELECT array_agg(id ORDER BY code) AS ids FROM partners),
        k AS (SELECT array_agg(code ORDER BY code) AS codes FROM pemdas WHERE kind <> 'province'),
        s AS (SELECT row_number() OVER (ORDER BY nib) - 1 AS n, id FROM sellers WHERE nib LIKE '9%'),
        ${series},
        x AS (SELECT g.*, (h / 11) % ${sellerCount}::bigint AS seller_index FROM g),
        y AS (SELECT x.*, CASE WHEN (h / 7) % 10 < 7 THEN seller_index % 35
          ELSE (seller_index % 35 + 1 + (h / 16) % 3) % 35 END AS pemda_index FROM x)
      INSERT INTO orders (id, number, status, satker_code, pemda_code, partner_id, seller_id, seller_external_id, ordered_at,
        delivery_address, gross_idr, dpp_idr, ppn_idr, pbjt_idr, pph22_idr, total_idr)
      SELECT ${sql.raw(orderId('y.i'))}, 'BENCH-' || y.i,
        (ARRAY['accepted','shipped','delivered','received','invoiced','paid','completed','completed','completed','completed',
          'completed','completed','cancelled','rejected','sent','completed'])[1 + y.h % 16],
        'B-' || k.codes[1 + y.pemda_index] || '-' || (y.h / 560) % 20,
        k.codes[1 + y.pemda_index], p.ids[1 + (y.h / 3) % 3], s.id, 'X',
        timestamptz '2021-01-01 00:00+07' + ((y.h / 13) % (1461 * 86400)) * interval '1 second',
        '-', v, v, 0, 0, 0, v
      FROM y CROSS JOIN p CROSS JOIN k
      JOIN s ON s.n = y.seller_index,
      LATERAL (SELECT 10000 + (y.h / 17) % 49990000 AS v) amount`);
    await db.execute(sql`
      WITH ${series}
      INSERT INTO order_lines (order_id, line_no, product_id, product_external_id, name, category_code, tax_kind, qty,
        unit, unit_price_idr, line_total_idr, tkdn_percent, domestic_class)
      SELECT ${sql.raw(orderId('g.i'))}, 1, ${sql.raw(orderId('g.i'))}, 'X', 'Barang',
        (ARRAY['KRT-HVS','ATK-TULIS','CTK-DOKUMEN'])[1 + (g.h / 19) % 3], 'ppn', 1, 'unit', v, v,
        ((g.h / 23) % 80)::numeric, (ARRAY['tkdn_bmp_40','tkdn_25','pdn','import'])[1 + (g.h / 29) % 4]
      FROM g, LATERAL (SELECT 10000 + (g.h / 17) % 49990000 AS v) amount`);
  }
}

/** The same ranking straight from the order rows: what a report without the projection does. */
async function naiveRanking(db: Db, from: string, to: string) {
  return queryRows(
    db,
    sql`SELECT o.pemda_code, count(*) AS transaction_count, sum(o.total_idr) AS value_idr,
        sum(CASE WHEN s.scale IN ('mikro','kecil') OR s.legal_form = 'KOPERASI' THEN o.total_idr ELSE 0 END) AS umk_value_idr,
        sum(CASE WHEN s.kabkota_code = o.pemda_code THEN o.total_idr ELSE 0 END) AS local_value_idr,
        count(DISTINCT o.seller_id) AS seller_count
      FROM orders o JOIN sellers s ON s.id = o.seller_id
      WHERE o.status IN ('accepted','shipped','delivered','received','invoiced','paid','completed')
        AND (o.ordered_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN ${from}::date AND ${to}::date
      GROUP BY o.pemda_code ORDER BY value_idr DESC`,
  );
}

/** The projection's ranking and the naive one agree (value, count, sellers) — or the bench stops. */
async function checkSame(db: Db, from: string, to: string) {
  const [fast, naive] = await Promise.all([getRegionsReport(db, { from, to }), naiveRanking(db, from, to)]);
  const byCode = new Map(
    (
      naive as Array<{
        pemda_code: string;
        value_idr: string;
        transaction_count: string;
        seller_count: string;
      }>
    ).map((row) => [row.pemda_code, row]),
  );
  for (const region of fast.regions) {
    const row = byCode.get(region.regionCode);
    const expected = [
      Number(row?.value_idr ?? 0),
      Number(row?.transaction_count ?? 0),
      Number(row?.seller_count ?? 0),
    ];
    const actual = [region.transactionValueIdr, region.transactionCount, region.sellerCount];
    if (expected.join() !== actual.join()) {
      throw new Error(`${region.regionCode} ${from}..${to}: projection ${actual} vs order rows ${expected}`);
    }
  }
}

async function timeRuns(runs: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const fmt = (value: number) => new Intl.NumberFormat('en-US').format(value);
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
