import { afterAll, expect, it } from 'vitest';
import { signedHeaders } from '../shared/partner-signature';
import { startFakePartner } from '../testing/fake-partner';
import { productRow, sellerRow } from '../testing/partner-client';
import {
  prepareServerData,
  type ServerProcess,
  startServerProcess,
  waitFor,
} from '../testing/server-process';

/**
 * kill -9 of the server in the middle of partner product syncs (1000-row batches) and a stream
 * of checkouts, then a restart on the same data: what was acknowledged is there, nothing is
 * half-written, and the outbox delivers every acknowledged order. On the embedded database the
 * restart opens the same DATA_DIR (a laptop losing power); on PostgreSQL two server processes
 * serve the traffic and both die.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const PARTNER = 'crash-mart';
const INITIAL_STOCK = 1_000;

let data: Awaited<ReturnType<typeof prepareServerData>> | undefined;
let fake: Awaited<ReturnType<typeof startFakePartner>> | undefined;
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const server of servers) await server.kill9();
  await fake?.close();
  await data?.cleanup();
});

it(`kill -9 during syncs and checkouts loses nothing acknowledged, leaves nothing half-written, and the outbox resumes (${onPostgres ? 'PostgreSQL, two processes' : 'embedded, same DATA_DIR'})`, async () => {
  data = await prepareServerData();
  // The demo history is not this test's subject; the demo accounts are.
  await data.query(
    `INSERT INTO system_facts (key, value) VALUES ('demo.history', 'skipped') ON CONFLICT DO NOTHING`,
  );
  let secret = '';
  fake = await startFakePartner(PARTNER, () => secret);
  const env = {
    ...data.databaseEnv,
    BLANGKON_DEMO: 'true',
    PARTNER_SIM: 'false',
    OUTBOX_POLL_MS: '100',
    // A message claimed by a killed process waits out its lease (3 × the HTTP timeout + 5 s)
    // before another worker takes it: 11 s here, well inside the 30 s the test waits.
    OUTBOX_HTTP_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'error',
  };
  const start = async () => {
    const server = await startServerProcess(env);
    servers.push(server);
    return server;
  };
  const urls = [(await start()).url];

  // Operator registers the partner (its calls go to the fake partner), PP logs in.
  const login = async (username: string) => {
    const response = await fetch(`${urls[0]}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  };
  const admin = await login('admin.jateng');
  const created = await fetch(`${urls[0]}/api/v1/admin/partners`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ code: PARTNER, name: 'Crash Mart', baseUrl: fake.baseUrl }),
  });
  expect(created.status).toBe(201);
  secret = ((await created.json()) as { secret: string }).secret;
  const partnerCall = (url: string, method: string, path: string, body: unknown) => {
    const raw = JSON.stringify(body);
    const full = `/api/partner/v1${path}`;
    return fetch(`${url}${full}`, {
      method,
      headers: {
        ...signedHeaders(PARTNER, secret, { method, pathWithQuery: full, body: raw }),
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body: raw,
      signal: AbortSignal.timeout(30_000),
    });
  };

  // The offers checkouts buy (stock known), synced before the crash window.
  const seller = sellerRow({ externalId: 'CRASH-S1' });
  expect((await partnerCall(urls[0]!, 'PUT', '/sellers', { sellers: [seller] })).status).toBe(200);
  const offerRows = Array.from({ length: 5 }, (_, i) =>
    productRow('CRASH-S1', { externalId: `CRASH-BUY-${i}`, priceIdr: 50_000, stock: INITIAL_STOCK }),
  );
  expect((await partnerCall(urls[0]!, 'PUT', '/products', { products: offerRows })).status).toBe(200);
  // The embedded database takes one process: read the ids with the server stopped.
  if (!onPostgres) await servers.pop()!.stop();
  const [partnerRow] = await data.query<{ id: string }>(`SELECT id FROM partners WHERE code = $1`, [PARTNER]);
  const partnerId = partnerRow!.id;
  const offers = await data.query<{ id: string; external_id: string }>(
    `SELECT id, external_id FROM products WHERE partner_id = $1 AND external_id LIKE 'CRASH-BUY-%' ORDER BY external_id`,
    [partnerId],
  );
  expect(offers).toHaveLength(5);
  if (!onPostgres) urls[0] = (await start()).url;
  // On PostgreSQL a second server process takes half the traffic.
  if (onPostgres) urls.push((await start()).url);
  const pp = await login('pp.batang');

  // The crash window: batches and checkouts in flight on every server process.
  const acknowledgedBatches: string[][] = [];
  const acknowledgedOrders: string[] = [];
  /** Answers other than success before the crash (there must be none). */
  const unexpected: string[] = [];
  let crashed = false;
  const syncStream = async () => {
    for (let batch = 0; !crashed; batch++) {
      const rows = Array.from({ length: 1000 }, (_, i) =>
        productRow('CRASH-S1', { externalId: `CRASH-SYNC-${batch}-${i}`, name: `Map plastik ${batch} ${i}` }),
      );
      const response = await partnerCall(urls[batch % urls.length]!, 'PUT', '/products', {
        products: rows,
      }).catch(() => null);
      if (response?.status === 200) {
        const body = (await response.json()) as { accepted: number; rejected: Array<{ index: number }> };
        const rejected = new Set(body.rejected.map((row) => row.index));
        acknowledgedBatches.push(rows.filter((_, i) => !rejected.has(i)).map((row) => row.externalId));
      } else if (!crashed && response) unexpected.push(`sync ${response.status}: ${await response.text()}`);
    }
  };
  const checkoutStream = async (client: number) => {
    for (let n = 0; !crashed; n++) {
      const response = await fetch(`${urls[(client + n) % urls.length]}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: pp },
        body: JSON.stringify({
          satkerCode: '3325-SETDA',
          deliveryAddress: 'Jl. Veteran No. 1, Kauman, Batang',
          splitReason: 'Kebutuhan kegiatan yang berbeda pada sub kegiatan DPA terpisah.',
          lines: [{ productId: offers[(client + n) % offers.length]!.id, qty: 1 + (n % 3) }],
        }),
        signal: AbortSignal.timeout(30_000),
      }).catch(() => null);
      if (response?.status === 201 || response?.status === 200) {
        const body = (await response.json()) as { orders: Array<{ number: string }> };
        acknowledgedOrders.push(...body.orders.map((order) => order.number));
      } else if (!crashed && response) {
        unexpected.push(`checkout ${response.status}: ${await response.text()}`);
      }
    }
  };
  const traffic = Promise.all([syncStream(), checkoutStream(0), checkoutStream(1), checkoutStream(2)]);
  await waitFor(() => acknowledgedBatches.length >= 2 && acknowledgedOrders.length >= 15, 60_000, 20);
  // In the middle of the next batch and checkouts.
  await new Promise((resolve) => setTimeout(resolve, 150));
  crashed = true;
  await Promise.all(servers.map((server) => server.kill9()));
  await traffic;
  expect(unexpected).toEqual([]);
  expect(acknowledgedBatches.length).toBeGreaterThanOrEqual(2);
  expect(acknowledgedOrders.length).toBeGreaterThanOrEqual(15);

  // Restart on the same data; the outbox delivers every acknowledged order to the partner.
  const restarted = await start();
  const delivered = () =>
    new Set(fake!.received.filter((call) => call.path.endsWith('/orders')).map(orderNumberOf));
  const allDelivered = await waitFor(
    () => acknowledgedOrders.every((number) => delivered().has(number)),
    30_000,
    100,
  );
  expect(acknowledgedOrders.filter((number) => !delivered().has(number))).toEqual([]);
  expect(allDelivered).toBe(true);
  await restarted.stop();

  // Nothing acknowledged is lost.
  const stored = new Set(
    (
      await data.query<{ external_id: string }>(
        `SELECT external_id FROM products WHERE partner_id = $1 AND external_id LIKE 'CRASH-SYNC-%'`,
        [partnerId],
      )
    ).map((row) => row.external_id),
  );
  for (const batch of acknowledgedBatches) expect(batch.filter((id) => !stored.has(id))).toEqual([]);
  const orderRows = await data.query<{
    number: string;
    lines: number;
    history: number;
    outbox: number;
    status: string;
  }>(
    `SELECT o.number, o.status,
       (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS lines,
       (SELECT count(*)::int FROM audit_entries a WHERE a.entity_id IN (o.id::text, o.number)) AS history,
       (SELECT count(*)::int FROM outbox_messages m WHERE m.order_id = o.id) AS outbox
     FROM orders o WHERE o.partner_id = $1`,
    [partnerId],
  );
  const byNumber = new Map(orderRows.map((row) => [row.number, row]));
  for (const number of acknowledgedOrders) {
    const row = byNumber.get(number);
    expect(row, number).toBeDefined();
    expect(row!.history, number).toBeGreaterThan(0);
  }
  // Nothing is half-written: every order has its lines and (routed) its outbox call.
  expect(orderRows.filter((row) => row.lines === 0)).toEqual([]);
  expect(orderRows.filter((row) => row.status === 'sent' && row.outbox === 0)).toEqual([]);
  const stock = await data.query<{ external_id: string; stock: number; sold: number }>(
    `SELECT p.external_id, p.stock,
       coalesce((SELECT sum(l.qty)::int FROM order_lines l WHERE l.product_id = p.id), 0) AS sold
     FROM products p WHERE p.partner_id = $1 AND p.external_id LIKE 'CRASH-BUY-%'`,
    [partnerId],
  );
  for (const row of stock) expect(row.stock + row.sold, row.external_id).toBe(INITIAL_STOCK);
}, 240_000);

function orderNumberOf(call: { body: unknown }): string {
  return (
    (call.body as { orderNumber?: string; number?: string }).orderNumber ??
    (call.body as { number: string }).number
  );
}
