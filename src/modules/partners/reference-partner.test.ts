import { type ChildProcess, spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder, syncTestOffers } from '../../testing/test-orders';
import { getOrderView, markRoutingFailed, recordPayment, recordReceipt } from '../orders/orders.service';
import { OutboxWorker } from '../outbox/outbox-worker';

// The platform against the reference partner (tools/partner-sim) running as a separate
// process, over real HTTP in both directions.
let t: TestApp;
let partner: TestPartner;
let sim: ChildProcess;
let simUrl: string;
let platformUrl: string;
let worker: OutboxWorker;
const policy = { routingDeadlineHours: 24 };
const actor = { userId: null, label: 'ppk.test' };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  platformUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const simPort = await freePort();
  simUrl = `http://127.0.0.1:${simPort}`;
  partner = await createTestPartner(t, 'gratis-ongkir', `${simUrl}/gratis-ongkir`);
  sim = spawn(process.execPath, ['--import', 'tsx', 'tools/partner-sim/main.ts'], {
    env: { ...process.env, PARTNER_SIM_CONFIG: simConfig(simPort) },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    sim.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
    sim.once('exit', (code) => reject(new Error(`partner-sim exited ${code}`)));
  });
  worker = new OutboxWorker({
    db: t.handle.db,
    box: t.secretBox,
    pollMs: 50,
    httpTimeoutMs: 1000,
    onDead: async (message) => {
      if (message.orderId) await markRoutingFailed(t.handle.db, message.orderId, message.path);
    },
  });
  worker.start();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  if (sim && sim.exitCode === null) {
    sim.kill('SIGTERM');
    await new Promise((resolve) => sim.once('exit', resolve));
  }
  await t?.close();
});

function simConfig(port: number) {
  return JSON.stringify({
    platformUrl,
    port,
    partners: [{ code: 'gratis-ongkir', secret: partner.secret }],
    delays: { acceptMs: 30, shipMs: 30, deliverMs: 30, invoiceMs: 30, forwardMs: 30 },
    retry: { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 30 },
    timeoutHoldMs: 5000,
  });
}

async function control(path: string, body?: unknown) {
  const response = await fetch(`${simUrl}/_control/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return response.json();
}

/** Polls the order until it reaches `status`, letting outbox backoffs pass meanwhile. */
async function waitForStatus(number: string, status: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let current = '';
  while (Date.now() < deadline) {
    current = (await getOrderView(t.handle.db, number)).status;
    if (current === status) return;
    await t.handle.db.execute(
      sql`UPDATE outbox_messages SET next_attempt_at = now() WHERE status = 'pending' AND next_attempt_at > now()`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`order ${number} is ${current}, not ${status}, after ${timeoutMs} ms`);
}

describe('the reference partner as a separate process', () => {
  it('pushes its own sellers and catalogue through the Partner API with no rejected row', async () => {
    const seed = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tools/partner-sim/main.ts',
        'seed',
        '--partner',
        'gratis-ongkir',
        '--sellers',
        '20',
        '--products',
        '200',
      ],
      { env: { ...process.env, PARTNER_SIM_CONFIG: simConfig(0) }, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let output = '';
    seed.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => seed.once('exit', resolve));
    expect(code, output).toBe(0);
    const [counts] = await queryRows<{ products: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS products FROM products p JOIN partners pa ON pa.id = p.partner_id WHERE pa.code = 'gratis-ongkir'`,
    );
    expect(counts!.products).toBeGreaterThanOrEqual(200);
  }, 60_000);

  it('runs an order from routing to payment forwarded: every step signed, in order, once', async () => {
    const order = await createTestOrder(t, partner, {
      lines: [
        { priceIdr: 55_000, qty: 10 },
        { priceIdr: 12_500, qty: 4 },
      ],
    });
    await waitForStatus(order.number, 'delivered');
    const receipt = await recordReceipt(t.handle.db, policy, actor, order.number, {
      receivedAt: new Date().toISOString(),
      lines: [
        { lineNo: 1, qtyAccepted: 9, note: 'satu rim basah' },
        { lineNo: 2, qtyAccepted: 4 },
      ],
    });
    expect(receipt.totalIdr).toBe(9 * 55_000 + 4 * 12_500);
    await waitForStatus(order.number, 'invoiced');
    await recordPayment(t.handle.db, policy, { userId: null, label: 'bendahara.test' }, order.number, {
      method: 'va',
      amountIdr: receipt.totalIdr,
      paidAt: new Date().toISOString(),
      reference: 'VA-8800123',
    });
    await waitForStatus(order.number, 'completed');
    const view = await getOrderView(t.handle.db, order.number);
    expect(view.history.map((h) => h.status)).toEqual([
      'sent',
      'accepted',
      'shipped',
      'delivered',
      'received',
      'invoiced',
      'paid',
      'completed',
    ]);
    expect(view.bastNumber).toMatch(/^BAST-/);
    const state = await control('state');
    const calls = state.received.filter((call: { orderNumber: string }) => call.orderNumber === order.number);
    expect(calls.map((call: { path: string }) => call.path.split('/').at(-1))).toEqual([
      'orders',
      'receipt',
      'payment',
    ]);
    expect(calls.every((call: { signatureValid: boolean }) => call.signatureValid)).toBe(true);
  }, 60_000);

  it('a cart checked out by the PP, approved by the PPK, received and paid through the API completes with the partner', async () => {
    const { offers } = await syncTestOffers(t, partner, {
      products: [
        { name: 'Laptop kantor 14 inci', categoryCode: 'KOM-LAPTOP', priceIdr: 8_500_000, stock: 20 },
        { name: 'Tas laptop', categoryCode: 'KOM-AKSESORI', priceIdr: 250_000, stock: 20 },
      ],
    });
    const pp = await t.login('pp.batang');
    const ppk = await t.login('ppk.batang');
    const bendahara = await t.login('bendahara.batang');
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { cookie: pp },
      payload: {
        satkerCode: '3325-DINKES',
        deliveryAddress: 'Jl. Dr. Sutomo No. 5, Batang',
        lines: [
          { productId: offers[0]!.productId, qty: 2 },
          { productId: offers[1]!.productId, qty: 2 },
        ],
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().orders[0];
    // Rp17.500.000 is above Batang's approval threshold: nothing reaches the partner before the PPK.
    expect(order.status).toBe('pending_approval');
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.number}/approve`,
      headers: { cookie: ppk },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await waitForStatus(order.number, 'delivered');
    const receipt = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.number}/receipt`,
      headers: { cookie: ppk },
      payload: {
        receivedAt: new Date().toISOString(),
        lines: [
          { lineNo: 1, qtyAccepted: 2 },
          { lineNo: 2, qtyAccepted: 1, note: 'satu tas sobek' },
        ],
      },
    });
    expect(receipt.statusCode, receipt.body).toBe(200);
    const totalIdr = receipt.json().totals.totalIdr;
    expect(totalIdr).toBe(2 * 8_500_000 + 250_000);
    await waitForStatus(order.number, 'invoiced');
    const paid = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.number}/payment`,
      headers: { cookie: bendahara },
      payload: {
        method: 'cms',
        amountIdr: totalIdr,
        paidAt: new Date().toISOString(),
        reference: 'CMS-2026-0042',
      },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    await waitForStatus(order.number, 'completed');
    const view = await getOrderView(t.handle.db, order.number);
    expect(view.history.map((h) => h.status)).toEqual([
      'pending_approval',
      'sent',
      'accepted',
      'shipped',
      'delivered',
      'received',
      'invoiced',
      'paid',
      'completed',
    ]);
  }, 60_000);

  it('a PP’s cancellation reaches the partner, which sends nothing more for the order', async () => {
    await control('faults', { down: true });
    const { offers } = await syncTestOffers(t, partner, { products: [{ priceIdr: 40_000, stock: 50 }] });
    const pp = await t.login('pp.batang');
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { cookie: pp },
      payload: {
        satkerCode: '3325-SETDA',
        deliveryAddress: 'Jl. Veteran No. 1, Batang',
        lines: [{ productId: offers[0]!.productId, qty: 3 }],
      },
    });
    const number = placed.json().orders[0].number;
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${number}/cancel`,
      headers: { cookie: pp },
      payload: { reason: 'Anggaran direvisi' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await control('faults', { down: false });
    const deadline = Date.now() + 15_000;
    let paths: string[] = [];
    while (Date.now() < deadline) {
      await t.handle.db.execute(
        sql`UPDATE outbox_messages SET next_attempt_at = now() WHERE status = 'pending' AND next_attempt_at > now()`,
      );
      const state = await control('state');
      paths = state.received
        .filter((call: { orderNumber: string }) => call.orderNumber === number)
        .map((call: { path: string }) => call.path.split('/').at(-1));
      if (paths.includes('cancel')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // While down, the sim saw (and refused) the routing call too: the order arrived, then its cancellation.
    expect([...new Set(paths)]).toEqual(['orders', 'cancel']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await getOrderView(t.handle.db, number)).status).toBe('cancelled');
  }, 60_000);

  it('survives the partner being down: the outbox retries until it answers', async () => {
    await control('faults', { down: true });
    const order = await createTestOrder(t, partner);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await getOrderView(t.handle.db, order.number)).status).toBe('sent');
    await control('faults', { down: false });
    await waitForStatus(order.number, 'delivered');
  }, 60_000);

  it('survives a call that times out: it is sent again and acted on once', async () => {
    await control('faults', { timeoutNext: 1 });
    const order = await createTestOrder(t, partner);
    await waitForStatus(order.number, 'delivered');
    const view = await getOrderView(t.handle.db, order.number);
    expect(view.history.filter((h) => h.status === 'accepted')).toHaveLength(1);
  }, 60_000);

  it('duplicated and reordered partner events end in the right state with each step recorded once', async () => {
    await control('faults', { duplicateEvents: true, reorderEvents: true });
    const order = await createTestOrder(t, partner);
    await waitForStatus(order.number, 'delivered');
    await control('faults', { duplicateEvents: false, reorderEvents: false });
    const view = await getOrderView(t.handle.db, order.number);
    expect(view.history.map((h) => h.status)).toEqual(['sent', 'accepted', 'shipped', 'delivered']);
    const [events] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM partner_order_events e JOIN orders o ON o.id = e.order_id WHERE o.number = ${order.number}`,
    );
    expect(events!.n).toBe(3);
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
