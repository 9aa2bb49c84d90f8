import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../src/db/client';
import { prepareDatabase } from '../src/db/prepare';
import { withDatabase } from '../src/testing/database-url';

export interface BenchDatabase {
  label: string;
  handle: DatabaseHandle;
  /** A kept database from an earlier run (BENCH_PG_DATABASE): already loaded, do not load again. */
  reused: boolean;
  close(): Promise<void>;
}

/**
 * The databases a benchmark runs on: always the embedded one (in memory), and PostgreSQL in a
 * fresh database of its own when DATABASE_URL (or BENCH_DATABASE_URL) is set. Both migrated,
 * with reference data. BENCH_PG_DATABASE=<name> names the PostgreSQL database instead and keeps
 * it: the first run creates and loads it, later runs reuse it (pending migrations applied), so
 * a 1M-product load is paid once while iterating.
 */
export async function openBenchDatabases(options: { poolSize?: number } = {}): Promise<BenchDatabase[]> {
  const result: BenchDatabase[] = [];
  const embedded = await openDatabase({});
  await prepareDatabase(embedded, { demo: false });
  result.push({ label: 'embedded (PGlite)', handle: embedded, reused: false, close: () => embedded.close() });
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) {
    const kept = process.env.BENCH_PG_DATABASE;
    if (kept && !/^[a-z_][a-z0-9_]*$/.test(kept))
      throw new Error('BENCH_PG_DATABASE: a lowercase identifier');
    const name = kept ?? `blangkon_bench_${randomBytes(4).toString('hex')}`;
    const exists = kept ? await databaseExists(url, kept) : false;
    if (!exists) await admin(url, `CREATE DATABASE ${name}`);
    const handle = await openDatabase({
      databaseUrl: withDatabase(url, name),
      poolSize: options.poolSize ?? 10,
    });
    await prepareDatabase(handle, { demo: false });
    result.push({
      label: 'PostgreSQL',
      handle,
      reused: exists,
      async close() {
        if (kept) {
          await handle.close();
          return;
        }
        await handle.close();
        await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    });
  }
  return result;
}

async function databaseExists(url: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function formatRate(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value);
}
