import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { withDatabase } from './database-url';

/**
 * A database of its own for one test file, cloned from the run's template: migrated, with
 * reference regions and the demo scenario (accounts with password `demo`).
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const templateDatabase = inject('templateDatabase');
  const databaseUrl = process.env.DATABASE_URL;
  if (templateDatabase && databaseUrl) {
    const name = `blangkon_test_${randomBytes(6).toString('hex')}`;
    await runAdmin(databaseUrl, `CREATE DATABASE ${name} TEMPLATE ${templateDatabase}`);
    const handle = await openDatabase({ databaseUrl: withDatabase(databaseUrl, name), poolSize: 5 });
    return {
      ...handle,
      async close() {
        await handle.close();
        await runAdmin(databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dumpPath = inject('templateDumpPath');
  if (!dumpPath) throw new Error('test template missing: is src/testing/global-setup.ts configured?');
  return openDatabase({ loadDataDir: new Blob([await readFile(dumpPath)]) });
}

/** A brand-new, empty database (for migration tests); closing drops it. */
export async function openEmptyDatabase(): Promise<DatabaseHandle> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const name = `blangkon_empty_${randomBytes(6).toString('hex')}`;
    await runAdmin(databaseUrl, `CREATE DATABASE ${name}`);
    const handle = await openDatabase({ databaseUrl: withDatabase(databaseUrl, name), poolSize: 2 });
    return {
      ...handle,
      async close() {
        await handle.close();
        await runAdmin(databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  return openDatabase({});
}

async function runAdmin(databaseUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
