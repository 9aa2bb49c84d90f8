import { type ChildProcess, spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { startFakePartner } from '../../testing/fake-partner';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';

// Two server processes need a database both can reach: PostgreSQL (CI runs this file there).
const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('outbox across server processes (PostgreSQL)', () => {
  let t: TestApp;
  let partner: TestPartner;
  let fake: Awaited<ReturnType<typeof startFakePartner>>;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    t = await createTestApp({ OUTBOX_WORKER: 'false' });
    fake = await startFakePartner('gratis-ongkir', () => partner.secret);
    partner = await createTestPartner(t, 'gratis-ongkir', fake.baseUrl);
  });
  afterAll(async () => {
    for (const server of servers) server.kill('SIGTERM');
    await Promise.all(
      servers.map(
        (s) => new Promise((resolve) => (s.exitCode !== null ? resolve(null) : s.once('exit', resolve))),
      ),
    );
    await fake?.close();
    await t?.close();
  });

  it('two server processes sharing one PostgreSQL deliver each message exactly once', async () => {
    const orders = [];
    for (let i = 0; i < 40; i++) orders.push(await createTestOrder(t, partner));
    for (let i = 0; i < 2; i++) {
      servers.push(
        spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
          env: {
            ...process.env,
            DATABASE_URL: t.handle.url,
            PORT: '0',
            BLANGKON_DEMO: 'false',
            PARTNER_SIM: 'false',
            OUTBOX_POLL_MS: '20',
            BLANGKON_SECRET_KEY: t.config.secretKeyHex,
            LOG_LEVEL: 'error',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    const deadline = Date.now() + 60_000;
    let pending = orders.length;
    while (pending > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      [{ pending }] = (await queryRows<{ pending: number }>(
        t.handle.db,
        sql`SELECT count(*)::int AS pending FROM outbox_messages WHERE status <> 'delivered'`,
      )) as [{ pending: number }];
    }
    expect(pending).toBe(0);
    const numbers = fake.received.map((call) => (call.body as { number: string }).number);
    expect(numbers).toHaveLength(orders.length);
    expect(new Set(numbers).size).toBe(orders.length);
    expect(fake.received.every((call) => call.signatureValid)).toBe(true);
  }, 120_000);
});
