import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type DatabaseHandle, queryRows } from '../src/db/client';
import { createUser } from '../src/modules/accounts/users.service';
import { syncProducts } from '../src/modules/catalog/products.sync';
import { createPartner } from '../src/modules/partners/partners.service';
import { SecretBox } from '../src/modules/partners/secret-box';
import { createSatker } from '../src/modules/satkers/satkers.service';
import { syncSellers } from '../src/modules/sellers/sellers.sync';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { type BenchDatabase, formatRate, openBenchDatabases } from './bench-db';

const actor = { userId: null, label: 'bench' };
const provinceScope = { allRegions: true, pemdaCodes: [], satkerCodes: [] };
const PASSWORD = 'bench-password-1';

/**
 * `npm run bench -- checkout`: orders per second and p99 latency of `POST /api/v1/orders` over
 * HTTP at 32 concurrent buyers (each a PP of its own satker, one or two sellers per cart), next
 * to the bare single-row INSERT + COMMIT rate of the same database at the same concurrency in
 * the same run. BENCH_CHECKOUTS (default 4,000) sets the number of checkouts;
 * BENCH_ONLY=postgres|pglite picks one database.
 */
export async function runCheckoutBench(_args: string[]) {
  const checkouts = Number(process.env.BENCH_CHECKOUTS ?? 4_000);
  const buyers = Number(process.env.BENCH_CLIENTS ?? 32);
  console.log(`\n# checkout: ${formatRate(checkouts)} checkouts over HTTP by ${buyers} concurrent buyers`);
  for (const database of await openBenchDatabases({ poolSize: buyers })) {
    const only = process.env.BENCH_ONLY;
    if (only && !database.label.toLowerCase().includes(only === 'pglite' ? 'embedded' : only)) {
      await database.close();
      continue;
    }
    try {
      await benchOne(database, checkouts, buyers);
    } finally {
      await database.close();
    }
  }
}

async function benchOne(database: BenchDatabase, checkouts: number, buyers: number) {
  const { handle } = database;
  const setupStarted = performance.now();
  const cart = await seedBuyersAndOffers(handle, buyers);
  const box = new SecretBox(randomBytes(32).toString('hex'));
  const config = loadConfig({ LOG_LEVEL: 'silent', OUTBOX_WORKER: 'false', LOGIN_MAX_FAILURES: '1000' });
  const app = await buildApp({ db: handle.db, config, secretBox: box });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: buyers });
  try {
    const cookies: string[] = [];
    for (let i = 0; i < buyers; i++) {
      const login = await request(agent, port, 'POST', '/api/v1/auth/login', {
        username: `pp.bench${i}`,
        password: PASSWORD,
      });
      cookies.push(login.cookie!);
    }
    console.log(`\n## ${database.label}: setup ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    // Warm-up, then the measured run.
    await runBuyers(agent, port, cookies, cart, 200);
    const started = performance.now();
    const { latencies, failures } = await runBuyers(agent, port, cookies, cart, checkouts);
    const seconds = (performance.now() - started) / 1000;
    const [row] = await queryRows<{ count: number }>(
      handle.db,
      sql`SELECT count(*)::int AS count FROM orders`,
    );
    const orders = row?.count ?? 0;
    const bare = await bareInsertRate(handle, buyers, Math.max(2_000, checkouts));
    latencies.sort((a, b) => a - b);
    const rate = checkouts / seconds;
    console.log(
      `checkout:  ${formatRate(rate)} checkouts/s (${formatRate(rate * 1.5)} orders/s: half the carts hold two sellers), ` +
        `p50 ${pct(latencies, 0.5)} ms, p95 ${pct(latencies, 0.95)} ms, p99 ${pct(latencies, 0.99)} ms; ` +
        `${failures} refused; ${formatRate(orders)} orders in the table`,
    );
    if (bare) {
      console.log(
        `bare INSERT+COMMIT: ${formatRate(bare)} rows/s at ${buyers} connections → checkout is ${(rate / bare).toFixed(2)}× (orders ${((rate * 1.5) / bare).toFixed(2)}×) the bare rate`,
      );
    }
  } finally {
    agent.destroy();
    await app.close();
  }
}

interface Cart {
  /** Per buyer i: the satker code. */
  satkers: string[];
  /** Product ids: the buyer picks one or two sellers' products. */
  productIds: string[];
}

async function seedBuyersAndOffers(handle: DatabaseHandle, buyers: number): Promise<Cart> {
  const db = handle.db;
  const satkers: string[] = [];
  for (let i = 0; i < buyers; i++) {
    const code = `3374-BENCH${i}`;
    await createSatker(db, actor, provinceScope, { code, name: `Satker bench ${i}`, pemdaCode: '33.74' });
    await createUser(db, actor, provinceScope, {
      username: `pp.bench${i}`,
      name: `PP bench ${i}`,
      password: PASSWORD,
      roles: [{ role: 'pp', pemdaCode: null, satkerCode: code }],
    });
    satkers.push(code);
  }
  const box = new SecretBox(randomBytes(32).toString('hex'));
  const { partner } = await createPartner(db, box, actor, {
    code: 'bench-mitra',
    name: 'Mitra bench',
    baseUrl: 'http://127.0.0.1:9',
  });
  const sellerRows = Array.from({ length: 400 }, (_, i) => ({
    externalId: `S${i}`,
    name: `CV Bench ${i}`,
    kind: 'company',
    legalForm: 'CV',
    nib: String(9_100_000_000_000 + i),
    npwp: '0123456789012345',
    scale: i % 3 === 0 ? 'mikro' : 'kecil',
    isPkp: i % 2 === 0,
    hasPp55Certificate: false,
    regionCode: i % 2 === 0 ? '33.74' : '33.25',
    address: 'Jl. Bench 1',
    registeredAt: '2023-01-01T00:00:00+07:00',
    updatedAt: '2024-01-01T00:00:00+07:00',
  }));
  await syncSellers(db, partner.id, sellerRows);
  const productRows = sellerRows.flatMap((seller, i) =>
    Array.from({ length: 5 }, (_, j) => ({
      externalId: `P${i}-${j}`,
      sellerExternalId: seller.externalId,
      name: `Kertas HVS A4 80 gram bench ${i}-${j}`,
      categoryCode: 'KRT-HVS',
      unit: 'rim',
      priceIdr: 45_000 + j * 1_000,
      stock: 10_000_000,
      minOrderQty: 1,
      isDomestic: true,
      tkdnPercent: 45,
      bmpPercent: 5,
      tkdnCertificateNo: 'TKDN-1',
      tkdnValidUntil: '2030-12-31',
      isActive: true,
      updatedAt: '2024-01-01T00:00:00+07:00',
    })),
  );
  for (let start = 0; start < productRows.length; start += 1000)
    await syncProducts(db, partner.id, productRows.slice(start, start + 1000));
  const rows = await db.execute<{ id: string }>(sql`SELECT id FROM products ORDER BY external_id`);
  const productIds = (Array.isArray(rows) ? rows : (rows as { rows: Array<{ id: string }> }).rows).map(
    (r) => r.id,
  );
  return { satkers, productIds };
}

async function runBuyers(agent: http.Agent, port: number, cookies: string[], cart: Cart, total: number) {
  const latencies: number[] = [];
  let issued = 0;
  let failures = 0;
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  await Promise.all(
    cookies.map(async (cookie, buyer) => {
      while (issued < total) {
        const n = issued++;
        const first = cart.productIds[next() % cart.productIds.length]!;
        const lines = [{ productId: first, qty: 1 + (next() % 20) }];
        if (n % 2 === 1) lines.push({ productId: cart.productIds[next() % cart.productIds.length]!, qty: 2 });
        const started = performance.now();
        const response = await request(
          agent,
          port,
          'POST',
          '/api/v1/orders',
          {
            satkerCode: cart.satkers[buyer],
            deliveryAddress: 'Jl. Pemuda No. 1, Semarang',
            splitReason: 'Kebutuhan rutin bulanan (bench)',
            lines,
          },
          cookie,
        );
        latencies.push(performance.now() - started);
        if (response.status !== 201) {
          failures++;
          if (failures <= 3) console.log(`  refused: ${response.status} ${response.body.slice(0, 200)}`);
        }
      }
    }),
  );
  return { latencies, failures };
}

function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  body: unknown,
  cookie?: string,
): Promise<{ status: number; body: string; cookie?: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0]?.split(';')[0];
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), cookie: setCookie });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Single-row INSERT + COMMIT at `connections` concurrent connections (PostgreSQL only). */
async function bareInsertRate(
  handle: DatabaseHandle,
  connections: number,
  rows: number,
): Promise<number | null> {
  if (handle.kind !== 'postgres' || !handle.url) return null;
  const pool = new pg.Pool({ connectionString: handle.url, max: connections });
  try {
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())',
    );
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        const client = await pool.connect();
        try {
          while (issued < rows) {
            issued++;
            await client.query('BEGIN');
            await client.query('INSERT INTO bench_bare (payload) VALUES ($1)', ['BLK-3374-2026-000001']);
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
  }
}

function pct(sorted: number[], p: number): string {
  if (sorted.length === 0) return '-';
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
}
