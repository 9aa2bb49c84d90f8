import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmptyDatabase } from '../testing/test-db';
import { type DatabaseHandle, queryRows } from './client';
import { prepareDatabase } from './prepare';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openEmptyDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe(`migrations on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'the embedded database'}`, () => {
  it('apply on an empty database, twice without harm, and create every table', async () => {
    await handle.migrate();
    await handle.migrate();
    const tables = await queryRows<{ table_name: string }>(
      handle.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'regions',
        'pemdas',
        'satkers',
        'users',
        'user_roles',
        'sessions',
        'login_attempts',
        'audit_entries',
      ]),
    );
    const extensions = await queryRows<{ extname: string }>(handle.db, sql`SELECT extname FROM pg_extension`);
    expect(extensions.map((e) => e.extname)).toContain('pg_trgm');
  });

  it('a production start (no demo) loads the reference regions and creates no demo accounts', async () => {
    const result = await prepareDatabase(handle, { demo: false });
    expect(result).toEqual({ regionsLoaded: true, demoSeeded: false, demoHistory: null });
    const [counts] = await queryRows<{ regions: number; pemdas: number; users: number }>(
      handle.db,
      sql`SELECT (SELECT count(*)::int FROM regions) AS regions, (SELECT count(*)::int FROM pemdas) AS pemdas,
          (SELECT count(*)::int FROM users) AS users`,
    );
    expect(counts).toEqual({ regions: expect.any(Number), pemdas: 36, users: 0 });
    expect(counts!.regions).toBeGreaterThan(90_000);
    expect((await prepareDatabase(handle, { demo: false })).regionsLoaded).toBe(false);
  });
});
