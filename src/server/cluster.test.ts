import { type ChildProcess, fork } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner, productRow, sellerRow, type TestPartner } from '../testing/partner-client';
import { createTestApp, type TestApp } from '../testing/test-app';

// Server processes sharing one database need PostgreSQL (CI runs this file there).
const onPostgres = Boolean(process.env.DATABASE_URL);

it('SERVER_PROCESSES above 1 without DATABASE_URL stops at start: the embedded database serves one process', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, SERVER_PROCESSES: '2', LOG_LEVEL: 'error' };
  delete env.DATABASE_URL;
  const child = fork('src/server/main.ts', [], { execArgv: ['--import', 'tsx'], env, stdio: 'pipe' });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(2);
  expect(stderr).toContain('SERVER_PROCESSES > 1 needs DATABASE_URL');
}, 60_000);

describe.skipIf(!onPostgres)('SERVER_PROCESSES: one port, several server processes (PostgreSQL)', () => {
  let t: TestApp;
  let partner: TestPartner;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await createTestPartner(t, 'gratis-ongkir');
    const sellers = await partner.call('PUT', '/sellers', { sellers: [sellerRow({ externalId: 'CL-S1' })] });
    expect(sellers.statusCode, sellers.body).toBe(200);
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    await t?.close();
  });

  it('two processes serve searches, each sees a sync made elsewhere within a second, and both stop on SIGTERM', async () => {
    server = fork('src/server/main.ts', [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        DATABASE_URL: t.handle.url,
        SERVER_PROCESSES: '2',
        PORT: '0',
        BLANGKON_DEMO: 'false',
        PARTNER_SIM: 'false',
        OUTBOX_WORKER: 'false',
        BLANGKON_SECRET_KEY: t.config.secretKeyHex,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const address = await new Promise<string>((resolve, reject) => {
      server!.once('message', (message: { address?: string }) => resolve(message.address ?? ''));
      server!.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    });
    const search = async () => {
      const response = await fetch(`${address}/api/v1/catalog/search?q=stapler`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { total: number }).total;
    };
    // Round robin: consecutive searches go to both processes.
    for (let i = 0; i < 4; i++) expect(await search()).toBe(0);

    // A sync through another process (this test's app) on the same database.
    const synced = await partner.call('PUT', '/products', {
      products: [productRow('CL-S1', { externalId: 'CL-P1', name: 'Stapler Joyko HD-10' })],
    });
    expect(synced.statusCode, synced.body).toBe(200);
    const syncedAt = performance.now();
    while ((await search()) === 0 && performance.now() - syncedAt < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A second after the sync response, every process finds it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (performance.now() - syncedAt))));
    for (let i = 0; i < 6; i++) expect(await search()).toBe(1);

    const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
