import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';

/**
 * PARTNER-API.md "Idempotency" and ARCHITECTURE "Only successful partner answers are stored":
 * keys of 1–128 characters; a repeat of a success replays it; a refused request is not stored,
 * so its retry with the same key is evaluated again. Written against the HTTP answers only, so
 * they hold for any correct implementation of the key store.
 */
let t: TestApp;
let partner: TestPartner;
let other: TestPartner;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-idempoten');
  other = await createTestPartner(t, 'mitra-idempoten-lain');
});
afterAll(() => t?.close());

const putSellers = (p: TestPartner, key: string | null, body: unknown = { sellers: [sellerRow()] }) =>
  p.call('PUT', '/sellers', body, { idempotencyKey: key });

describe('Idempotency-Key length (1–128 characters)', () => {
  it.each([1, 2, 127, 128])('a key of %i characters is accepted', async (length) => {
    const response = await putSellers(partner, 'k'.repeat(length - 1) + String(length % 10));
    expect(response.statusCode).toBe(200);
  });

  it.each([129, 130, 1000])(
    'a key of %i characters is refused with 400 and nothing is stored',
    async (length) => {
      const row = sellerRow();
      const response = await putSellers(partner, 'k'.repeat(length), { sellers: [row] });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IDEMPOTENCY.KEY_REQUIRED');
      // The same row with a valid key is new: the refused request wrote nothing.
      const retry = await putSellers(partner, randomUUID(), { sellers: [row] });
      expect(retry.json()).toMatchObject({ accepted: 1 });
    },
  );

  it('an empty key and a missing key are refused on PUT and POST', async () => {
    for (const method of ['PUT', 'POST'] as const) {
      const path = method === 'PUT' ? '/sellers' : '/orders/BLK-332500-2026-999999/events';
      for (const options of [
        { idempotencyKey: null },
        { idempotencyKey: null, headers: { 'idempotency-key': '' } },
      ]) {
        const response = await partner.call(method, path, { sellers: [] }, options);
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatchObject({
          code: 'IDEMPOTENCY.KEY_REQUIRED',
          message: 'Header Idempotency-Key (1–128 karakter) wajib untuk PUT dan POST.',
        });
      }
    }
  });

  it('a read needs no key', async () => {
    const response = await partner.call('GET', '/categories');
    expect(response.statusCode).toBe(200);
  });
});

describe('only successes are replayed', () => {
  it('a success is replayed with its status and body, marked Idempotent-Replayed', async () => {
    const key = randomUUID();
    const body = { sellers: [sellerRow()] };
    const first = await putSellers(partner, key, body);
    expect(first.statusCode).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await putSellers(partner, key, body);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['content-type']).toMatch(/^application\/json/);
  });

  it('a refused event is not stored: retried with the same key after its turn came, it succeeds', async () => {
    const order = await createTestOrder(t, partner);
    const key = randomUUID();
    const shipped = {
      eventId: randomUUID(),
      type: 'shipped',
      occurredAt: new Date().toISOString(),
      data: { courier: 'JNE', trackingNo: 'JNE777' },
    };
    const early = await partner.call('POST', `/orders/${order.number}/events`, shipped, {
      idempotencyKey: key,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('ORDER.INVALID_TRANSITION');

    const again = await partner.call('POST', `/orders/${order.number}/events`, shipped, {
      idempotencyKey: key,
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();

    const accepted = await partner.call('POST', `/orders/${order.number}/events`, {
      eventId: randomUUID(),
      type: 'accepted',
      occurredAt: new Date().toISOString(),
      data: {},
    });
    expect(accepted.statusCode).toBe(200);
    const retried = await partner.call('POST', `/orders/${order.number}/events`, shipped, {
      idempotencyKey: key,
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.json().status).toBe('shipped');

    const replay = await partner.call('POST', `/orders/${order.number}/events`, shipped, {
      idempotencyKey: key,
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(retried.json());
  });

  it('a request refused as invalid leaves its key free for another request', async () => {
    const key = randomUUID();
    const invalid = await putSellers(partner, key, { sellers: 'bukan daftar' });
    expect(invalid.statusCode).toBe(400);
    const again = await putSellers(partner, key, { sellers: 'bukan daftar' });
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    const valid = await putSellers(partner, key, { sellers: [sellerRow()] });
    expect(valid.statusCode).toBe(200);
    expect(valid.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('a key binds one request of one partner', () => {
  it('the same key with another body, or on another path, is 409 IDEMPOTENCY.KEY_REUSED', async () => {
    const key = randomUUID();
    expect((await putSellers(partner, key)).statusCode).toBe(200);
    const otherBody = await putSellers(partner, key);
    expect(otherBody.statusCode).toBe(409);
    expect(otherBody.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(otherBody.json().error.message).toBe('Idempotency-Key ini sudah dipakai untuk permintaan lain.');
  });

  it('the same key and the same bytes on another path is another request: 409', async () => {
    const key = randomUUID();
    const raw = JSON.stringify({ sellers: [sellerRow()] });
    expect(
      (await partner.call('PUT', '/sellers', undefined, { idempotencyKey: key, rawBody: raw })).statusCode,
    ).toBe(200);
    const otherPath = await partner.call('PUT', '/products', undefined, {
      idempotencyKey: key,
      rawBody: raw,
    });
    expect(otherPath.statusCode).toBe(409);
    expect(otherPath.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('another partner may use the same key for its own request', async () => {
    const key = randomUUID();
    const body = { sellers: [sellerRow()] };
    expect((await putSellers(partner, key, body)).statusCode).toBe(200);
    const theirs = await putSellers(other, key, { sellers: [sellerRow()] });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('copies of one request at the same time', () => {
  it('the same key and body twice at once: one answer for both, the work done once', async () => {
    const key = randomUUID();
    const body = { sellers: [sellerRow()] };
    const answers = await Promise.all([putSellers(partner, key, body), putSellers(partner, key, body)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers[1]!.json()).toEqual(answers[0]!.json());
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
  });

  it('the same key with two bodies at once: one is done, the other is 409 IDEMPOTENCY.KEY_REUSED', async () => {
    const key = randomUUID();
    const answers = await Promise.all([putSellers(partner, key), putSellers(partner, key)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('two copies of a request that is refused: both are refused, neither as a replay', async () => {
    const order = await createTestOrder(t, partner);
    const key = randomUUID();
    const shipped = {
      eventId: randomUUID(),
      type: 'shipped',
      occurredAt: new Date().toISOString(),
      data: { courier: 'JNE', trackingNo: 'JNE778' },
    };
    const send = () =>
      partner.call('POST', `/orders/${order.number}/events`, shipped, { idempotencyKey: key });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((a) => a.statusCode)).toEqual([409, 409]);
    for (const answer of answers) {
      expect(answer.json().error.code).toBe('ORDER.INVALID_TRANSITION');
      expect(answer.headers['idempotent-replayed']).toBeUndefined();
    }
  });
});
