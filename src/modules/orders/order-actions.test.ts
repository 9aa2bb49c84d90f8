import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { syncTestOffers } from '../../testing/test-orders';
import { outboxMessages } from '../outbox/outbox.schema';
import { cancelUnansweredOrders } from './order-actions.service';
import { orders } from './orders.schema';

let t: TestApp;
let partner: TestPartner;
let pp: string;
let ppk: string;
let bendahara: string;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-siklus');
  pp = await t.login('pp.batang');
  ppk = await t.login('ppk.batang');
  bendahara = await t.login('bendahara.batang');
});
afterAll(() => t?.close());

async function placeOrder(cookie = pp, satkerCode = '3325-SETDA', lines = [{ priceIdr: 55_000, qty: 10 }]) {
  const { offers } = await syncTestOffers(t, partner, {
    products: lines.map((line, i) => ({ priceIdr: line.priceIdr, name: `Barang uji ${i + 1}`, stock: 1000 })),
  });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { cookie },
    payload: {
      satkerCode,
      deliveryAddress: 'Jl. Veteran No. 1, Batang',
      lines: offers.map((o, i) => ({ productId: o.productId, qty: lines[i]!.qty })),
    },
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().orders[0] as { number: string; totals: { totalIdr: number } };
}

function partnerEvent(number: string, type: string, data: Record<string, unknown> = {}) {
  return partner.call('POST', `/orders/${number}/events`, {
    eventId: randomUUID(),
    type,
    occurredAt: new Date().toISOString(),
    data,
  });
}

function act(cookie: string, number: string, action: string, payload?: unknown) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${number}/${action}`,
    headers: { cookie },
    payload: payload as never,
  });
}

describe('the order lifecycle through the API', () => {
  it('runs from checkout to completed; a partial BAST recomputes the total and payment must equal it', async () => {
    const order = await placeOrder(pp, '3325-SETDA', [
      { priceIdr: 55_000, qty: 10 },
      { priceIdr: 20_000, qty: 5 },
    ]);
    expect((await partnerEvent(order.number, 'accepted')).statusCode).toBe(200);
    expect(
      (await partnerEvent(order.number, 'shipped', { courier: 'JNE', trackingNo: 'JNE123' })).statusCode,
    ).toBe(200);
    expect((await partnerEvent(order.number, 'delivered')).statusCode).toBe(200);

    const early = await act(bendahara, order.number, 'payment', {
      method: 'va',
      amountIdr: order.totals.totalIdr,
      paidAt: new Date().toISOString(),
      reference: 'VA-1',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('ORDER.INVALID_TRANSITION');

    const receipt = await act(ppk, order.number, 'receipt', {
      receivedAt: new Date().toISOString(),
      note: 'Diterima di gudang Setda',
      lines: [
        { lineNo: 1, qtyAccepted: 10 },
        { lineNo: 2, qtyAccepted: 3, note: '2 pak rusak' },
      ],
    });
    expect(receipt.statusCode, receipt.body).toBe(200);
    const received = receipt.json();
    expect(received.status).toBe('received');
    expect(received.bastNumber).toMatch(/^BAST-/);
    expect(received.totals.totalIdr).toBe(550_000 + 60_000);

    expect(
      (await partnerEvent(order.number, 'invoiced', { invoiceNo: 'INV-1', amountIdr: 610_000 })).statusCode,
    ).toBe(200);
    const wrong = await act(bendahara, order.number, 'payment', {
      method: 'va',
      amountIdr: order.totals.totalIdr,
      paidAt: new Date().toISOString(),
      reference: 'VA-1',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('ORDER.INVALID_AMOUNT');
    const paid = await act(bendahara, order.number, 'payment', {
      method: 'kkpd',
      amountIdr: 610_000,
      paidAt: new Date().toISOString(),
      reference: 'KKPD-77',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(
      (await partnerEvent(order.number, 'payment_forwarded', { amountIdr: 610_000, reference: 'TRF-9' }))
        .statusCode,
    ).toBe(200);

    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.number}`,
      headers: { cookie: pp },
    });
    expect(view.json().status).toBe('completed');
    expect(view.json().history.map((h: { status: string }) => h.status)).toEqual([
      'sent',
      'accepted',
      'shipped',
      'delivered',
      'received',
      'invoiced',
      'paid',
      'completed',
    ]);
    const calls = await t.handle.db
      .select({ path: outboxMessages.path })
      .from(outboxMessages)
      .where(eq(outboxMessages.orderingKey, order.number));
    expect(calls.map((c) => c.path)).toEqual([
      '/orders',
      `/orders/${order.number}/receipt`,
      `/orders/${order.number}/payment`,
    ]);
  });

  it('a PPK cannot sign the BAST of another pemda’s order: it is not found for them', async () => {
    const semarang = await t.login('pp.semarang');
    const order = await placeOrder(semarang, '3374-DISDIK');
    await partnerEvent(order.number, 'accepted');
    await partnerEvent(order.number, 'shipped', { courier: 'JNE', trackingNo: 'X' });
    await partnerEvent(order.number, 'delivered');
    const response = await act(ppk, order.number, 'receipt', {
      receivedAt: new Date().toISOString(),
      lines: [{ lineNo: 1, qtyAccepted: 10 }],
    });
    expect(response.statusCode).toBe(404);
    const [row] = await t.handle.db
      .select({ status: orders.status })
      .from(orders)
      .where(eq(orders.number, order.number));
    expect(row!.status).toBe('delivered');
  });

  it('a PP sees only the orders of the satkers they serve', async () => {
    const semarang = await t.login('pp.semarang');
    const order = await placeOrder(semarang, '3374-DISDIK');
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.number}`,
      headers: { cookie: pp },
    });
    expect(response.statusCode).toBe(404);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orders?limit=100',
      headers: { cookie: pp },
    });
    expect(list.json().items.every((item: { pemdaCode: string }) => item.pemdaCode === '33.25')).toBe(true);
  });

  it('the order list pages by cursor without repeating or skipping orders', async () => {
    for (let i = 0; i < 5; i++) await placeOrder(pp, '3325-KEC-BATANG');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/orders?satkerCode=3325-KEC-BATANG&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await t.app.inject({ method: 'GET', url: query, headers: { cookie: ppk } });
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().items.map((item: { number: string }) => item.number));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('each order in the list is the same as its own page: lines and history stay with their order', async () => {
    const cancelled = await placeOrder();
    await act(pp, cancelled.number, 'cancel', { reason: 'Salah pilih ukuran kertas' });
    await placeOrder();
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orders?limit=20',
      headers: { cookie: ppk },
    });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as Array<{ number: string; history: unknown[] }>;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(items.map((item) => item.history.length)).size).toBeGreaterThan(1);
    for (const item of items) {
      const own = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${item.number}`,
        headers: { cookie: ppk },
      });
      expect(item).toEqual(own.json());
    }
  });

  it('a PP’s cancellation of a sent order is recorded with the reason and sent to the partner', async () => {
    const order = await placeOrder();
    const response = await act(pp, order.number, 'cancel', { reason: 'Salah pilih ukuran kertas' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().status).toBe('cancelled');
    const calls = await t.handle.db
      .select({ path: outboxMessages.path, body: outboxMessages.body })
      .from(outboxMessages)
      .where(eq(outboxMessages.orderingKey, order.number));
    expect(calls.map((c) => c.path)).toEqual(['/orders', `/orders/${order.number}/cancel`]);
  });

  it('an order the partner leaves unanswered is cancelled after 3 working days, not before', async () => {
    const order = await placeOrder();
    // Sent on Friday 2026-11-20 at 10:00 WIB: Monday, Tuesday and Wednesday are its working days.
    await t.handle.db
      .update(orders)
      .set({ statusChangedAt: new Date('2026-11-20T03:00:00Z') })
      .where(eq(orders.number, order.number));
    const policy = { routingDeadlineHours: 24 };
    const onWednesday = await cancelUnansweredOrders(t.handle.db, policy, new Date('2026-11-25T16:59:00Z'));
    expect(onWednesday).not.toContain(order.number);
    const onThursday = await cancelUnansweredOrders(t.handle.db, policy, new Date('2026-11-25T17:00:00Z'));
    expect(onThursday).toContain(order.number);
    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.number}`,
      headers: { cookie: pp },
    });
    expect(view.json().status).toBe('cancelled');
    const [cancel] = await t.handle.db
      .select({ path: outboxMessages.path })
      .from(outboxMessages)
      .where(sql`${outboxMessages.orderingKey} = ${order.number} AND ${outboxMessages.path} LIKE '%/cancel'`);
    expect(cancel).toBeDefined();
  });

  it('a pemda operator sends a routing_failed order again: it goes back to sent and its message is pending', async () => {
    const order = await placeOrder();
    await t.handle.db.update(orders).set({ status: 'routing_failed' }).where(eq(orders.number, order.number));
    await t.handle.db
      .update(outboxMessages)
      .set({ status: 'dead' })
      .where(eq(outboxMessages.orderingKey, order.number));
    const operator = await t.login('admin.batang');

    expect((await act(ppk, order.number, 'retry-routing')).statusCode).toBe(403);
    const semarangOrder = await placeOrder(await t.login('pp.semarang'), '3374-DISDIK');
    expect((await act(operator, semarangOrder.number, 'retry-routing')).statusCode).toBe(404);

    const retried = await act(operator, order.number, 'retry-routing');
    expect(retried.statusCode).toBe(200);
    expect(retried.json().status).toBe('sent');
    const [message] = await t.handle.db
      .select({ status: outboxMessages.status })
      .from(outboxMessages)
      .where(eq(outboxMessages.orderingKey, order.number));
    expect(message!.status).toBe('pending');

    const again = await act(operator, order.number, 'retry-routing');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ORDER.INVALID_TRANSITION');
  });
});
