import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { SecretBox } from '../modules/partners/secret-box';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { withDatabase } from '../testing/database-url';
import { createTestPartner, type TestPartner } from '../testing/partner-client';
import { runRandomScenario } from '../testing/report-scenario';
import { createTestApp, type TestApp } from '../testing/test-app';

/** The tables and figures the public dashboard shows (reports module routes). */
const REPORTS = [
  '/api/v1/reports/regions?from=2024-01-01&to=2024-12-31',
  '/api/v1/reports/regions/details?from=2024-01-01&to=2024-12-31',
  '/api/v1/reports/realisation?from=2024-01-01&to=2024-12-31',
  '/api/v1/reports/realisation?from=2024-03-15&to=2024-04-30&regionCode=33.25',
  '/api/v1/reports/partners?regionCode=33.25&asOf=2024-12-31',
  '/api/v1/reports/timeseries?from=2024-01-01&to=2024-12-31&interval=month',
  '/api/v1/reports/payment-days?from=2024-01-01&to=2024-12-31',
];

async function reportsOf(db: DatabaseHandle['db']): Promise<Record<string, unknown>> {
  const app = await buildApp({
    db,
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    secretBox: new SecretBox(randomBytes(32).toString('hex')),
  });
  try {
    const answers: Record<string, unknown> = {};
    for (const url of REPORTS) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      answers[url] = response.json();
    }
    return answers;
  } finally {
    await app.close();
  }
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

let t: TestApp;
let partner: TestPartner;
let before: Record<string, unknown>;
let work: string;

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'gratis-ongkir');
  await runRandomScenario(t, partner, 7, 14);
  before = await reportsOf(t.handle.db);
  work = await mkdtemp(path.join(os.tmpdir(), 'blangkon-backup-'));
}, 180_000);
afterAll(async () => {
  await t?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

it('the scenario gives the reports something to show', () => {
  const regions = before[REPORTS[0]!] as { regions: Array<{ transactionValueIdr: number }> };
  expect(regions.regions.some((region) => region.transactionValueIdr > 0)).toBe(true);
});

describe.skipIf(Boolean(process.env.DATABASE_URL))('backup and restore on the embedded database', () => {
  it('backup → restore into a fresh DATA_DIR gives identical reports; a second restore is refused without --force, and runs with it', async () => {
    // The test's database lives in memory: put it where a server would keep it.
    const source = path.join(work, 'source');
    const dump = await t.handle.pglite!.dumpDataDir('gzip');
    await mkdir(path.join(source, 'pglite'), { recursive: true });
    const seeded = await PGlite.create({
      dataDir: path.join(source, 'pglite'),
      loadDataDir: dump,
      extensions: { pg_trgm },
    });
    await seeded.close();

    const file = path.join(work, 'blangkon.tar.gz');
    const backedUp = await cli(['backup', file], { DATA_DIR: source });
    expect(backedUp.code, backedUp.output).toBe(0);

    const target = path.join(work, 'target');
    const restored = await cli(['restore', file], { DATA_DIR: target });
    expect(restored.code, restored.output).toBe(0);
    const handle = await openDatabase({ dataDir: target });
    try {
      expect(await reportsOf(handle.db)).toEqual(before);
    } finally {
      await handle.close();
    }

    const refused = await cli(['restore', file], { DATA_DIR: target });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Restore ditolak');
    expect(refused.output).toContain('--force');

    const forced = await cli(['restore', file, '--force'], { DATA_DIR: target });
    expect(forced.code, forced.output).toBe(0);
    // The overwritten database is kept aside, not deleted.
    expect((await readdir(target)).some((entry) => entry.startsWith('pglite.before-restore-'))).toBe(true);
  }, 180_000);

  it('backup and restore refuse to touch a DATA_DIR a running server uses', async () => {
    const source = path.join(work, 'serving');
    await mkdir(source, { recursive: true });
    // This test process stands in for the server: alive, and a node process.
    await writeFile(path.join(source, 'blangkon-server.pid'), `${process.pid}\n`);
    const refused = await cli(['backup', path.join(work, 'while-serving.tar.gz')], { DATA_DIR: source });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('hentikan dulu');
    const restoreRefused = await cli(['restore', path.join(work, 'blangkon.tar.gz'), '--force'], {
      DATA_DIR: source,
    });
    expect(restoreRefused.code).toBe(1);
    expect(restoreRefused.output).toContain('stop it first');
  }, 60_000);
});

describe.skipIf(!process.env.DATABASE_URL)('backup and restore on PostgreSQL (pg_dump/pg_restore)', () => {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const fresh = `blangkon_restore_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`);
  });

  it('backup → restore into a fresh database gives identical reports; a second restore is refused without --force, and runs with it', async () => {
    const file = path.join(work, 'blangkon.pgdump');
    const backedUp = await cli(['backup', file], { DATABASE_URL: t.handle.url!, DATA_DIR: work });
    expect(backedUp.code, backedUp.output).toBe(0);

    await admin(`CREATE DATABASE ${fresh}`);
    const url = withDatabase(process.env.DATABASE_URL!, fresh);
    const restored = await cli(['restore', file], { DATABASE_URL: url, DATA_DIR: work });
    expect(restored.code, restored.output).toBe(0);
    const handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
    try {
      expect(await reportsOf(handle.db)).toEqual(before);
    } finally {
      await handle.close();
    }

    const refused = await cli(['restore', file], { DATABASE_URL: url, DATA_DIR: work });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Restore ditolak');

    const forced = await cli(['restore', file, '--force'], { DATABASE_URL: url, DATA_DIR: work });
    expect(forced.code, forced.output).toBe(0);
    const again = await openDatabase({ databaseUrl: url, poolSize: 2 });
    try {
      expect(await reportsOf(again.db)).toEqual(before);
    } finally {
      await again.close();
    }
  }, 180_000);
});
