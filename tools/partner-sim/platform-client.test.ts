import { afterEach, describe, expect, it } from 'vitest';
import { generateCatalog } from './catalog';
import { type FakePlatform, startFakePlatform, TEST_CATEGORIES } from './fake-platform';
import { error } from './http-helpers';
import {
  fetchCategories,
  PlatformRequestError,
  type PlatformTarget,
  pushProducts,
  pushSellers,
  reportTransaction,
  sendSignedRequest,
} from './platform-client';

const CODE = 'mbizmarket';
const SECRET = 'test-secret-mbizmarket';
let platform: FakePlatform;

async function target(): Promise<PlatformTarget> {
  platform = await startFakePlatform({ secrets: { [CODE]: SECRET } });
  return {
    platformUrl: platform.url,
    code: CODE,
    secret: SECRET,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
  };
}

afterEach(async () => {
  await platform?.close();
});

describe('pushing the catalogue and transactions to the platform', () => {
  it('reads the category tree with a signed GET', async () => {
    expect(await fetchCategories(await target())).toEqual(TEST_CATEGORIES);
  });

  it('pushes rows in batches of at most 1000, each with a fresh Idempotency-Key', async () => {
    const partner = await target();
    const catalog = generateCatalog({
      seed: 3,
      sellerCount: 2500,
      productCount: 1001,
      categories: TEST_CATEGORIES,
    });
    const sellerResults = await pushSellers(partner, catalog.sellers);
    const productResults = await pushProducts(partner, catalog.products);
    expect(sellerResults.map((result) => result.accepted)).toEqual([1000, 1000, 500]);
    expect(productResults.map((result) => result.accepted)).toEqual([1000, 1]);
    const puts = platform.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.path)).toEqual([
      ...Array(3).fill('/api/partner/v1/sellers'),
      ...Array(2).fill('/api/partner/v1/products'),
    ]);
    expect(puts.every((request) => request.signatureValid)).toBe(true);
    expect(new Set(puts.map((request) => request.headers['idempotency-key'])).size).toBe(5);
  });

  it('retries a push after a 5xx with the same key and body, then returns the answer', async () => {
    const partner = await target();
    let failures = 1;
    platform.override = () => (failures-- > 0 ? error(502, 'INTERNAL.UNAVAILABLE', 'gateway') : undefined);
    const [result] = await pushSellers(partner, generateCatalog({ ...small, sellerCount: 2 }).sellers);
    expect(result?.accepted).toBe(2);
    const [first, second] = platform.requests;
    expect(first?.status).toBe(502);
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(second?.rawBody).toBe(first?.rawBody);
  });

  it('gives up at once on a 4xx other than 409 and 429, raising the platform error', async () => {
    const partner = await target();
    platform.override = () => error(422, 'TRANSACTION.TOTAL_MISMATCH', 'total');
    const transaction = {
      externalOrderId: 'MBZ-1',
      satkerCode: '3325-01',
      sellerExternalId: 'S-00001',
      orderedAt: new Date().toISOString(),
      status: 'accepted' as const,
      lines: [{ name: 'Kertas', categoryCode: 'ATK.KERTAS', qty: 1, unitPriceIdr: 50_000 }],
      totalIdr: 1,
      updatedAt: new Date().toISOString(),
    };
    await expect(reportTransaction(partner, transaction)).rejects.toBeInstanceOf(PlatformRequestError);
    expect(platform.requests).toHaveLength(1);
  });

  it('does not retry a 409 IDEMPOTENCY.KEY_REUSED, which no wait can fix', async () => {
    const partner = await target();
    platform.override = () => error(409, 'IDEMPOTENCY.KEY_REUSED', 'reused');
    const response = await sendSignedRequest(partner, {
      method: 'POST',
      path: '/api/partner/v1/transactions',
      body: {},
    });
    expect(response).toMatchObject({ status: 409, attempts: 1 });
  });

  it('stops after maxAttempts when the platform cannot be reached', async () => {
    const partner = {
      ...(await target()),
      platformUrl: 'http://127.0.0.1:1',
      retry: { maxAttempts: 3, initialDelayMs: 1 },
    };
    const response = await sendSignedRequest(partner, { method: 'POST', path: '/x', body: {} });
    expect(response).toMatchObject({ status: null, attempts: 3 });
  });
});

const small = { seed: 1, sellerCount: 1, productCount: 0, categories: TEST_CATEGORIES };
