import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/test-db';
import { type DatabaseHandle, openDatabase, queryRows, type Tx, withRetriedTransaction } from './client';

/** Resolves once `parties` callers have arrived (each call returns the same promise). */
function barrier(parties: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return all;
  };
}

// Deadlocks and serialization failures need two real connections: PostgreSQL only.
describe.skipIf(!process.env.DATABASE_URL)('withRetriedTransaction (PostgreSQL, two connections)', () => {
  let one: DatabaseHandle;
  let two: DatabaseHandle;

  beforeAll(async () => {
    one = await openTestDatabase();
    two = await openDatabase({ databaseUrl: one.url!, poolSize: 2 });
    await one.db.execute(sql`CREATE TABLE retry_probe (id int PRIMARY KEY, n int NOT NULL)`);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  async function reset() {
    await one.db.execute(sql`DELETE FROM retry_probe`);
    await one.db.execute(sql`INSERT INTO retry_probe VALUES (1, 0), (2, 0)`);
  }
  const counts = () =>
    queryRows<{ id: number; n: number }>(one.db, sql`SELECT id, n FROM retry_probe ORDER BY id`);

  it('a transaction chosen as a deadlock victim (40P01) runs again and both transactions take effect once', async () => {
    await reset();
    const bothHoldOneRow = barrier(2);
    const tries = { a: 0, b: 0 };
    // Two transactions lock rows 1 and 2 in opposite orders: PostgreSQL aborts one of them.
    const increment = (first: number, second: number, name: 'a' | 'b') => async (tx: Tx) => {
      tries[name] += 1;
      await tx.execute(sql`UPDATE retry_probe SET n = n + 1 WHERE id = ${first}`);
      if (tries[name] === 1) await bothHoldOneRow();
      await tx.execute(sql`UPDATE retry_probe SET n = n + 1 WHERE id = ${second}`);
      return name;
    };
    const results = await Promise.all([
      withRetriedTransaction(one.db, increment(1, 2, 'a')),
      withRetriedTransaction(two.db, increment(2, 1, 'b')),
    ]);
    expect(results).toEqual(['a', 'b']);
    expect(tries.a + tries.b).toBe(3);
    // The victim's first try rolled back: each row was incremented once per transaction.
    expect(await counts()).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('a repeatable-read transaction that loses a concurrent update (40001) runs again on fresh data', async () => {
    await reset();
    let tries = 0;
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => {
      readDone = resolve;
    });
    let otherCommitted!: () => void;
    const committed = new Promise<void>((resolve) => {
      otherCommitted = resolve;
    });
    const slow = withRetriedTransaction(
      one.db,
      async (tx) => {
        tries += 1;
        const [row] = await queryRows<{ n: number }>(tx, sql`SELECT n FROM retry_probe WHERE id = 1`);
        if (tries === 1) {
          readDone();
          await committed;
        }
        await tx.execute(sql`UPDATE retry_probe SET n = ${row!.n + 10} WHERE id = 1`);
      },
      { isolationLevel: 'repeatable read' },
    );
    await read;
    await two.db.execute(sql`UPDATE retry_probe SET n = n + 1 WHERE id = 1`);
    otherCommitted();
    await slow;
    expect(tries).toBe(2);
    // The rerun read the other transaction's 1: no lost update.
    expect((await counts())[0]).toEqual({ id: 1, n: 11 });
  });

  it('inside an open transaction it is a savepoint: its failure rolls back only its own writes', async () => {
    await reset();
    await one.db.transaction(async (outer) => {
      await outer.execute(sql`UPDATE retry_probe SET n = 5 WHERE id = 1`);
      await expect(
        withRetriedTransaction(outer, async (inner) => {
          await inner.execute(sql`UPDATE retry_probe SET n = 7 WHERE id = 2`);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
    });
    expect(await counts()).toEqual([
      { id: 1, n: 5 },
      { id: 2, n: 0 },
    ]);
  });

  it('an error that is not a deadlock or serialization failure is not retried', async () => {
    let tries = 0;
    await expect(
      withRetriedTransaction(one.db, async (tx) => {
        tries += 1;
        await tx.execute(sql`INSERT INTO retry_probe VALUES (1, 0)`);
      }),
    ).rejects.toThrow();
    expect(tries).toBe(1);
  });
});
