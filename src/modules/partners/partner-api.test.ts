import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, productRow, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let partner: TestPartner;
beforeAll(async () => {
  t = await createTestApp({ SECRET_ROTATION_GRACE_HOURS: '24' });
  partner = await createTestPartner(t, 'gratis-ongkir');
});
afterAll(async () => {
  await t?.close();
});

const count = async (table: string) =>
  (await queryRows<{ n: number }>(t.handle.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

describe('signatures', () => {
  it('a correctly signed request is answered: the category tree has at least 30 categories, catering under PBJT', async () => {
    const response = await partner.call('GET', '/categories');
    expect(response.statusCode).toBe(200);
    const categories = response.json().categories;
    expect(categories.length).toBeGreaterThanOrEqual(30);
    expect(categories.find((c: { code: string }) => c.code === 'MKN-KATERING')).toMatchObject({
      taxKind: 'pbjt',
      parentCode: 'MKN',
    });
    expect(categories.find((c: { code: string }) => c.code === 'KRT-HVS')).toMatchObject({ taxKind: 'ppn' });
  });

  it('a wrong signature is 401 and stores nothing', async () => {
    const before = await count('seller_listings');
    const response = await partner.call(
      'PUT',
      '/sellers',
      { sellers: [sellerRow()] },
      { secret: 'bks_not-the-secret' },
    );
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('PARTNER.SIGNATURE_INVALID');
    expect(await count('seller_listings')).toBe(before);
  });

  it('a body changed after signing fails verification', async () => {
    const body = JSON.stringify({ sellers: [sellerRow()] });
    const tampered = body.replace('CV Berkah', 'PT Palsu');
    const response = await partner.call('PUT', '/sellers', undefined, {
      rawBody: tampered,
      headers: { 'x-signature': (await signatureOf(body)).signature },
    });
    expect(response.statusCode).toBe(401);
  });

  it('a timestamp more than 300 s old is 401 PARTNER.TIMESTAMP_STALE', async () => {
    const response = await partner.call('GET', '/categories', undefined, {
      now: new Date(Date.now() - 301_000),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('PARTNER.TIMESTAMP_STALE');
  });

  it('missing signature headers are 401 PARTNER.SIGNATURE_MISSING', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/partner/v1/categories' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('PARTNER.SIGNATURE_MISSING');
  });

  it('an unknown partner code gets the same 401 as a wrong signature', async () => {
    const response = await partner.call('GET', '/categories', undefined, {
      headers: { 'x-partner-code': 'tidak-ada' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('PARTNER.SIGNATURE_INVALID');
  });

  it('after a rotation both the old and the new secret verify during the grace period', async () => {
    const other = await createTestPartner(t, 'mbizmarket');
    const oldSecret = other.secret;
    const cookie = await t.login('admin.jateng');
    const rotated = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/partners/mbizmarket/rotate-secret',
      headers: { cookie },
    });
    expect(rotated.statusCode).toBe(200);
    const newSecret = rotated.json().secret;
    expect(newSecret).not.toBe(oldSecret);
    expect((await other.call('GET', '/categories', undefined, { secret: oldSecret })).statusCode).toBe(200);
    expect((await other.call('GET', '/categories', undefined, { secret: newSecret })).statusCode).toBe(200);
  });

  it('secrets are stored encrypted, never in clear', async () => {
    const rows = await queryRows<{ ciphertext: string }>(
      t.handle.db,
      sql`SELECT ciphertext FROM partner_secrets`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.ciphertext.includes(partner.secret))).toBe(false);
    expect(rows.every((row) => row.ciphertext.startsWith('v1:'))).toBe(true);
  });

  it('a suspended partner is refused with 403 until reactivated', async () => {
    const tisera = await createTestPartner(t, 'tisera');
    const cookie = await t.login('admin.jateng');
    await t.app.inject({ method: 'POST', url: '/api/v1/admin/partners/tisera/suspend', headers: { cookie } });
    expect((await tisera.call('GET', '/categories')).statusCode).toBe(403);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/partners/tisera/activate',
      headers: { cookie },
    });
    expect((await tisera.call('GET', '/categories')).statusCode).toBe(200);
  });

  it('only a province operator registers partners', async () => {
    const cookie = await t.login('admin.batang');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/partners',
      headers: { cookie },
      payload: { code: 'toko-ladang', name: 'Toko Ladang', baseUrl: 'https://tokoladang.example' },
    });
    expect(response.statusCode).toBe(403);
  });
});

async function signatureOf(body: string) {
  const { signedHeaders } = await import('../../shared/partner-signature');
  const headers = signedHeaders(partner.code, partner.secret, {
    method: 'PUT',
    pathWithQuery: '/api/partner/v1/sellers',
    body,
  });
  return { signature: headers['X-Signature']! };
}

describe('idempotency', () => {
  it('a replay with the same key and body returns the first status and body without redoing the work', async () => {
    const body = { sellers: [sellerRow()] };
    const first = await partner.call('PUT', '/sellers', body, { idempotencyKey: 'batch-001' });
    expect(first.statusCode).toBe(200);
    await t.handle.db.execute(
      sql`UPDATE sellers SET name = 'diubah operator' WHERE nib = ${body.sellers[0]!.nib}`,
    );
    const replay = await partner.call('PUT', '/sellers', body, { idempotencyKey: 'batch-001' });
    expect(replay.statusCode).toBe(first.statusCode);
    expect(replay.json()).toEqual(first.json());
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const [row] = await queryRows<{ name: string }>(
      t.handle.db,
      sql`SELECT name FROM sellers WHERE nib = ${body.sellers[0]!.nib}`,
    );
    expect(row!.name).toBe('diubah operator');
  });

  it('the same key with another body is 409 IDEMPOTENCY.KEY_REUSED', async () => {
    await partner.call('PUT', '/sellers', { sellers: [sellerRow()] }, { idempotencyKey: 'batch-002' });
    const response = await partner.call(
      'PUT',
      '/sellers',
      { sellers: [sellerRow()] },
      { idempotencyKey: 'batch-002' },
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('a write without Idempotency-Key is 400', async () => {
    const response = await partner.call(
      'PUT',
      '/sellers',
      { sellers: [sellerRow()] },
      { idempotencyKey: null },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('IDEMPOTENCY.KEY_REQUIRED');
  });
});

describe('seller sync', () => {
  it('one seller per NIB across partners, with a listing per partner, located in its kabupaten/kota', async () => {
    const other = await createTestPartner(t, 'toko-ladang');
    const shared = sellerRow({ regionCode: '33.25.01.2001' });
    expect((await partner.call('PUT', '/sellers', { sellers: [shared] })).json()).toEqual({
      accepted: 1,
      rejected: [],
    });
    expect(
      (await other.call('PUT', '/sellers', { sellers: [{ ...shared, externalId: 'TL-1' }] })).json().accepted,
    ).toBe(1);
    const rows = await queryRows<{ sellers: number; listings: number; kabkota: string }>(
      t.handle.db,
      sql`SELECT count(DISTINCT s.id)::int AS sellers, count(*)::int AS listings, min(s.kabkota_code) AS kabkota
          FROM sellers s JOIN seller_listings l ON l.seller_id = s.id WHERE s.nib = ${shared.nib}`,
    );
    expect(rows[0]).toEqual({ sellers: 1, listings: 2, kabkota: '33.25' });
  });

  it('each bad row is reported by index, field and code while the good rows are stored', async () => {
    const rows = [
      sellerRow(),
      sellerRow({ nib: '12345' }),
      sellerRow({ regionCode: '99.99' }),
      sellerRow({ kind: 'company', legalForm: null }),
      sellerRow({ npwp: '12' }),
      sellerRow({ kind: 'individual', legalForm: null, name: 'Batik Rifaiyah Bu Siti' }),
    ];
    const response = await partner.call('PUT', '/sellers', { sellers: rows });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(2);
    expect(
      body.rejected.map((r: { index: number; errors: Array<{ field: string; code: string }> }) => [
        r.index,
        r.errors[0]!.field,
        r.errors[0]!.code,
      ]),
    ).toEqual([
      [1, 'nib', 'FIELD.INVALID'],
      [2, 'regionCode', 'REGION.UNKNOWN'],
      [3, 'legalForm', 'FIELD.INVALID'],
      [4, 'npwp', 'FIELD.INVALID'],
    ]);
    expect(body.rejected[0].externalId).toBe(rows[1]!.externalId);
  });

  it('an update older than the stored one is ignored, not an error', async () => {
    const row = sellerRow({ updatedAt: '2024-06-01T00:00:00+07:00', name: 'UD Sumber Rejeki Baru' });
    await partner.call('PUT', '/sellers', { sellers: [row] });
    const stale = await partner.call('PUT', '/sellers', {
      sellers: [{ ...row, name: 'UD Sumber Rejeki Lama', updatedAt: '2024-05-01T00:00:00+07:00' }],
    });
    expect(stale.json()).toEqual({ accepted: 1, rejected: [] });
    const [stored] = await queryRows<{ name: string }>(
      t.handle.db,
      sql`SELECT name FROM sellers WHERE nib = ${row.nib}`,
    );
    expect(stored!.name).toBe('UD Sumber Rejeki Baru');
  });

  it('a batch of more than 1000 rows is refused whole with 400', async () => {
    const response = await partner.call('PUT', '/sellers', {
      sellers: Array.from({ length: 1001 }, () => sellerRow()),
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('product sync', () => {
  it('a 1000-row batch with bad rows in between stores the good ones and reports each bad one by index, field and code', async () => {
    const seller = sellerRow();
    await partner.call('PUT', '/sellers', { sellers: [seller] });
    const rows = Array.from({ length: 1000 }, (_, i) =>
      productRow(seller.externalId, { externalId: `BULK-${i}`, name: `Map plastik ${i}` }),
    );
    rows[10] = { ...rows[10]!, priceIdr: 0 };
    rows[250] = { ...rows[250]!, tkdnCertificateNo: null };
    rows[500] = { ...rows[500]!, sellerExternalId: 'S-TIDAK-ADA' };
    rows[998] = { ...rows[998]!, priceIdr: 1500.5 };
    rows[999] = { ...rows[999]!, categoryCode: 'TIDAK-ADA' };
    const response = await partner.call('PUT', '/products', { products: rows });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(995);
    expect(
      body.rejected.map(
        (r: { index: number; externalId: string; errors: Array<{ field: string; code: string }> }) => [
          r.index,
          r.externalId,
          r.errors.map((e) => `${e.field}:${e.code}`),
        ],
      ),
    ).toEqual([
      [10, 'BULK-10', ['priceIdr:FIELD.INVALID']],
      [250, 'BULK-250', ['tkdnCertificateNo:FIELD.INVALID']],
      [500, 'BULK-500', ['sellerExternalId:SELLER.UNKNOWN']],
      [998, 'BULK-998', ['priceIdr:FIELD.INVALID']],
      [999, 'BULK-999', ['categoryCode:CATEGORY.UNKNOWN']],
    ]);
    const [stored] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM products WHERE external_id LIKE 'BULK-%'`,
    );
    expect(stored!.n).toBe(995);
  });

  it('newer updatedAt wins regardless of arrival order', async () => {
    const seller = sellerRow();
    await partner.call('PUT', '/sellers', { sellers: [seller] });
    const newer = productRow(seller.externalId, {
      externalId: 'ORDERING-1',
      priceIdr: 60_000,
      updatedAt: '2024-03-02T10:00:00+07:00',
    });
    await partner.call('PUT', '/products', { products: [newer] });
    await partner.call('PUT', '/products', {
      products: [{ ...newer, priceIdr: 50_000, updatedAt: '2024-03-01T10:00:00+07:00' }],
    });
    const [row] = await queryRows<{ price_idr: number }>(
      t.handle.db,
      sql`SELECT price_idr FROM products WHERE external_id = 'ORDERING-1'`,
    );
    expect(Number(row!.price_idr)).toBe(60_000);
    await partner.call('PUT', '/products', {
      products: [{ ...newer, priceIdr: 65_000, updatedAt: '2024-03-03T10:00:00+07:00' }],
    });
    const [later] = await queryRows<{ price_idr: number }>(
      t.handle.db,
      sql`SELECT price_idr FROM products WHERE external_id = 'ORDERING-1'`,
    );
    expect(Number(later!.price_idr)).toBe(65_000);
  });

  it('a seller sent by another partner is unknown to this one (SELLER.UNKNOWN)', async () => {
    const other = await createTestPartner(t, 'blibli-gov');
    const seller = sellerRow();
    await other.call('PUT', '/sellers', { sellers: [seller] });
    const response = await partner.call('PUT', '/products', { products: [productRow(seller.externalId)] });
    expect(response.json().rejected[0].errors[0].code).toBe('SELLER.UNKNOWN');
  });

  it('bodies up to 5 MB are accepted and larger ones get 413', async () => {
    const seller = sellerRow();
    await partner.call('PUT', '/sellers', { sellers: [seller] });
    const big = Array.from({ length: 300 }, () =>
      productRow(seller.externalId, { description: 'x'.repeat(9_000) }),
    );
    const accepted = await partner.call('PUT', '/products', { products: big });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().accepted).toBe(300);
    const tooBig = Array.from({ length: 600 }, () =>
      productRow(seller.externalId, { description: 'x'.repeat(9_500) }),
    );
    const refused = await partner.call('PUT', '/products', { products: tooBig });
    expect(refused.statusCode).toBe(413);
    expect(refused.json().error.code).toBe('REQUEST.TOO_LARGE');
  });

  it('malformed JSON with a valid signature is 400 REQUEST.MALFORMED_JSON', async () => {
    const response = await partner.call('PUT', '/products', undefined, { rawBody: '{"products": [' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('REQUEST.MALFORMED_JSON');
  });
});

describe('operator view', () => {
  it('the partner list shows sync statistics and the latest rejected rows are kept', async () => {
    const cookie = await t.login('admin.jateng');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/partners', headers: { cookie } });
    const go = list.json().items.find((p: { code: string }) => p.code === 'gratis-ongkir');
    expect(go.stats.productCount).toBeGreaterThan(995);
    expect(go.stats.rejectedLast24h).toBeGreaterThan(0);
    const rejections = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/partners/gratis-ongkir/rejections',
      headers: { cookie },
    });
    expect(rejections.json().items.some((r: { externalId: string }) => r.externalId === 'BULK-500')).toBe(
      true,
    );
  });

  it('the served OpenAPI document describes every partner route with its security scheme', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/partner/v1/categories', 'get'],
      ['/api/partner/v1/sellers', 'put'],
      ['/api/partner/v1/products', 'put'],
      ['/api/partner/v1/orders/{orderNumber}/events', 'post'],
      ['/api/partner/v1/transactions', 'post'],
      ['/api/v1/admin/partners', 'post'],
      ['/api/v1/admin/partners/{code}/rotate-secret', 'post'],
    ] as const) {
      expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(document.paths['/api/partner/v1/products'].put.security).toEqual([{ partnerSignature: [] }]);
    expect(document.components.securitySchemes.partnerSignature).toBeDefined();
  });
});
