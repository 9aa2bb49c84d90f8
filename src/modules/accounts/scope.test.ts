import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { openTestDatabase } from '../../testing/test-db';
import { coversPemda, coversSatker, type Scope, scopeCondition, scopeFromGrants } from './scope';

describe('scope from role grants', () => {
  it('a pemda-scoped grant on the province (33) covers every region', () => {
    const scope = scopeFromGrants([{ role: 'auditor', pemdaCode: '33', satkerCode: null }]);
    expect(scope.allRegions).toBe(true);
    expect(coversPemda(scope, '33.74')).toBe(true);
  });

  it('an operator of a kabupaten covers that kabupaten and its satkers only', () => {
    const scope = scopeFromGrants([{ role: 'operator', pemdaCode: '33.25', satkerCode: null }]);
    expect(scope).toEqual({ allRegions: false, pemdaCodes: ['33.25'], satkerCodes: [] });
    expect(coversSatker(scope, { code: '3325-SETDA', pemdaCode: '33.25' })).toBe(true);
    expect(coversSatker(scope, { code: '3374-DISDIK', pemdaCode: '33.74' })).toBe(false);
  });

  it('satker roles cover their satkers but not the rest of the pemda', () => {
    const scope = scopeFromGrants([
      { role: 'pp', pemdaCode: null, satkerCode: '3325-SETDA' },
      { role: 'ppk', pemdaCode: null, satkerCode: '3325-DINKES' },
    ]);
    expect(coversPemda(scope, '33.25')).toBe(false);
    expect(coversSatker(scope, { code: '3325-DINKES', pemdaCode: '33.25' })).toBe(true);
    expect(coversSatker(scope, { code: '3325-RSUD-LIMPUNG', pemdaCode: '33.25' })).toBe(false);
  });

  it('lists each pemda and satker once, sorted, and satker grants add no pemda', () => {
    const scope = scopeFromGrants([
      { role: 'ppk', pemdaCode: null, satkerCode: '3325-SETDA' },
      { role: 'operator', pemdaCode: '33.74', satkerCode: null },
      { role: 'pp', pemdaCode: null, satkerCode: '3301-DINKES' },
      { role: 'auditor', pemdaCode: '33.01', satkerCode: null },
      { role: 'bendahara', pemdaCode: null, satkerCode: '3325-SETDA' },
      { role: 'umkm_officer', pemdaCode: '33.74', satkerCode: null },
    ]);
    expect(scope).toEqual({
      allRegions: false,
      pemdaCodes: ['33.01', '33.74'],
      satkerCodes: ['3301-DINKES', '3325-SETDA'],
    });
    expect(scopeFromGrants([{ role: 'pp', pemdaCode: null, satkerCode: '3325-SETDA' }]).pemdaCodes).toEqual(
      [],
    );
  });

  it('no grants cover nothing', () => {
    const scope = scopeFromGrants([]);
    expect(scope.allRegions).toBe(false);
    expect(coversPemda(scope, '33.25')).toBe(false);
  });
});

/**
 * scopeCondition against real SQL: a table of rows owned by several pemda and satkers, read
 * through the condition for each kind of scope. The expected rows are listed by hand.
 */
describe('scopeCondition on a real database (fails closed)', () => {
  const owned = pgTable('scope_probe', {
    id: integer('id').primaryKey(),
    pemdaCode: text('pemda_code').notNull(),
    satkerCode: text('satker_code').notNull(),
  });
  /** The same rows seen through a table that has no satker column. */
  const regionOnly = pgTable('scope_probe_regions', {
    id: integer('id').primaryKey(),
    pemdaCode: text('pemda_code').notNull(),
  });
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openTestDatabase();
    await handle.db.execute(
      sql`create table scope_probe (id int primary key, pemda_code text not null, satker_code text not null)`,
    );
    await handle.db.execute(sql`insert into scope_probe values
      (1, '33.25', '3325-SETDA'), (2, '33.25', '3325-DINKES'), (3, '33.74', '3374-DISDIK'),
      (4, '33.74', '3374-SETDA'), (5, '33.01', '3301-SETDA')`);
    await handle.db.execute(sql`create table scope_probe_regions as select id, pemda_code from scope_probe`);
  });
  afterAll(() => handle?.close());

  async function visible(scope: Scope): Promise<number[]> {
    const rows = await handle.db
      .select({ id: owned.id })
      .from(owned)
      .where(scopeCondition(scope, { pemda: owned.pemdaCode, satker: owned.satkerCode }))
      .orderBy(owned.id);
    return rows.map((row) => row.id);
  }

  async function visibleRegions(scope: Scope): Promise<number[]> {
    const rows = await handle.db
      .select({ id: regionOnly.id })
      .from(regionOnly)
      .where(scopeCondition(scope, { pemda: regionOnly.pemdaCode }))
      .orderBy(regionOnly.id);
    return rows.map((row) => row.id);
  }

  it('a caller with no grants sees no row, with or without a satker column', async () => {
    const none = scopeFromGrants([]);
    expect(await visible(none)).toEqual([]);
    expect(await visibleRegions(none)).toEqual([]);
  });

  it('a province-wide scope sees every row', async () => {
    const province = scopeFromGrants([{ role: 'auditor', pemdaCode: '33', satkerCode: null }]);
    expect(await visible(province)).toEqual([1, 2, 3, 4, 5]);
    expect(await visibleRegions(province)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a pemda grant sees that pemda’s rows only', async () => {
    const batang = scopeFromGrants([{ role: 'operator', pemdaCode: '33.25', satkerCode: null }]);
    expect(await visible(batang)).toEqual([1, 2]);
    expect(await visibleRegions(batang)).toEqual([1, 2]);
  });

  it('satker grants see their satkers’ rows only', async () => {
    const scope = scopeFromGrants([
      { role: 'pp', pemdaCode: null, satkerCode: '3325-DINKES' },
      { role: 'ppk', pemdaCode: null, satkerCode: '3374-SETDA' },
    ]);
    expect(await visible(scope)).toEqual([2, 4]);
  });

  it('pemda and satker grants together see the union of both', async () => {
    const scope = scopeFromGrants([
      { role: 'operator', pemdaCode: '33.25', satkerCode: null },
      { role: 'pp', pemdaCode: null, satkerCode: '3374-DISDIK' },
    ]);
    expect(await visible(scope)).toEqual([1, 2, 3]);
  });

  it('the condition is true or false for every row, never NULL (so it may be negated or OR-ed safely)', async () => {
    const scopes = [
      scopeFromGrants([]),
      scopeFromGrants([{ role: 'operator', pemdaCode: '33.25', satkerCode: null }]),
      scopeFromGrants([{ role: 'pp', pemdaCode: null, satkerCode: '3374-DISDIK' }]),
      scopeFromGrants([
        { role: 'operator', pemdaCode: '33.25', satkerCode: null },
        { role: 'pp', pemdaCode: null, satkerCode: '3374-DISDIK' },
      ]),
    ];
    for (const scope of scopes) {
      for (const columns of [
        { pemda: owned.pemdaCode, satker: owned.satkerCode },
        { pemda: owned.pemdaCode },
      ]) {
        const rows = await handle.db
          .select({ id: owned.id, visible: sql<boolean | null>`${scopeCondition(scope, columns)}` })
          .from(owned);
        for (const row of rows) expect(typeof row.visible).toBe('boolean');
      }
    }
  });

  it('satker grants on a table without a satker column see nothing, not everything', async () => {
    const scope = scopeFromGrants([{ role: 'pp', pemdaCode: null, satkerCode: '3325-SETDA' }]);
    expect(await visibleRegions(scope)).toEqual([]);
  });
});
