import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { SecretBox } from '../modules/partners/secret-box';
import { openTestDatabase } from '../testing/test-db';
import { buildApp, type DemoHistoryStatus } from './app';
import { loadConfig } from './config';

let handle: DatabaseHandle;
let status: DemoHistoryStatus | null = null;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  app = await buildApp({
    db: handle.db,
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    secretBox: new SecretBox(randomBytes(32).toString('hex')),
    demoHistory: () => status,
  });
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

it('GET /healthz answers 200 while the demo history loads, with its progress; without a load it keeps its plain shape', async () => {
  const plain = await app.inject({ method: 'GET', url: '/healthz' });
  expect(plain.statusCode).toBe(200);
  expect(plain.json()).toEqual({ status: 'ok' });

  status = { state: 'loading', percent: 40 };
  const loading = await app.inject({ method: 'GET', url: '/healthz' });
  expect(loading.statusCode).toBe(200);
  expect(loading.json()).toEqual({ status: 'ok', demoHistory: { state: 'loading', percent: 40 } });

  status = { state: 'done', percent: 100 };
  expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
    status: 'ok',
    demoHistory: { state: 'done', percent: 100 },
  });
});
