/**
 * Writes the OpenAPI document the server serves at /api/docs/openapi.json to a file (default
 * .artifacts/openapi.json), without a port or a prepared database: `npm run lint:openapi`
 * lints it with Redocly.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../src/db/client';
import { SecretBox } from '../src/modules/partners/secret-box';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';

const target = process.argv[2] ?? '.artifacts/openapi.json';
// Building the document reads no data: an empty in-memory database is enough.
const handle = await openDatabase({});
const config = loadConfig({ LOG_LEVEL: 'silent', BLANGKON_SECRET_KEY: randomBytes(32).toString('hex') });
const app = await buildApp({ db: handle.db, config, secretBox: new SecretBox(config.secretKeyHex!) });
try {
  const response = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
  if (response.statusCode !== 200) throw new Error(`openapi.json answered ${response.statusCode}`);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(response.json(), null, 2)}\n`);
  console.log(`OpenAPI document written to ${target}`);
} finally {
  await app.close();
  await handle.close();
}
