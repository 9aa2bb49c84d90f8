import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { products } from '../../db/schema';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { syncTestOffers } from '../../testing/test-orders';
import { outboxMessages } from '../outbox/outbox.schema';
import { orders } from './orders.schema';

let t: TestApp;
let partner: TestPartner;
let otherPartner: TestPartner;
let pp: string;
let ppk: string;

const address = 'Jl. Veteran No. 1, Kauman, Batang';

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-checkout');
  otherPartner = await createTestPartner(t, 'mitra-lain');
  pp = await t.login('pp.batang');
  ppk = await t.login('ppk.batang');
});
afterAll(() => t?.close());

function checkout(cookie: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { cookie }, payload: body });
}

async function offer(
  overrides: Record<string, unknown> = {},
  seller: Record<string, unknown> = {},
  via = partner,
) {
  const { offers } = await syncTestOffers(t, via, { seller, products: [overrides] });
  return offers[0]!.productId;
}

describe('checkout', () => {
  it('splits the cart into one order per seller, each routed to its partner with its own totals', async () => {
    const a = await offer({ priceIdr: 55_000 });
    const b = await offer({
      priceIdr: 120_000,
      name: 'Tinta printer hitam 70 ml',
      categoryCode: 'KOM-TINTA',
    });
    const c = await offer({ priceIdr: 30_000 }, {}, otherPartner);
    const response = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [
        { productId: a, qty: 10 },
        { productId: b, qty: 2 },
        { productId: c, qty: 5 },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const placed = response.json().orders as Array<{
      number: string;
      status: string;
      totals: { totalIdr: number };
      partner: { code: string };
    }>;
    expect(placed).toHaveLength(3);
    expect(placed.map((o) => o.totals.totalIdr).sort((x, y) => x - y)).toEqual([150_000, 240_000, 550_000]);
    expect(new Set(placed.map((o) => o.status))).toEqual(new Set(['sent']));
    expect(placed.map((o) => o.number)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^BLK-3325-\d{4}-\d{6}$/)]),
    );
    const calls = await t.handle.db
      .select({ path: outboxMessages.path, key: outboxMessages.orderingKey })
      .from(outboxMessages)
      .where(
        sql`${outboxMessages.orderingKey} IN (${sql.join(
          placed.map((o) => sql`${o.number}`),
          sql`, `,
        )})`,
      );
    expect(calls.map((call) => call.path)).toEqual(['/orders', '/orders', '/orders']);
  });

  it('takes the stock of each line', async () => {
    const id = await offer({ stock: 7 });
    const response = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 3 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const [row] = await t.handle.db
      .select({ stock: products.stock })
      .from(products)
      .where(eq(products.id, id));
    expect(row!.stock).toBe(4);
  });

  it('refuses ORDER.ABOVE_LIMIT at or above the pemda limit, naming the limit and where to buy instead', async () => {
    const id = await offer({
      priceIdr: 5_000_000,
      name: 'Laptop kantor 14 inci',
      categoryCode: 'KOM-LAPTOP',
      stock: 50,
    });
    const response = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 10 }],
    });
    expect(response.statusCode).toBe(422);
    const error = response.json().error;
    expect(error.code).toBe('ORDER.ABOVE_LIMIT');
    expect(error.message).toContain('Rp50.000.000');
    expect(error.message).toContain('e-katalog lokal');
  });

  it('lets an order just below the limit through, waiting for the PPK above the approval threshold', async () => {
    const id = await offer({
      priceIdr: 4_999_999,
      name: 'Laptop kantor 14 inci',
      categoryCode: 'KOM-LAPTOP',
      stock: 50,
    });
    const response = await checkout(pp, {
      satkerCode: '3325-DINKES',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 10 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const [order] = response.json().orders;
    expect(order.status).toBe('pending_approval');
    const before = await t.handle.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.orderingKey, order.number));
    expect(before).toHaveLength(0);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.number}/approve`,
      headers: { cookie: ppk },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('sent');
    const after = await t.handle.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.orderingKey, order.number));
    expect(after.map((m) => m.path)).toEqual(['/orders']);
  });

  it('the PP cannot approve their own order: approval is the PPK’s', async () => {
    const id = await offer({
      priceIdr: 2_000_000,
      name: 'Printer laser',
      categoryCode: 'KOM-PRINTER',
      stock: 50,
    });
    const placed = await checkout(pp, {
      satkerCode: '3325-KEC-BATANG',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 8 }],
    });
    const number = placed.json().orders[0].number;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${number}/approve`,
      headers: { cookie: pp },
    });
    expect(response.statusCode).toBe(403);
  });

  it('refuses ORDER.QTY_BELOW_MINIMUM under the product’s minimum quantity', async () => {
    const id = await offer({ minOrderQty: 5 });
    const response = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 4 }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('ORDER.QTY_BELOW_MINIMUM');
    expect(response.json().error.message).toContain('5');
  });

  it('refuses ORDER.OUT_OF_STOCK and takes nothing from any line of the cart', async () => {
    const plenty = await offer({ stock: 100 });
    const scarce = await offer({ stock: 2 }, {}, otherPartner);
    const response = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [
        { productId: plenty, qty: 10 },
        { productId: scarce, qty: 3 },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('ORDER.OUT_OF_STOCK');
    const [row] = await t.handle.db
      .select({ stock: products.stock })
      .from(products)
      .where(eq(products.id, plenty));
    expect(row!.stock).toBe(100);
  });

  it('refuses ORDER.PRODUCT_INACTIVE for an inactive product and for a suspended partner’s product', async () => {
    const inactive = await offer({ isActive: false });
    const first = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: inactive, qty: 1 }],
    });
    expect(first.json().error.code).toBe('ORDER.PRODUCT_INACTIVE');

    const suspendedPartner = await createTestPartner(t, 'mitra-dibekukan');
    const id = await offer({}, {}, suspendedPartner);
    const admin = await t.login('admin.jateng');
    const suspend = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/partners/mitra-dibekukan/suspend',
      headers: { cookie: admin },
    });
    expect(suspend.statusCode, suspend.body).toBe(200);
    const second = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 1 }],
    });
    expect(second.statusCode).toBe(422);
    expect(second.json().error.code).toBe('ORDER.PRODUCT_INACTIVE');
  });

  it('refuses with 403 ORDER.SATKER_NOT_SERVED a satker the PP does not serve', async () => {
    const id = await offer();
    const response = await checkout(pp, {
      satkerCode: '3374-DISDIK',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 1 }],
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('ORDER.SATKER_NOT_SERVED');
  });

  it('only a PP places orders: a PPK gets 403', async () => {
    const id = await offer();
    const response = await checkout(ppk, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 1 }],
    });
    expect(response.statusCode).toBe(403);
  });

  it('splitting: orders with the same seller within 14 days reaching the limit need a written reason, kept and flagged for auditors', async () => {
    const seller = { name: 'CV Pecah Paket' };
    const { offers } = await syncTestOffers(t, partner, {
      seller,
      products: [{ priceIdr: 1_000_000, name: 'Kursi lipat', categoryCode: 'FRN-MEJA-KURSI', stock: 500 }],
    });
    const id = offers[0]!.productId;
    for (let i = 0; i < 3; i++) {
      const placed = await checkout(pp, {
        satkerCode: '3325-DISDIKBUD',
        deliveryAddress: address,
        lines: [{ productId: id, qty: 14 }],
      });
      expect(placed.statusCode, placed.body).toBe(201);
    }
    const body = {
      satkerCode: '3325-DISDIKBUD',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 14 }],
    };
    const refused = await checkout(pp, body);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('ORDER.SPLIT_REASON_REQUIRED');
    expect(refused.json().error.message).toContain('Rp42.000.000');

    const reason = 'Kebutuhan baru: ruang kelas tambahan SD Negeri 3 Batang dibuka bulan ini.';
    const placed = await checkout(pp, { ...body, splitReason: reason });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().orders[0];
    expect(order.flags.map((f: { code: string }) => f.code)).toContain('ORDER.SPLIT_SUSPECTED');
    const [row] = await t.handle.db
      .select({ splitReason: orders.splitReason, flags: orders.flags })
      .from(orders)
      .where(eq(orders.number, order.number));
    expect(row!.splitReason).toBe(reason);
    expect(JSON.stringify(row!.flags)).toContain(reason);
  });

  it('splitting: the same seller’s orders older than the window do not count', async () => {
    const { offers } = await syncTestOffers(t, partner, {
      products: [{ priceIdr: 1_000_000, name: 'Meja rapat', categoryCode: 'FRN-LEMARI', stock: 500 }],
    });
    const id = offers[0]!.productId;
    const first = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 14 }],
    });
    const number = first.json().orders[0].number;
    await t.handle.db
      .update(orders)
      .set({ orderedAt: sql`now() - interval '20 days'` })
      .where(eq(orders.number, number));
    await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 14 }],
    });
    const third = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: id, qty: 14 }],
    });
    expect(third.statusCode, third.body).toBe(201);
  });

  it('warns when a higher domestic class exists in the same category in the buyer’s region, and keeps the warning', async () => {
    await offer(
      {
        name: 'Map plastik lokal',
        categoryCode: 'ATK-MAP',
        isDomestic: true,
        tkdnPercent: 45,
        bmpPercent: 5,
      },
      { regionCode: '33.25' },
    );
    const imported = await offer(
      {
        name: 'Map plastik impor',
        categoryCode: 'ATK-MAP',
        isDomestic: false,
        tkdnPercent: null,
        bmpPercent: null,
        tkdnCertificateNo: null,
        tkdnValidUntil: null,
      },
      { regionCode: '33.74', address: 'Jl. Pandanaran 1, Semarang' },
    );
    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders/preview',
      headers: { cookie: pp },
      payload: {
        satkerCode: '3325-SETDA',
        deliveryAddress: address,
        lines: [{ productId: imported, qty: 2 }],
      },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().warnings.map((w: { code: string }) => w.code)).toEqual([
      'ORDER.HIGHER_DOMESTIC_CLASS_AVAILABLE',
    ]);
    const placed = await checkout(pp, {
      satkerCode: '3325-SETDA',
      deliveryAddress: address,
      lines: [{ productId: imported, qty: 2 }],
    });
    expect(placed.statusCode).toBe(201);
    expect(placed.json().orders[0].flags[0].code).toBe('ORDER.HIGHER_DOMESTIC_CLASS_AVAILABLE');
  });

  it('50 concurrent checkouts for 10 units of stock end with exactly 10 units sold', async () => {
    const id = await offer({ stock: 10, priceIdr: 10_000 });
    const cookies = [pp];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        checkout(cookies[0]!, {
          satkerCode: ['3325-SETDA', '3325-DISDIKBUD', '3325-DINKES', '3325-KEC-BATANG'][i % 4],
          deliveryAddress: address,
          lines: [{ productId: id, qty: 1 }],
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(results.filter((r) => r.statusCode === 422).map((r) => r.json().error.code)).toEqual(
      Array(40).fill('ORDER.OUT_OF_STOCK'),
    );
    const [row] = await t.handle.db
      .select({ stock: products.stock })
      .from(products)
      .where(eq(products.id, id));
    expect(row!.stock).toBe(0);
  });
});
