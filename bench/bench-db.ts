import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../src/db/client';
import { prepareDatabase } from '../src/db/prepare';
import { withDatabase } from '../src/testing/database-url';

export interface BenchDatabase {
  label: string;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * The databases a benchmark runs on: always the embedded one (in memory), and PostgreSQL in a
 * fresh database of its own when DATABASE_URL is set. Both migrated, with reference data.
 */
export async function openBenchDatabases(options: { poolSize?: number } = {}): Promise<BenchDatabase[]> {
  const result: BenchDatabase[] = [];
  const embedded = await openDatabase({});
  await prepareDatabase(embedded, { demo: false });
  result.push({ label: 'embedded (PGlite)', handle: embedded, close: () => embedded.close() });
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `blangkon_bench_${randomBytes(4).toString('hex')}`;
    await admin(url, `CREATE DATABASE ${name}`);
    const handle = await openDatabase({
      databaseUrl: withDatabase(url, name),
      poolSize: options.poolSize ?? 10,
    });
    await prepareDatabase(handle, { demo: false });
    result.push({
      label: 'PostgreSQL',
      handle,
      async close() {
        await handle.close();
        await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    });
  }
  return result;
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
