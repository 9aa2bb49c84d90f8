import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { startFakePartner } from '../../testing/fake-partner';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';
import { getOrderView, markRoutingFailed } from '../orders/orders.service';
import { backoffSeconds, enqueueMessage } from './outbox.service';
import { OutboxWorker } from './outbox-worker';

let t: TestApp;
let partner: TestPartner;
let fake: Awaited<ReturnType<typeof startFakePartner>>;
let worker: OutboxWorker;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakePartner('gratis-ongkir', () => partner.secret);
  partner = await createTestPartner(t, 'gratis-ongkir', fake.baseUrl);
  worker = new OutboxWorker({
    db: t.handle.db,
    box: t.secretBox,
    pollMs: 50,
    httpTimeoutMs: 300,
    onDead: async (message) => {
      if (message.orderId) await markRoutingFailed(t.handle.db, message.orderId, message.path);
    },
  });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});
beforeEach(async () => {
  fake.setMode('up');
  fake.received.length = 0;
  // Deliver whatever earlier tests left, so each test sees only its own messages.
  await t.handle.db.execute(sql`UPDATE outbox_messages SET status = 'delivered' WHERE status <> 'delivered'`);
});

/** Lets time pass for the outbox: every waiting message becomes due now. */
const makeDue = () =>
  t.handle.db.execute(sql`UPDATE outbox_messages SET next_attempt_at = now() WHERE status = 'pending'`);
const statusOf = async (key: string) =>
  queryRows<{ status: string; attempts: number; backoff: number }>(
    t.handle.db,
    sql`SELECT status, attempts, extract(epoch FROM next_attempt_at - now())::float AS backoff FROM outbox_messages WHERE ordering_key = ${key} ORDER BY id`,
  );

describe('outbox delivery', () => {
  it('backoff starts at 1 s, doubles, and is capped at 10 minutes', () => {
    expect([1, 2, 3, 4, 10, 11, 30].map(backoffSeconds)).toEqual([1, 2, 4, 8, 512, 600, 600]);
  });

  it('with the partner down then up, every message is delivered once, signed', async () => {
    const orders = [
      await createTestOrder(t, partner),
      await createTestOrder(t, partner),
      await createTestOrder(t, partner),
    ];
    fake.setMode('down');
    expect(await worker.runOnce()).toBe(3);
    for (const order of orders) {
      const [row] = await statusOf(order.number);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row!.backoff).toBeGreaterThan(0.5);
    }
    expect(await worker.runOnce()).toBe(0); // not due yet: the backoff holds
    fake.setMode('up');
    await makeDue();
    expect(await worker.runOnce()).toBe(3);
    const delivered = fake.received.filter((call) => call.body && (call.body as { number?: string }).number);
    const okCalls = delivered.slice(-3);
    expect(okCalls.map((call) => (call.body as { number: string }).number).sort()).toEqual(
      orders.map((o) => o.number).sort(),
    );
    expect(okCalls.every((call) => call.signatureValid && call.path === '/gratis-ongkir/orders')).toBe(true);
    for (const order of orders) expect((await statusOf(order.number))[0]!.status).toBe('delivered');
    expect(await worker.runOnce()).toBe(0);
  });

  it('messages of one order are delivered in order: a later one waits while an earlier one fails', async () => {
    const order = await createTestOrder(t, partner);
    await enqueueMessage(t.handle.db, {
      partnerId: (
        await queryRows<{ id: string }>(
          t.handle.db,
          sql`SELECT id FROM partners WHERE code = 'gratis-ongkir'`,
        )
      )[0]!.id,
      orderingKey: order.number,
      orderId: order.id,
      path: `/orders/${order.number}/cancel`,
      body: { reason: 'uji urutan' },
      deadlineHours: 24,
    });
    fake.setMode('down');
    expect(await worker.runOnce()).toBe(1);
    expect(fake.received.map((call) => call.path)).toEqual(['/gratis-ongkir/orders']);
    fake.setMode('up');
    await makeDue();
    await worker.runOnce();
    await worker.runOnce();
    expect(fake.received.map((call) => call.path)).toEqual([
      '/gratis-ongkir/orders',
      '/gratis-ongkir/orders',
      `/gratis-ongkir/orders/${order.number}/cancel`,
    ]);
  });

  it('a partner that does not answer in time is retried later', async () => {
    const order = await createTestOrder(t, partner);
    fake.setMode('hang');
    await worker.runOnce();
    const [row] = await queryRows<{ status: string; last_error: string }>(
      t.handle.db,
      sql`SELECT status, last_error FROM outbox_messages WHERE ordering_key = ${order.number}`,
    );
    expect(row!.status).toBe('pending');
    expect(row!.last_error).toMatch(/Timeout|abort/i);
  });

  it('past the deadline the message is dead and the order routing_failed; an operator retry sends it again', async () => {
    const order = await createTestOrder(t, partner);
    await t.handle.db.execute(
      sql`UPDATE outbox_messages SET deadline_at = now() WHERE ordering_key = ${order.number}`,
    );
    fake.setMode('down');
    await worker.runOnce();
    expect((await statusOf(order.number))[0]!.status).toBe('dead');
    expect((await getOrderView(t.handle.db, order.number)).status).toBe('routing_failed');

    const cookie = await t.login('admin.jateng');
    const dead = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/outbox?status=dead',
      headers: { cookie },
    });
    const message = dead.json().items.find((m: { orderingKey: string }) => m.orderingKey === order.number);
    expect(message).toMatchObject({ status: 'dead', lastStatusCode: 503, partnerCode: 'gratis-ongkir' });
    const retry = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/outbox/${message.id}/retry`,
      headers: { cookie },
    });
    expect(retry.statusCode).toBe(200);
    expect((await getOrderView(t.handle.db, order.number)).status).toBe('sent');
    fake.setMode('up');
    await worker.runOnce();
    expect((await statusOf(order.number))[0]!.status).toBe('delivered');
    const history = (await getOrderView(t.handle.db, order.number)).history.map((h) => h.status);
    expect(history).toEqual(['sent', 'routing_failed', 'sent']);
  });

  it('only province operators see and retry the outbox', async () => {
    const cookie = await t.login('admin.batang');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/admin/outbox', headers: { cookie } })).statusCode,
    ).toBe(403);
  });

  it('two workers polling at once send each message exactly once', async () => {
    const orders = await Promise.all(Array.from({ length: 6 }, () => createTestOrder(t, partner)));
    const second = new OutboxWorker({ db: t.handle.db, box: t.secretBox, pollMs: 50, httpTimeoutMs: 300 });
    await Promise.all([worker.runOnce(), second.runOnce(), worker.runOnce(), second.runOnce()]);
    const numbers = fake.received.map((call) => (call.body as { number: string }).number);
    expect(numbers.sort()).toEqual(orders.map((o) => o.number).sort());
  });
});
