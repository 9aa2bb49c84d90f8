import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';

/**
 * The claim behind Idempotency-Key (partner-auth.ts): a request claims its key (a row with status
 * 0) before the work. These tests put a claim in the table as another server process would have
 * left it, copying the request hash from a stored answer of the same request under another key,
 * and check what a request with that key then does: wait for the answer and replay it, do the work
 * itself when the claim is given up, take over a claim older than a minute (its process died), and
 * refuse another request at once.
 */
let t: TestApp;
let partner: TestPartner;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-klaim');
});
afterAll(() => t?.close());

const put = (key: string, raw: string) =>
  partner.call('PUT', '/sellers', undefined, { idempotencyKey: key, rawBody: raw });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A claim on `key` for the same request as the stored `like` key, `ageSeconds` old, by another process. */
async function claimAs(like: string, key: string, ageSeconds: number) {
  await t.handle.db.execute(sql`
    INSERT INTO idempotency_records (partner_id, key, request_hash, status_code, response_body, created_at)
    SELECT partner_id, ${key}, request_hash, 0, '{"claimToken":"proses-lain"}'::jsonb,
           now() - make_interval(secs => ${ageSeconds})
    FROM idempotency_records WHERE key = ${like}`);
}

async function statusOf(key: string) {
  const rows = await queryRows<{ statusCode: number }>(
    t.handle.db,
    sql`SELECT status_code AS "statusCode" FROM idempotency_records WHERE key = ${key}`,
  );
  return rows[0]?.statusCode;
}

/** A request and its answer stored under one key; the same bytes, for other keys. */
async function storedRequest() {
  const raw = JSON.stringify({ sellers: [sellerRow()] });
  const like = randomUUID();
  expect((await put(like, raw)).statusCode).toBe(200);
  return { raw, like };
}

describe('a key claimed by a request in progress elsewhere', () => {
  it('the same request waits for its answer and replays it', async () => {
    const { raw, like } = await storedRequest();
    const key = randomUUID();
    await claimAs(like, key, 0);
    const waiting = put(key, raw);
    await sleep(150);
    await t.handle.db.execute(sql`
      UPDATE idempotency_records SET status_code = 200,
        response_body = '{"accepted":7,"rejected":[]}'::jsonb
      WHERE key = ${key}`);
    const answer = await waiting;
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['idempotent-replayed']).toBe('true');
    expect(answer.json()).toEqual({ accepted: 7, rejected: [] });
  });

  it('the same request does the work itself when the other gives its claim up', async () => {
    const { raw, like } = await storedRequest();
    const key = randomUUID();
    await claimAs(like, key, 0);
    const waiting = put(key, raw);
    await sleep(150);
    await t.handle.db.execute(sql`DELETE FROM idempotency_records WHERE key = ${key}`);
    const answer = await waiting;
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['idempotent-replayed']).toBeUndefined();
    expect(answer.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await statusOf(key)).toBe(200);
  });

  it('another request with the key is refused at once, without waiting', async () => {
    const { like } = await storedRequest();
    const key = randomUUID();
    await claimAs(like, key, 0);
    const started = Date.now();
    const answer = await put(key, JSON.stringify({ sellers: [sellerRow()] }));
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await statusOf(key)).toBe(0);
  });
});

describe('a claim left by a process that died', () => {
  it('older than a minute, it is taken over: the request does the work and its answer is stored', async () => {
    const { raw, like } = await storedRequest();
    const key = randomUUID();
    await claimAs(like, key, 61);
    const answer = await put(key, raw);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['idempotent-replayed']).toBeUndefined();
    expect(await statusOf(key)).toBe(200);
    const replay = await put(key, raw);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(answer.json());
  });

  it('younger than a minute, it is not taken over: the request waits', async () => {
    const { raw, like } = await storedRequest();
    const key = randomUUID();
    await claimAs(like, key, 50);
    let done = false;
    const waiting = put(key, raw).then((answer) => {
      done = true;
      return answer;
    });
    await sleep(300);
    expect(done).toBe(false);
    expect(await statusOf(key)).toBe(0);
    // The other process answers after all (7 rows, which this request did not send): it is replayed.
    await t.handle.db.execute(sql`
      UPDATE idempotency_records SET status_code = 200, response_body = '{"accepted":7,"rejected":[]}'::jsonb
      WHERE key = ${key}`);
    const answer = await waiting;
    expect(answer.headers['idempotent-replayed']).toBe('true');
    expect(answer.json()).toEqual({ accepted: 7, rejected: [] });
  });
});
