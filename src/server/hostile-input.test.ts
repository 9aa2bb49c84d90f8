import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner, productRow, sellerRow, type TestPartner } from '../testing/partner-client';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createTestOrder } from '../testing/test-orders';

/**
 * Requests a hostile client sends on purpose: paths spelled so that a raw-string check and the
 * router disagree, text PostgreSQL cannot store, and URLs or bodies Fastify itself refuses.
 * Every answer must be a decision of the platform in its one error shape, never a 500.
 */

let t: TestApp;
let partner: TestPartner;
let ppk: string;
let pp: string;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-hostile');
  ppk = await t.login('ppk.batang');
  pp = await t.login('pp.batang');
});
afterAll(async () => {
  await t?.close();
});

const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });

async function orderStatus(number: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/orders/${number}`,
    headers: { cookie: ppk },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().status as string;
}

describe('CSRF is decided on the route the router matched, not on the raw URL', () => {
  const approveSpellings = (number: string) => [
    `/%61pi/v1/orders/${number}/approve`,
    `/%61%70%69/v1/orders/${number}/approve`,
    `/api/v1/%6Frders/${number}/approve`,
    `/api/v1/%6frders/${number}/approve`,
    `/api/%761/orders/${number}/approve`,
    `//api/v1/orders/${number}/approve`,
    `/api/v1/./orders/${number}/approve`,
    `/api/v1/orders/${number}/approve/`,
    `/%61pi/v1/orders/${number}/approve?x=1`,
  ];

  it('a cross-site approve through any spelling of the path is 403 AUTH.CSRF_REJECTED and the order stays pending', async () => {
    const order = await createTestOrder(t, partner, { status: 'pending_approval' });
    for (const url of approveSpellings(order.number)) {
      const response = await t.app.inject({ method: 'POST', url, headers: { cookie: ppk, ...crossSite } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(403);
      expect(response.json(), url).toEqual(errorShape('AUTH.CSRF_REJECTED'));
    }
    expect(await orderStatus(order.number)).toBe('pending_approval');
    // The spelling itself reaches the approve route: same-site, it approves.
    const sameSite = await t.app.inject({
      method: 'POST',
      url: `/%61pi/v1/orders/${order.number}/approve`,
      headers: { cookie: ppk, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameSite.statusCode, sameSite.body).toBe(200);
    expect(await orderStatus(order.number)).toBe('sent');
  });

  it('a cross-site logout through a percent-encoded path is refused and the session stays valid', async () => {
    const cookie = await t.login('pp.batang');
    for (const url of ['/%61pi/v1/auth/logout', '/api/v1/auth/%6Cogout', '/%41PI/v1/auth/logout']) {
      for (const headers of [crossSite, { origin: 'https://evil.example' }]) {
        const response = await t.app.inject({ method: 'POST', url, headers: { cookie, ...headers } });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(403);
        expect(response.json()).toEqual(errorShape('AUTH.CSRF_REJECTED'));
      }
    }
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
  });

  it('the HMAC-signed Partner API uses no cookie and is not subject to the browser check', async () => {
    const response = await partner.call(
      'PUT',
      '/sellers',
      { sellers: [sellerRow()] },
      { headers: crossSite },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().accepted).toBe(1);
  });
});

describe('text PostgreSQL cannot take is refused at the edge', () => {
  const badTexts = { nul: 'CV Ber\u0000kah', surrogate: 'CV Ber\ud800kah' };

  it('a partner seller batch rejects only the rows with NUL or a lone surrogate, per row with FIELD.INVALID', async () => {
    const rows = [
      sellerRow(),
      sellerRow({ name: badTexts.nul }),
      sellerRow({ address: badTexts.surrogate }),
      sellerRow({ externalId: 'S-\u0000-bad' }),
      sellerRow(),
      // Too long: reported under its first 64 UTF-16 units, without splitting the emoji.
      sellerRow({ externalId: `${'x'.repeat(63)}\u{1F600}y` }),
    ];
    const response = await partner.call('PUT', '/sellers', { sellers: rows });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      {
        index: 1,
        externalId: rows[1]!.externalId,
        errors: [expect.objectContaining({ field: 'name', code: 'FIELD.INVALID' })],
      },
      {
        index: 2,
        externalId: rows[2]!.externalId,
        errors: [expect.objectContaining({ field: 'address', code: 'FIELD.INVALID' })],
      },
      {
        index: 3,
        externalId: null,
        errors: [expect.objectContaining({ field: 'externalId', code: 'FIELD.INVALID' })],
      },
      {
        index: 5,
        externalId: 'x'.repeat(63),
        errors: [expect.objectContaining({ field: 'externalId', code: 'FIELD.INVALID' })],
      },
    ]);
    // The rejections are recorded and readable by the operator.
    const admin = await t.login('admin.jateng');
    const rejections = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/partners/${partner.code}/rejections`,
      headers: { cookie: admin },
    });
    expect(rejections.statusCode, rejections.body).toBe(200);
  });

  it('a partner product batch rejects only the rows with bad text in name or description', async () => {
    const seller = sellerRow();
    expect((await partner.call('PUT', '/sellers', { sellers: [seller] })).json().accepted).toBe(1);
    const rows = [
      productRow(seller.externalId),
      productRow(seller.externalId, { description: 'Kertas\u0000' }),
      productRow(seller.externalId, { name: 'Kertas \udfff A4' }),
      productRow(seller.externalId),
    ];
    const response = await partner.call('PUT', '/products', { products: rows });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().accepted).toBe(2);
    expect(
      response
        .json()
        .rejected.map((row: { index: number; errors: Array<{ field: string }> }) => [
          row.index,
          row.errors[0]!.field,
        ]),
    ).toEqual([
      [1, 'description'],
      [2, 'name'],
    ]);
  });

  it('a partner event or transaction with NUL in an id is 400 REQUEST.INVALID naming the field', async () => {
    const order = await createTestOrder(t, partner);
    const event = await partner.call('POST', `/orders/${order.number}/events`, {
      eventId: 'evt-\u0000',
      type: 'accepted',
      occurredAt: new Date().toISOString(),
    });
    expect(event.statusCode, event.body).toBe(400);
    expect(event.json().error.code).toBe('REQUEST.INVALID');
    expect(event.json().error.details).toEqual([expect.objectContaining({ field: 'body.eventId' })]);
    const transaction = await partner.call('POST', '/transactions', {
      externalOrderId: 'TX-\ud800',
      satkerCode: '3325-SETDA',
      sellerExternalId: 'S-1',
      orderedAt: new Date().toISOString(),
      status: 'accepted',
      lines: [{ name: 'Kertas', categoryCode: 'KRT-HVS', qty: 1, unitPriceIdr: 1000 }],
      totalIdr: 1000,
      updatedAt: new Date().toISOString(),
    });
    expect(transaction.statusCode, transaction.body).toBe(400);
    expect(transaction.json().error.details).toEqual([
      expect.objectContaining({ field: 'body.externalOrderId' }),
    ]);
  });

  it('NUL or a lone surrogate in a platform JSON body is 400 REQUEST.INVALID naming the field', async () => {
    const cases: Array<{ url: string; cookie?: string; payload: Record<string, unknown>; field: string }> = [
      {
        url: '/api/v1/auth/login',
        payload: { username: 'pp.batang\u0000', password: 'x' },
        field: 'body.username',
      },
      { url: '/api/v1/auth/login', payload: { username: '\ud800', password: 'x' }, field: 'body.username' },
      {
        url: '/api/v1/orders',
        cookie: pp,
        payload: {
          satkerCode: '3325-SETDA',
          deliveryAddress: 'Jl. Veteran No. 1',
          notes: 'segera\u0000',
          lines: [{ productId: '00000000-0000-0000-0000-000000000000', qty: 1 }],
        },
        field: 'body.notes',
      },
      {
        url: '/api/v1/orders/BLK-3325-2024-000001/cancel',
        cookie: pp,
        payload: { reason: 'salah pesan\u0000' },
        field: 'body.reason',
      },
    ];
    for (const { url, cookie, payload, field } of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: cookie ? { cookie } : {},
      });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().error.code).toBe('REQUEST.INVALID');
      expect(response.json().error.details).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('an ISO date outside the years 0001–9999 rejects only its batch row, and is a 400 elsewhere', async () => {
    const seller = sellerRow();
    const sellers = [
      seller,
      sellerRow({ registeredAt: '0000-01-01T00:00:00Z' }),
      // Year 9999 locally, year 10000 in UTC.
      sellerRow({ updatedAt: '9999-12-31T23:59:59-23:59' }),
      sellerRow({ registeredAt: '0001-01-01T00:00:00Z' }),
    ];
    const synced = await partner.call('PUT', '/sellers', { sellers });
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json().accepted).toBe(2);
    expect(
      synced
        .json()
        .rejected.map((row: { index: number; errors: Array<{ field: string }> }) => [
          row.index,
          row.errors[0]!.field,
        ]),
    ).toEqual([
      [1, 'registeredAt'],
      [2, 'updatedAt'],
    ]);
    const products = await partner.call('PUT', '/products', {
      products: [
        productRow(seller.externalId, { tkdnValidUntil: '0000-01-01' }),
        productRow(seller.externalId),
      ],
    });
    expect(products.statusCode, products.body).toBe(200);
    expect(products.json().accepted).toBe(1);
    expect(products.json().rejected[0]).toMatchObject({
      index: 0,
      errors: [{ field: 'tkdnValidUntil', code: 'FIELD.INVALID' }],
    });

    const transaction = await partner.call('POST', '/transactions', {
      externalOrderId: 'TX-YEAR-0',
      satkerCode: '3325-SETDA',
      sellerExternalId: seller.externalId,
      orderedAt: '0000-06-01T00:00:00Z',
      status: 'accepted',
      lines: [{ name: 'Kertas', categoryCode: 'KRT-HVS', qty: 1, unitPriceIdr: 1000 }],
      totalIdr: 1000,
      updatedAt: new Date().toISOString(),
    });
    expect(transaction.statusCode, transaction.body).toBe(400);
    expect(transaction.json().error.details).toEqual([expect.objectContaining({ field: 'body.orderedAt' })]);

    const admin = await t.login('admin.jateng');
    for (const url of [
      '/api/v1/rules/effective?pemdaCode=33.25&date=0000-01-01',
      '/api/v1/reports/timeseries?from=0000-01-01&to=0001-01-01',
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().error.code).toBe('REQUEST.INVALID');
    }
  });

  it('NUL in a query or path parameter is 400 REQUEST.INVALID naming the parameter', async () => {
    const admin = await t.login('admin.jateng');
    const cases = [
      { url: '/api/v1/rules/effective?pemdaCode=33%0025', field: 'querystring.pemdaCode' },
      { url: '/api/v1/admin/partners/a%00b/rejections', field: 'params.code' },
      { url: '/api/v1/orders?satkerCode=%00', field: 'querystring.satkerCode' },
      { url: '/api/v1/catalog/search?q=kertas%00', field: 'querystring.q' },
    ];
    for (const { url, field } of cases) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().error.details, url).toEqual([expect.objectContaining({ field })]);
    }
  });
});

describe('every refusal, even the framework’s own, is in the one error shape', () => {
  it('badly percent-encoded paths are 400 REQUEST.INVALID in the error shape', async () => {
    for (const url of [
      '/api/v1/orders/%ED%A0%80/invoice',
      '/api/v1/orders/%/invoice',
      '/api/v1/orders/%zz/invoice',
      '/api/v1/orders/%C0%AF/invoice',
      '/api/v1/orders/%E0%A4%A/invoice',
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie: pp } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json(), url).toEqual(errorShape('REQUEST.INVALID'));
    }
  });

  it('a path parameter over the router limit is 414 REQUEST.URI_TOO_LONG in the error shape', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${'x'.repeat(500)}/invoice`,
      headers: { cookie: pp },
    });
    expect(response.statusCode, response.body).toBe(414);
    expect(response.json()).toEqual(errorShape('REQUEST.URI_TOO_LONG'));
  });

  it('requests the HTTP parser refuses (huge headers, a broken request line) answer in the error shape', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(address).port);
    const cases = [
      {
        raw: `GET /api/v1/info HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
        status: 431,
        code: 'REQUEST.HEADERS_TOO_LARGE',
      },
      { raw: 'NOT A REQUEST\r\n\r\n', status: 400, code: 'REQUEST.INVALID' },
      {
        raw: 'GET /api/v1/info HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n',
        status: 400,
        code: 'REQUEST.INVALID',
      },
    ];
    for (const { raw, status, code } of cases) {
      const answer = await rawExchange(port, raw);
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head.split('\r\n')[0], answer).toBe(`HTTP/1.1 ${status} ${statusText[status]}`);
      expect(head.toLowerCase()).toContain('content-type: application/json');
      expect(JSON.parse(body)).toEqual(errorShape(code));
    }
  });

  it('unknown routes and methods, bad JSON and non-JSON bodies all answer in the error shape', async () => {
    const cases = [
      { method: 'GET', url: '/api/v1/nothing-here', status: 404, code: 'REQUEST.NOT_FOUND' },
      { method: 'DELETE', url: '/api/v1/me', status: 404, code: 'REQUEST.NOT_FOUND' },
      { method: 'PATCH', url: '/api/v1/auth/login', status: 404, code: 'REQUEST.NOT_FOUND' },
      {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: '{"username":',
        type: 'application/json',
        status: 400,
        code: 'REQUEST.MALFORMED_JSON',
      },
      {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: 'username=a&password=b',
        type: 'application/x-www-form-urlencoded',
        status: 415,
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      },
      {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: '{"username":"a","password":"b"}',
        type: 'text/plain',
        status: 415,
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      },
    ] as Array<{
      method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
      url: string;
      payload?: string;
      type?: string;
      status: number;
      code: string;
    }>;
    for (const { method, url, payload, type, status, code } of cases) {
      const response = await t.app.inject({
        method,
        url,
        payload,
        headers: type ? { 'content-type': type } : {},
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
      expect(response.json()).toEqual(errorShape(code));
    }
  });
});

const statusText: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' };

/** Sends raw bytes to the listening server and reads the answer until the server closes. */
function rawExchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (error) => {
      if (chunks.length === 0) reject(error);
    });
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.write(raw);
  });
}
