import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';
import { getOrderView } from './orders.service';

let t: TestApp;
let partner: TestPartner;
let other: TestPartner;
beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'gratis-ongkir');
  other = await createTestPartner(t, 'mbizmarket');
});
afterAll(async () => {
  await t?.close();
});

const event = (type: string, data: Record<string, unknown> = {}, eventId = randomUUID()) => ({
  eventId,
  type,
  occurredAt: new Date().toISOString(),
  data,
});
const send = (p: TestPartner, number: string, body: unknown, key?: string) =>
  p.call('POST', `/orders/${number}/events`, body, key ? { idempotencyKey: key } : {});

describe('order events from partners', () => {
  it('a routed order is numbered per pemda and year and carries its outbox call to the partner', async () => {
    const order = await createTestOrder(t, partner);
    expect(order.number).toMatch(/^BLK-3325-\d{4}-\d{6}$/);
    const messages = await queryRows<{
      path: string;
      body: { number: string; lines: Array<{ productExternalId: string }>; seller: { externalId: string } };
    }>(t.handle.db, sql`SELECT path, body FROM outbox_messages WHERE ordering_key = ${order.number}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.path).toBe('/orders');
    expect(messages[0]!.body.number).toBe(order.number);
    expect(messages[0]!.body.lines[0]!.productExternalId).toMatch(/^P-/);
    expect(messages[0]!.body.seller.externalId).toMatch(/^S-/);
  });

  it('accepted, shipped and delivered move the order along, each with a history entry by the partner', async () => {
    const order = await createTestOrder(t, partner);
    expect((await send(partner, order.number, event('accepted'))).json()).toMatchObject({
      status: 'accepted',
    });
    expect(
      (await send(partner, order.number, event('shipped', { courier: 'JNE', trackingNo: 'JNE123' })))
        .statusCode,
    ).toBe(200);
    expect((await send(partner, order.number, event('delivered'))).statusCode).toBe(200);
    const view = await getOrderView(t.handle.db, order.number);
    expect(view.status).toBe('delivered');
    expect(view.history.map((h) => [h.status, h.by])).toEqual([
      ['sent', 'test'],
      ['accepted', 'gratis-ongkir'],
      ['shipped', 'gratis-ongkir'],
      ['delivered', 'gratis-ongkir'],
    ]);
  });

  it('a duplicate eventId is answered as the first time and has no second effect', async () => {
    const order = await createTestOrder(t, partner);
    const accepted = event('accepted');
    const first = await send(partner, order.number, accepted);
    const again = await send(partner, order.number, accepted);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const view = await getOrderView(t.handle.db, order.number);
    expect(view.history.filter((h) => h.status === 'accepted')).toHaveLength(1);
  });

  it('an event the current status does not allow is 409 ORDER.INVALID_TRANSITION and changes nothing', async () => {
    const order = await createTestOrder(t, partner);
    const response = await send(partner, order.number, event('delivered'));
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'ORDER.INVALID_TRANSITION',
      details: { from: 'sent', to: 'delivered' },
    });
    const view = await getOrderView(t.handle.db, order.number);
    expect(view.status).toBe('sent');
    expect(view.history).toHaveLength(1);
  });

  it('a refused event can be retried with the same key once the order is ready for it', async () => {
    const order = await createTestOrder(t, partner);
    const shipped = event('shipped', { courier: 'J&T', trackingNo: 'JT1' });
    expect((await send(partner, order.number, shipped, 'ship-1')).statusCode).toBe(409);
    await send(partner, order.number, event('accepted'));
    expect((await send(partner, order.number, shipped, 'ship-1')).statusCode).toBe(200);
  });

  it('cancelling after shipping is refused; before shipping it is allowed with a reason', async () => {
    const shippedOrder = await createTestOrder(t, partner);
    await send(partner, shippedOrder.number, event('accepted'));
    await send(partner, shippedOrder.number, event('shipped', { courier: 'JNE', trackingNo: 'X' }));
    expect(
      (await send(partner, shippedOrder.number, event('cancelled', { reason: 'stok habis' }))).statusCode,
    ).toBe(409);
    const open = await createTestOrder(t, partner);
    expect((await send(partner, open.number, event('cancelled', {}))).statusCode).toBe(400);
    expect(
      (await send(partner, open.number, event('cancelled', { reason: 'stok habis' }))).json().status,
    ).toBe('cancelled');
  });

  it('another partner’s order is 404 and unknown event types are 400', async () => {
    const order = await createTestOrder(t, partner);
    expect((await send(other, order.number, event('accepted'))).statusCode).toBe(404);
    expect((await send(partner, order.number, event('teleported'))).statusCode).toBe(400);
    expect((await send(partner, 'BLK-0000-2020-000001', event('accepted'))).statusCode).toBe(404);
  });

  it('shipping data is required and an invoice must equal the order total', async () => {
    const order = await createTestOrder(t, partner);
    await send(partner, order.number, event('accepted'));
    const noTracking = await send(partner, order.number, event('shipped', { courier: 'JNE' }));
    expect(noTracking.statusCode).toBe(400);
    expect(JSON.stringify(noTracking.json().error.details)).toContain('data.trackingNo');
  });
});

describe('partner-reported transactions', () => {
  const transaction = (sellerExternalId: string, overrides: Record<string, unknown> = {}) => ({
    externalOrderId: 'GO-INV-1001',
    satkerCode: '3325-DINKES',
    sellerExternalId,
    orderedAt: '2023-10-20T10:00:00+07:00',
    status: 'accepted',
    lines: [
      {
        productExternalId: 'GO-P-1',
        name: 'Nasi kotak ayam bakar',
        categoryCode: 'MKN-KATERING',
        qty: 50,
        unitPriceIdr: 25_000,
      },
      { name: 'Air mineral 600 ml', categoryCode: 'MKN-MINUMAN', qty: 50, unitPriceIdr: 4_000 },
    ],
    totalIdr: 1_450_000,
    updatedAt: '2023-10-20T10:00:00+07:00',
    ...overrides,
  });

  it('upserts by externalOrderId, newer updatedAt wins, an older report is ignored', async () => {
    const seller = sellerRow();
    await partner.call('PUT', '/sellers', { sellers: [seller] });
    const first = await partner.call('POST', '/transactions', transaction(seller.externalId));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      externalOrderId: 'GO-INV-1001',
      status: 'accepted',
      totalIdr: 1_450_000,
      applied: true,
    });
    const paid = await partner.call(
      'POST',
      '/transactions',
      transaction(seller.externalId, { status: 'paid', updatedAt: '2023-10-25T10:00:00+07:00' }),
    );
    expect(paid.json().status).toBe('paid');
    const stale = await partner.call(
      'POST',
      '/transactions',
      transaction(seller.externalId, { status: 'delivered', updatedAt: '2023-10-22T10:00:00+07:00' }),
    );
    expect(stale.json()).toMatchObject({ status: 'paid', applied: false });
    const rows = await queryRows<{ n: number; pemda: string }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n, min(pemda_code) AS pemda FROM partner_transactions WHERE external_order_id = 'GO-INV-1001'`,
    );
    expect(rows[0]).toEqual({ n: 1, pemda: '33.25' });
  });

  it('a total that is not the sum of qty × unitPriceIdr is 422 TRANSACTION.TOTAL_MISMATCH and stores nothing', async () => {
    const seller = sellerRow();
    await partner.call('PUT', '/sellers', { sellers: [seller] });
    const response = await partner.call(
      'POST',
      '/transactions',
      transaction(seller.externalId, { externalOrderId: 'GO-BAD', totalIdr: 1_450_001 }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'TRANSACTION.TOTAL_MISMATCH',
      details: { expected: 1_450_000 },
    });
    const rows = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM partner_transactions WHERE external_order_id = 'GO-BAD'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('an unknown seller or satker is 422 naming the field', async () => {
    const response = await partner.call(
      'POST',
      '/transactions',
      transaction('S-NOPE', { externalOrderId: 'GO-X', satkerCode: '9999-X' }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'satkerCode',
      'sellerExternalId',
    ]);
  });
});
