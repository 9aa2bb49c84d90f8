import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type ExtractTablesWithRelations, is, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import {
  type PgDatabase,
  type PgQueryResultHKT,
  PgTransaction,
  type PgTransactionConfig,
} from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** The query interface shared by the embedded database and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database or an open transaction: service functions accept either. */
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the committed migrations (idempotent; serialised across processes on PostgreSQL). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The embedded instance, when embedded (used to dump test templates). */
  pglite?: PGlite;
  /** The connection URL, on PostgreSQL. */
  url?: string;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant works; it only has to be the same in every process of this application.
const MIGRATION_LOCK_ID = 774_201_1;

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when set the embedded database is not used. */
  databaseUrl?: string | undefined;
  /** Directory for the embedded database; omitted = in memory. */
  dataDir?: string | undefined;
  /** A dumped embedded database to start from (test templates). */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
}

/** Opens PGlite in `dataDir` (or memory), or PostgreSQL at `databaseUrl`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  }
  return openPglite(options.dataDir, options.loadDataDir);
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir: Blob | undefined,
): Promise<DatabaseHandle> {
  let directory: string | undefined;
  if (dataDir) {
    directory = path.join(dataDir, 'pglite');
    await mkdir(directory, { recursive: true });
  }
  const client = await PGlite.create({
    ...(directory ? { dataDir: directory } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    async migrate() {
      await migratePglite(db as never, { migrationsFolder });
    },
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(databaseUrl: string, poolSize: number): Promise<DatabaseHandle> {
  // int8 (bigint) columns hold rupiah: parse them as numbers; amounts stay far below 2^53.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    url: databaseUrl,
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        try {
          await migrateNodePg(db as never, { migrationsFolder });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** SQL text of an ISO 8601 UTC timestamp (`2026-11-28T22:15:00.123456Z`) for raw queries. */
export function isoTimestamp(expression: string): SQL {
  return sql.raw(`to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
}

/**
 * SQLSTATEs after which PostgreSQL's documented remedy is to run the whole transaction again:
 * 40P01 deadlock_detected and 40001 serialization_failure.
 */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
/** Retries after the first failed try (so at most 4 tries). */
export const TRANSACTION_RETRIES = 3;

let retriedTransactions = 0;
/** How many transactions this process has rerun after a deadlock or serialization failure. */
export function transactionRetries(): number {
  return retriedTransactions;
}

/** Whether an error (or one it wraps: drizzle wraps the driver's) is a deadlock or serialization failure. */
export function isRetryableConflict(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * `db.transaction(fn)`, run again (up to TRANSACTION_RETRIES times, after a short jittered
 * backoff) when PostgreSQL aborts it with a deadlock or serialization failure. The whole
 * transaction reruns, so `fn` must do nothing outside it that a rerun would repeat (no HTTP
 * calls, no in-memory effects before commit). Inside an open transaction it is a plain
 * savepoint: the outermost transaction owns the retry, since its locks are what deadlocked.
 * On PGlite (one connection) neither error can happen.
 */
export async function withRetriedTransaction<T>(
  db: DbOrTx,
  fn: (tx: Tx) => Promise<T>,
  config?: PgTransactionConfig,
): Promise<T> {
  if (is(db, PgTransaction)) return (db as Tx).transaction(fn);
  for (let retry = 0; ; retry++) {
    try {
      return await db.transaction(fn, config);
    } catch (error) {
      if (retry >= TRANSACTION_RETRIES || !isRetryableConflict(error)) throw error;
      retriedTransactions += 1;
      // 10–30 ms, then 20–60, then 40–120: apart enough that the same two rarely meet again.
      const delay = 20 * 2 ** retry * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
