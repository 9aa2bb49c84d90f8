import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../modules/partners/secret-box';
import { openTestDatabase } from '../testing/test-db';
import { buildApp } from './app';
import { loadConfig } from './config';

describe('graceful shutdown', () => {
  it('a request in flight when the server starts closing still completes; the listener stops accepting', async () => {
    const handle = await openTestDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const app = await buildApp({
      db: handle.db,
      config,
      secretBox: new SecretBox(randomBytes(32).toString('hex')),
    });
    let release: () => void = () => {};
    const started = new Promise<void>((resolveStarted) => {
      app.get('/slow-test-route', async () => {
        resolveStarted();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { done: true };
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const inFlight = fetch(`${url}/slow-test-route`);
    await started;
    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterClose = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(afterClose);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closing;
    await handle.close();
  });
});
