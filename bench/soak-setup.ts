import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type DatabaseHandle, type Db, openDatabase, queryRows } from '../src/db/client';
import { prepareDatabase } from '../src/db/prepare';
import { createUser } from '../src/modules/accounts/users.service';
import { syncProducts } from '../src/modules/catalog/products.sync';
import { createPartner } from '../src/modules/partners/partners.service';
import type { SecretBox } from '../src/modules/partners/secret-box';
import { setRule } from '../src/modules/rules/rules.service';
import { createSatker } from '../src/modules/satkers/satkers.service';
import { syncSellers } from '../src/modules/sellers/sellers.sync';
import { withDatabase } from '../src/testing/database-url';
import {
  OFFICIALS,
  PARTNERS,
  PASSWORD,
  PEMDAS,
  productCatalogue,
  productRow,
  type SatkerAccounts,
  type SoakSizes,
  satkerAccounts,
  sellerRows,
} from './soak-data';

/** The soak's database, its seed, the outbox sink standing in for the partners, the server processes, and their memory. */

export interface SoakDatabase {
  kind: 'postgres' | 'pglite';
  /** The PostgreSQL URL of the soak's own database; or the embedded database's DATA_DIR. */
  url?: string;
  dataDir?: string;
  open(poolSize?: number): Promise<DatabaseHandle>;
  /** Drops the database (or removes the data directory) unless `keep`. */
  remove(keep: boolean): Promise<void>;
}

/** A fresh database: `blangkon_soak_<hex>` on the PostgreSQL of `url`, or an embedded one in a temporary directory. */
export async function createSoakDatabase(url: string | undefined): Promise<SoakDatabase> {
  if (url) {
    const name = `blangkon_soak_${randomBytes(4).toString('hex')}`;
    await admin(url, `CREATE DATABASE ${name}`);
    const databaseUrl = withDatabase(url, name);
    return {
      kind: 'postgres',
      url: databaseUrl,
      open: (poolSize = 4) => openDatabase({ databaseUrl, poolSize }),
      remove: async (keep) => {
        if (!keep) await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'blangkon-soak-'));
  return {
    kind: 'pglite',
    dataDir,
    open: () => openDatabase({ dataDir }),
    remove: async (keep) => {
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
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

const actor = { userId: null, label: 'soak' };
const province = { allRegions: true, pemdaCodes: [], satkerCodes: [] };

export interface Seeded {
  satkers: SatkerAccounts[];
  partners: Array<{ code: string; secret: string }>;
  products: number;
}

/**
 * Reference data (migrations, regions, categories, rules), Batang's rule with its PPK-approval
 * threshold, the satkers with their PP, PPK and bendahara, two officials, and the partners with
 * their sellers and products (through the sync services, as the Partner API stores them).
 */
export async function seedSoak(
  handle: DatabaseHandle,
  box: SecretBox,
  sizes: SoakSizes,
  partnerBaseUrl: string,
): Promise<Seeded> {
  const db = handle.db;
  await prepareDatabase(handle, { demo: false });
  for (const pemda of PEMDAS) {
    if (pemda.approvalThresholdIdr === null) continue;
    await setRule(db, actor, {
      pemdaCode: pemda.code,
      effectiveFrom: '2021-01-01',
      directPurchaseLimitIdr: 50_000_000,
      approvalThresholdIdr: pemda.approvalThresholdIdr,
      splitWindowDays: 14,
      unansweredCancelWorkingDays: 3,
      aboveLimitAdvice: 'Untuk nilai sebesar ini gunakan e-katalog LKPP.',
    });
  }
  const satkers = satkerAccounts(sizes.satkers);
  for (const [i, satker] of satkers.entries()) {
    await createSatker(db, actor, province, {
      code: satker.code,
      name: `Satker soak ${i}`,
      pemdaCode: satker.pemdaCode,
    });
    for (const role of ['pp', 'ppk', 'bendahara'] as const) {
      await createUser(db, actor, province, {
        username: satker[role],
        name: `${role.toUpperCase()} soak ${i}`,
        password: PASSWORD,
        roles: [{ role, pemdaCode: null, satkerCode: satker.code }],
      });
    }
  }
  for (const official of OFFICIALS) {
    await createUser(db, actor, province, {
      username: official.username,
      name: official.username,
      password: PASSWORD,
      roles: [{ role: official.role, pemdaCode: official.pemdaCode ?? '33', satkerCode: null }],
    });
  }
  const partners = [];
  let products = 0;
  for (const [index, spec] of PARTNERS.entries()) {
    const { partner, secret } = await createPartner(db, box, actor, {
      code: spec.code,
      name: spec.name,
      baseUrl: partnerBaseUrl,
    });
    await syncSellers(db, partner.id, sellerRows(index, sizes.sellersPerPartner));
    const rows = productCatalogue(index, sizes).map((product) =>
      productRow(product, 100 + (products++ % 400), product.basePriceIdr, '2024-01-01T00:00:00+07:00'),
    );
    for (let start = 0; start < rows.length; start += 1000)
      await syncProducts(db, partner.id, rows.slice(start, start + 1000));
    partners.push({ code: spec.code, secret });
  }
  return { satkers, partners, products };
}

export type OutboxSink = Awaited<ReturnType<typeof startOutboxSink>>;

/** Stands in for the partners' order endpoints: every outbox delivery is answered 200. */
export async function startOutboxSink() {
  const counts = { delivered: 0 };
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      counts.delivered++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SoakServer {
  base: string;
  /** The process bench started: the cluster's primary, or the one server. */
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/** `src/server/main.ts` as deployed (outbox worker on), in its own process(es); ready when all listen. */
export async function startSoakServer(
  database: SoakDatabase,
  secretKeyHex: string,
  processes: number,
): Promise<SoakServer> {
  const logFile = path.join(tmpdir(), `blangkon-soak-server-${process.pid}.log`);
  const log = openSync(logFile, 'w');
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  if (database.url) environment.DATABASE_URL = database.url;
  else environment.DATA_DIR = database.dataDir!;
  const child = fork(fileURLToPath(new URL('../src/server/main.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', log, log, 'ipc'],
    env: {
      ...environment,
      BLANGKON_DEMO: 'false',
      PARTNER_SIM: 'false',
      OUTBOX_WORKER: 'true',
      OUTBOX_POLL_MS: '200',
      BLANGKON_SECRET_KEY: secretKeyHex,
      SERVER_PROCESSES: String(processes),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  const base = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { address?: string }) =>
      message.address ? resolve(message.address) : reject(new Error('server sent no address')),
    );
    child.once('exit', (code) =>
      reject(new Error(`server exited with code ${code} before listening; see ${logFile}`)),
    );
  });
  return {
    base,
    pid: child.pid!,
    logFile,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident and private (anonymous) memory of a process, MiB; null when it is gone or unreadable. */
export function memoryOf(pid: number): { rss: number; anon: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS') / 1024, anon: kib('RssAnon') / 1024 };
  } catch {
    return null;
  }
}

/** The server's processes: the cluster's workers (children of the primary), or the one process. */
export function serverProcesses(primary: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // Its cluster workers run main.ts too; tsx's esbuild helper does not.
      if (ppid === primary && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('main.ts'))
        children.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return children.sort((a, b) => a - b);
}

/** The PostgreSQL backends serving the soak's database and their memory (null: /proc of the server not readable here). */
export async function postgresBackends(db: Db): Promise<{ count: number; rss: number; anon: number } | null> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const memory = rows.map((row) => memoryOf(row.pid));
  if (rows.length > 0 && memory.every((m) => m === null)) return null;
  return {
    count: rows.length,
    rss: memory.reduce((sum, m) => sum + (m?.rss ?? 0), 0),
    anon: memory.reduce((sum, m) => sum + (m?.anon ?? 0), 0),
  };
}
