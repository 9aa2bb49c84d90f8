import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/client';
import { DEMO_PASSWORD } from '../db/seeds/demo';
import { SecretBox } from '../modules/partners/secret-box';
import { buildApp } from '../server/app';
import { type Config, loadConfig } from '../server/config';
import { openTestDatabase } from './test-db';

export interface TestApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  config: Config;
  secretBox: SecretBox;
  /** Logs a user in and returns the Cookie header value to send with later requests. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The whole server in-process (no port) over a fresh database cloned from the template. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { webRoot?: string } = {},
): Promise<TestApp> {
  const handle = await openTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    BLANGKON_SECRET_KEY: randomBytes(32).toString('hex'),
    ...env,
  });
  const secretBox = new SecretBox(config.secretKeyHex!);
  const app = await buildApp({ db: handle.db, config, secretBox, webRoot: options.webRoot });
  await app.ready();
  return {
    app,
    handle,
    config,
    secretBox,
    async login(username, password = DEMO_PASSWORD) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (response.statusCode !== 200) {
        throw new Error(`login of ${username} failed: ${response.statusCode} ${response.body}`);
      }
      const cookie = response.cookies.find((c) => c.name === 'blangkon_session');
      if (!cookie) throw new Error('no session cookie');
      return `blangkon_session=${cookie.value}`;
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
