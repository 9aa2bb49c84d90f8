import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';

/**
 * PARTNER-API.md "Authentication" over HTTP: the three headers, the 300-second window on both
 * sides (299/300/301 s), a timestamp that is not unix seconds, a signature of the wrong length,
 * and the order of checks (an unsigned caller learns nothing about its body).
 */
let t: TestApp;
let partner: TestPartner;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-tanda-tangan');
});
afterAll(() => t?.close());

const categories = (options: Parameters<TestPartner['call']>[3] = {}) =>
  partner.call('GET', '/categories', undefined, options);

/** Each refusal's Indonesian message (PARTNER-API.md "Errors"). */
const messages: Record<string, string> = {
  'PARTNER.SIGNATURE_MISSING': 'Header X-Partner-Code, X-Timestamp dan X-Signature wajib ada.',
  'PARTNER.TIMESTAMP_STALE': 'X-Timestamp berselisih lebih dari 300 detik dari jam platform.',
  'PARTNER.SIGNATURE_INVALID': 'Tanda tangan permintaan tidak valid.',
  'PARTNER.SUSPENDED': 'Mitra mitra-tanda-tangan sedang ditangguhkan.',
  'REQUEST.MALFORMED_JSON': 'Isi permintaan bukan JSON yang sah.',
};

function expectError(response: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  const error = (response.json() as { error: { code: string; message: string } }).error;
  expect(error.code).toBe(code);
  if (messages[code]) expect(error.message).toBe(messages[code]);
}

describe('the signature headers', () => {
  it.each(['x-partner-code', 'x-timestamp', 'x-signature'])(
    'without %s the answer is 401 PARTNER.SIGNATURE_MISSING',
    async (name) => {
      for (const value of [undefined, '']) {
        const response = await t.app.inject({
          method: 'GET',
          url: '/api/partner/v1/categories',
          headers: await withHeader(name, value),
        });
        expectError(response, 401, 'PARTNER.SIGNATURE_MISSING');
      }
    },
  );

  /** Correctly signed headers for GET /categories, with one of them removed or emptied. */
  async function withHeader(name: string, value: string | undefined) {
    const { signedHeaders } = await import('../../shared/partner-signature');
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(
        signedHeaders(partner.code, partner.secret, {
          method: 'GET',
          pathWithQuery: '/api/partner/v1/categories',
          body: '',
        }),
      ).map(([key, v]) => [key.toLowerCase(), v]),
    );
    if (value === undefined) delete headers[name];
    else headers[name] = value;
    return headers;
  }
});

describe('the 300-second window', () => {
  const at = (seconds: number) => new Date(Date.now() + seconds * 1000);

  it.each([-299, 299, -290, 290])('a request signed %i s away is answered', async (offset) => {
    expect((await categories({ now: at(offset) })).statusCode).toBe(200);
  });

  it.each([-301, 301, -3600, 3600])(
    'a request signed %i s away is 401 PARTNER.TIMESTAMP_STALE',
    async (offset) => {
      expectError(await categories({ now: at(offset) }), 401, 'PARTNER.TIMESTAMP_STALE');
    },
  );

  it.each(['abc', '1.7e9', '', ' 1', '-5', '99999999999999'])(
    'the timestamp %j is refused before the signature is looked at',
    async (timestamp) => {
      const response = await categories({ headers: { 'X-Timestamp': timestamp } });
      expect(response.statusCode).toBe(401);
      expect(['PARTNER.TIMESTAMP_STALE', 'PARTNER.SIGNATURE_MISSING']).toContain(response.json().error.code);
    },
  );
});

describe('the signature itself', () => {
  it('a signature of the wrong length is 401 PARTNER.SIGNATURE_INVALID, not a server error', async () => {
    const good = await categories();
    expect(good.statusCode).toBe(200);
    for (const signature of [
      'v1=',
      'v1=abc',
      `v1=${'0'.repeat(63)}`,
      `v1=${'0'.repeat(65)}`,
      'x'.repeat(5000),
    ]) {
      expectError(
        await categories({ headers: { 'X-Signature': signature } }),
        401,
        'PARTNER.SIGNATURE_INVALID',
      );
    }
  });

  it('a signature made with another secret, or for an unknown partner, is the same 401', async () => {
    expectError(await categories({ secret: `${partner.secret}x` }), 401, 'PARTNER.SIGNATURE_INVALID');
    expectError(
      await categories({ headers: { 'X-Partner-Code': 'mitra-tidak-ada' } }),
      401,
      'PARTNER.SIGNATURE_INVALID',
    );
  });

  it('an unsigned request with a broken body learns nothing of its body: 401 before 400', async () => {
    const response = await partner.call('PUT', '/sellers', undefined, {
      rawBody: '{"sellers": [',
      secret: 'bukan-rahasia-mitra',
    });
    expectError(response, 401, 'PARTNER.SIGNATURE_INVALID');
    const signed = await partner.call('PUT', '/sellers', undefined, { rawBody: '{"sellers": [' });
    expectError(signed, 400, 'REQUEST.MALFORMED_JSON');
  });

  it('a signed write with an empty body reaches validation, not the JSON parser', async () => {
    const response = await partner.call('PUT', '/sellers', undefined, { rawBody: '' });
    expectError(response, 400, 'REQUEST.INVALID');
  });

  it('after a rotation a request signed with either the old or the new secret is answered', async () => {
    const oldSecret = partner.secret;
    const rotated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/partners/${partner.code}/rotate-secret`,
      headers: { cookie: await t.login('admin.jateng') },
    });
    expect(rotated.statusCode).toBe(200);
    const newSecret = rotated.json().secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect((await categories({ secret: oldSecret })).statusCode).toBe(200);
    expect((await categories({ secret: newSecret })).statusCode).toBe(200);
    expectError(await categories({ secret: `${newSecret}x` }), 401, 'PARTNER.SIGNATURE_INVALID');
  });

  it('a suspended partner is 403 even with a correct signature; reactivated, it is answered again', async () => {
    const operator = await t.login('admin.jateng');
    const suspend = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/partners/${partner.code}/suspend`,
      headers: { cookie: operator },
    });
    expect(suspend.statusCode).toBe(200);
    expectError(await partner.call('PUT', '/sellers', { sellers: [sellerRow()] }), 403, 'PARTNER.SUSPENDED');
    const activate = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/partners/${partner.code}/activate`,
      headers: { cookie: operator },
    });
    expect(activate.statusCode).toBe(200);
    expect((await partner.call('PUT', '/sellers', { sellers: [sellerRow()] })).statusCode).toBe(200);
  });
});
