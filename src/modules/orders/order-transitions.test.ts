import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { syncTestOffers } from '../../testing/test-orders';
import { auditEntries } from '../audit/audit.schema';
import { orders } from './orders.schema';
import { markRoutingFailed } from './orders.service';

/**
 * The side exits of the lifecycle through the API (the rows mutation testing found untested),
 * each recorded with its action, and refusals that carry what the status allows.
 */
let t: TestApp;
let partner: TestPartner;
let pp: string;
let ppk: string;
let bendahara: string;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-transisi');
  pp = await t.login('pp.batang');
  ppk = await t.login('ppk.batang');
  bendahara = await t.login('bendahara.batang');
});
afterAll(() => t?.close());

/** Rp16.000.000 waits for the PPK under Batang's rule; Rp550.000 goes straight to the partner. */
async function placeOrder(grossIdr = 550_000) {
  const { offers } = await syncTestOffers(t, partner, {
    products: [{ priceIdr: grossIdr / 10, name: 'Barang uji transisi', stock: 1000 }],
  });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { cookie: pp },
    payload: {
      satkerCode: '3325-SETDA',
      deliveryAddress: 'Jl. Veteran No. 1, Batang',
      lines: offers.map((o) => ({ productId: o.productId, qty: 10 })),
    },
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().orders[0] as { number: string; status: string; totals: { totalIdr: number } };
}

const act = (cookie: string, number: string, action: string, payload?: unknown) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${number}/${action}`,
    headers: { cookie },
    payload: payload as never,
  });

const event = (number: string, type: string, data: Record<string, unknown> = {}) =>
  partner.call('POST', `/orders/${number}/events`, {
    eventId: randomUUID(),
    type,
    occurredAt: new Date().toISOString(),
    data,
  });

/** The order's recorded transitions: [from, to, by, action]. */
async function transitions(number: string) {
  const [order] = await t.handle.db.select({ id: orders.id }).from(orders).where(eq(orders.number, number));
  const rows = await t.handle.db
    .select({ details: auditEntries.details })
    .from(auditEntries)
    .where(and(eq(auditEntries.entityType, 'order'), eq(auditEntries.entityId, order!.id)))
    .orderBy(asc(auditEntries.id));
  return rows
    .map((row) => row.details as { from?: string | null; to: string; by: string; action?: string })
    .filter((d) => typeof d.from === 'string')
    .map((d) => [d.from, d.to, d.by, d.action]);
}

const cancel = { reason: 'Kebutuhan kegiatan dibatalkan.' };

describe('side exits of the lifecycle through the API', () => {
  it('a PP cancels an order waiting for approval', async () => {
    const order = await placeOrder(16_000_000);
    expect(order.status).toBe('pending_approval');
    const response = await act(pp, order.number, 'cancel', cancel);
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('cancelled');
    expect(await transitions(order.number)).toEqual([['pending_approval', 'cancelled', 'pp', 'cancel']]);
  });

  it('a PPK cancels a sent order', async () => {
    const order = await placeOrder();
    expect(order.status).toBe('sent');
    expect((await act(ppk, order.number, 'cancel', cancel)).json().status).toBe('cancelled');
    expect(await transitions(order.number)).toEqual([['sent', 'cancelled', 'ppk', 'cancel']]);
  });

  it('the partner rejects a sent order', async () => {
    const order = await placeOrder();
    const response = await event(order.number, 'rejected', { reason: 'Stok kosong.' });
    expect(response.statusCode).toBe(200);
    expect(await transitions(order.number)).toEqual([['sent', 'rejected', 'partner', 'reject']]);
  });

  it('a PP cancels an accepted order', async () => {
    const order = await placeOrder();
    expect((await event(order.number, 'accepted')).statusCode).toBe(200);
    expect((await act(pp, order.number, 'cancel', cancel)).json().status).toBe('cancelled');
    expect(await transitions(order.number)).toEqual([
      ['sent', 'accepted', 'partner', 'accept'],
      ['accepted', 'cancelled', 'pp', 'cancel'],
    ]);
  });

  it('a PPK cancels an order whose routing failed', async () => {
    const order = await placeOrder();
    const [row] = await t.handle.db
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.number, order.number));
    await markRoutingFailed(t.handle.db, row!.id, '/orders');
    expect((await act(ppk, order.number, 'cancel', cancel)).json().status).toBe('cancelled');
    expect(await transitions(order.number)).toEqual([
      ['sent', 'routing_failed', 'system', 'routing_fail'],
      ['routing_failed', 'cancelled', 'ppk', 'cancel'],
    ]);
  });
});

describe('refused transitions name what the status allows', () => {
  it('approving an order that is already sent', async () => {
    const order = await placeOrder();
    const response = await act(ppk, order.number, 'approve');
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toEqual({
      code: 'ORDER.INVALID_TRANSITION',
      message: 'Pesanan berstatus sent tidak dapat diubah menjadi sent.',
      details: { from: 'sent', to: 'sent', allowed: ['cancelled'] },
    });
  });

  it('paying an order that is not invoiced yet', async () => {
    const order = await placeOrder();
    const response = await act(bendahara, order.number, 'payment', {
      method: 'va',
      amountIdr: order.totals.totalIdr,
      paidAt: new Date().toISOString(),
      reference: 'SP2D-1',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details).toEqual({ from: 'sent', to: 'paid', allowed: [] });
  });

  it('a partner shipping an order it has not accepted', async () => {
    const order = await placeOrder();
    const response = await event(order.number, 'shipped', { courier: 'JNE', trackingNo: 'JNE9' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'ORDER.INVALID_TRANSITION',
      details: { from: 'sent', to: 'shipped', allowed: ['accepted', 'rejected', 'cancelled'] },
    });
    expect(await transitions(order.number)).toEqual([]);
  });

  it('cancelling a cancelled order', async () => {
    const order = await placeOrder();
    expect((await act(pp, order.number, 'cancel', cancel)).statusCode).toBe(200);
    const again = await act(ppk, order.number, 'cancel', cancel);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ from: 'cancelled', to: 'cancelled', allowed: [] });
  });
});
