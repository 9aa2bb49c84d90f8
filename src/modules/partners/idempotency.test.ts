import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, productRow, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';

/*
 * Idempotency-Key claims on either database (on PGlite the requests interleave on one
 * connection); src/server/concurrency.test.ts repeats the races over two app instances on
 * PostgreSQL.
 */
let t: TestApp;
let partner: TestPartner;
let partnerId: string;
let sellerExternalId: string;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-kunci');
  const [row] = await queryRows<{ id: string }>(
    t.handle.db,
    sql`SELECT id FROM partners WHERE code = ${partner.code}`,
  );
  partnerId = row!.id;
  const seller = sellerRow();
  sellerExternalId = seller.externalId;
  expect((await partner.call('PUT', '/sellers', { sellers: [seller] })).statusCode).toBe(200);
});
afterAll(() => t?.close());

const put = (body: unknown, key: string) => partner.call('PUT', '/products', body, { idempotencyKey: key });
const requestHash = (body: unknown) =>
  createHash('sha256')
    .update(`PUT /api/partner/v1/products\n${JSON.stringify(body)}`)
    .digest('hex');
const stored = (key: string) =>
  queryRows<{ status_code: number }>(
    t.handle.db,
    sql`SELECT status_code FROM idempotency_records WHERE partner_id = ${partnerId} AND key = ${key}`,
  );
/** A claim as an earlier copy of the request (in another process) would have left it. */
const claimAs = (key: string, body: unknown, age = '0 seconds') =>
  t.handle.db.execute(sql`
    INSERT INTO idempotency_records (partner_id, key, request_hash, status_code, response_body, created_at)
    VALUES (${partnerId}, ${key}, ${requestHash(body)}, 0, ${JSON.stringify({ claimToken: randomUUID() })}::jsonb,
      now() - ${age}::interval)`);
const later = (ms: number, action: () => Promise<unknown>) =>
  new Promise((resolve, reject) => setTimeout(() => action().then(resolve, reject), ms));

describe('Idempotency-Key claims', () => {
  it('8 copies of one request at once: all get the same 200 answer, 7 of them replayed, and the work is done once', async () => {
    const key = randomUUID();
    const body = {
      products: [
        productRow(sellerExternalId, { externalId: 'KUNCI-SAMA-1' }),
        productRow(sellerExternalId, { externalId: 'KUNCI-SAMA-BAD', categoryCode: 'TIDAK-ADA' }),
      ],
    };
    const answers = await Promise.all(Array.from({ length: 8 }, () => put(body, key)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(200));
    for (const answer of answers) expect(answer.json()).toEqual(answers[0]!.json());
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    const [runs] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM sync_rejections WHERE partner_id = ${partnerId} AND external_id = 'KUNCI-SAMA-BAD'`,
    );
    expect(runs!.n).toBe(1);
  });

  it('one key with 8 different requests at once: one 200, seven 409 IDEMPOTENCY.KEY_REUSED, only the first one stored', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        put({ products: [productRow(sellerExternalId, { externalId: `KUNCI-BEDA-${i}` })] }, key),
      ),
    );
    expect(answers.filter((answer) => answer.statusCode === 200)).toHaveLength(1);
    expect(
      answers.filter((answer) => answer.statusCode === 409).map((answer) => answer.json().error.code),
    ).toEqual(Array(7).fill('IDEMPOTENCY.KEY_REUSED'));
    const [count] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`SELECT count(*)::int AS n FROM products WHERE partner_id = ${partnerId} AND external_id LIKE 'KUNCI-BEDA-%'`,
    );
    expect(count!.n).toBe(1);
  });

  it('a copy that arrives while the first is in progress waits and replays the first one’s answer', async () => {
    const key = randomUUID();
    const body = { products: [productRow(sellerExternalId, { externalId: 'KUNCI-TUNGGU' })] };
    await claimAs(key, body);
    const answer = put(body, key);
    await later(150, () =>
      t.handle.db.execute(sql`
        UPDATE idempotency_records SET status_code = 200, response_body = '{"accepted":7,"rejected":[]}'::jsonb
        WHERE partner_id = ${partnerId} AND key = ${key}`),
    );
    const replayed = await answer;
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json()).toEqual({ accepted: 7, rejected: [] });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });

  it('a copy waiting on a request that then fails does the work itself', async () => {
    const key = randomUUID();
    const body = { products: [productRow(sellerExternalId, { externalId: 'KUNCI-GAGAL' })] };
    await claimAs(key, body);
    const answer = put(body, key);
    await later(150, () =>
      t.handle.db.execute(
        sql`DELETE FROM idempotency_records WHERE partner_id = ${partnerId} AND key = ${key}`,
      ),
    );
    const done = await answer;
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ accepted: 1, rejected: [] });
    expect(done.headers['idempotent-replayed']).toBeUndefined();
    expect(await stored(key)).toEqual([{ status_code: 200 }]);
  });

  it('a claim left over a minute ago by a process that died is taken over', async () => {
    const key = randomUUID();
    const body = { products: [productRow(sellerExternalId, { externalId: 'KUNCI-YATIM' })] };
    await claimAs(key, body, '2 minutes');
    const answer = await put(body, key);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await stored(key)).toEqual([{ status_code: 200 }]);
  });

  it('a refused request leaves no claim behind: the key is free for a corrected retry', async () => {
    const key = randomUUID();
    const refused = await put({ products: [] }, key);
    expect(refused.statusCode).toBe(400);
    expect(await stored(key)).toEqual([]);
    const retried = await put({ products: [] }, key);
    expect(retried.statusCode).toBe(400);
    expect(retried.json().error.code).toBe('REQUEST.INVALID');
  });
});
