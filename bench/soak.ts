import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '../src/db/client';
import { SecretBox } from '../src/modules/partners/secret-box';
import { checkInvariants } from './soak-check';
import type { SoakSizes } from './soak-data';
import { type ExpectedState, type LoadMessage, runLoadInChild } from './soak-load';
import {
  createSoakDatabase,
  memoryOf,
  type OutboxSink,
  postgresBackends,
  type SoakDatabase,
  type SoakServer,
  seedSoak,
  serverProcesses,
  startOutboxSink,
  startSoakServer,
} from './soak-setup';
import { formatRouteTable, type RouteSummary } from './soak-stats';

/**
 * `npm run bench -- soak [minutes=30] [clients=12] …`: a bounded mixed load on loopback for a
 * given time — searches, reports, checkouts and the orders' whole life, partner events, product
 * syncs and transactions — against `src/server/main.ts` as deployed (two server processes on
 * PostgreSQL), printing per interval the requests, errors and p50/p99 per route and the
 * resident memory of each server process and of the PostgreSQL backends; at the end a summary,
 * the invariants checked in the database, and exit code 1 on any error (≥ 500 or no answer)
 * or failed invariant.
 */

interface SoakOptions {
  minutes: number;
  clients: number;
  partnerClients: number;
  rate: number;
  reportSeconds: number;
  processes: number;
  databaseUrl: string | undefined;
  keep: boolean;
  sizes: SoakSizes;
}

/** Each option from `name=value` arguments, else SOAK_<NAME>, else its default. */
function soakOptions(args: string[]): SoakOptions {
  const given = new Map(args.map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const option = (name: string, fallback: number) => {
    const raw = given.get(name) ?? process.env[`SOAK_${name.toUpperCase().replaceAll('-', '_')}`];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`soak: ${name} must be a number ≥ 0, got ${raw}`);
    return value;
  };
  const url =
    process.env.BENCH_ONLY === 'pglite'
      ? undefined
      : (process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL);
  return {
    minutes: option('minutes', 2),
    clients: option('clients', 10),
    partnerClients: option('partner-clients', 6),
    rate: option('rate', 60),
    reportSeconds: option('report-seconds', 60),
    // The embedded database serves one process.
    processes: url ? option('server-processes', 2) : 1,
    databaseUrl: url,
    keep: process.env.SOAK_KEEP_DATABASE === '1',
    sizes: {
      satkers: option('satkers', 8),
      sellersPerPartner: option('sellers', 150),
      productsPerPartner: option('products', 3_000),
    },
  };
}

const mib = (value: number) => `${Math.round(value)} MiB`;
const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

export async function runSoakBench(args: string[]) {
  const options = soakOptions(args);
  const database = await createSoakDatabase(options.databaseUrl);
  const sink = await startOutboxSink();
  const open: Resources = {};
  try {
    await soak(options, database, sink, open);
  } finally {
    await open.server?.stop();
    await sink.close();
    await open.handle?.close();
    await database.remove(options.keep);
  }
}

/** What the run holds open, for the cleanup whatever happens. */
interface Resources {
  handle?: DatabaseHandle | undefined;
  server?: SoakServer;
}

async function soak(options: SoakOptions, database: SoakDatabase, sink: OutboxSink, open: Resources) {
  const secretKey = randomBytes(32).toString('hex');
  const setupStarted = performance.now();
  open.handle = await database.open();
  const seeded = await seedSoak(open.handle, new SecretBox(secretKey), options.sizes, sink.url);
  // The embedded database is one process's: the server's, until it stops.
  if (database.kind === 'pglite') {
    await open.handle.close();
    open.handle = undefined;
  }
  const server = await startSoakServer(database, secretKey, options.processes);
  open.server = server;
  console.log(
    `\n# soak: ${options.minutes} min on ${database.kind === 'postgres' ? `PostgreSQL (${database.url?.replace(/\/\/[^@]*@/, '//')})` : `the embedded database (${database.dataDir})`}, ` +
      `${options.processes} server process${options.processes === 1 ? '' : 'es'}, ${options.clients} buyer/official clients + ${options.partnerClients} partner clients, ` +
      `at most ${options.rate || '∞'} req/s; ${seeded.satkers.length} satkers, ${seeded.partners.length} partners, ${seeded.products} products ` +
      `(setup ${((performance.now() - setupStarted) / 1000).toFixed(1)} s; server log ${server.logFile})`,
  );

  const memorySeries = new Map<string, number[]>();
  const remember = (label: string, value: number) =>
    memorySeries.set(label, [...(memorySeries.get(label) ?? []), value]);
  let expected: ExpectedState = { orders: [], transactions: [] };
  let totals: RouteSummary[] = [];
  let elapsed = 0;
  let statuses: Record<string, number> = {};
  let interval = 0;
  const onMessage = async (message: LoadMessage) => {
    if (message.kind === 'done') {
      ({ expected, statuses, elapsed } = message);
      totals = message.routes;
      return;
    }
    if (message.kind !== 'interval') return;
    interval++;
    console.log(
      `\n## interval ${interval}: ${clock(message.elapsed)} elapsed (${message.seconds.toFixed(0)} s)`,
    );
    console.log(formatRouteTable(message.routes, message.seconds));
    console.log(
      `  orders placed ${message.orders}; waiting on partner ${message.waiting.partner}, PPK ${message.waiting.ppk}, bendahara ${message.waiting.bendahara}; checkouts deferred while the partners had a backlog so far ${message.deferred}; outbox deliveries so far ${sink.counts.delivered}`,
    );
    const workers = options.processes > 1 ? serverProcesses(server.pid) : [server.pid];
    const parts = workers.map((pid) => {
      const memory = memoryOf(pid);
      if (memory) remember(`server ${pid}`, memory.rss);
      return `${pid} ${memory ? mib(memory.rss) : 'gone'}`;
    });
    if (options.processes > 1) parts.push(`primary ${server.pid} ${mib(memoryOf(server.pid)?.rss ?? 0)}`);
    let postgres = '';
    if (open.handle) {
      const backends = await postgresBackends(open.handle.db).catch(() => null);
      if (backends) {
        remember('PostgreSQL backends (private)', backends.anon);
        postgres = `; PostgreSQL ${backends.count} backends ${mib(backends.rss)} resident (${mib(backends.anon)} private)`;
      }
    }
    console.log(`  memory (RSS): server ${parts.join(', ')}${postgres}`);
  };
  let loadError: unknown;
  let printing = Promise.resolve();
  await runLoadInChild(
    {
      base: server.base,
      seconds: options.minutes * 60,
      reportSeconds: options.reportSeconds,
      clients: options.clients,
      partnerClients: options.partnerClients,
      rate: options.rate,
      sizes: options.sizes,
      satkers: seeded.satkers,
      partners: seeded.partners,
      seed: 42,
    },
    (message) => {
      printing = printing.then(() => onMessage(message));
    },
  ).catch((error: unknown) => {
    loadError = error;
  });
  await printing;
  await server.stop();

  console.log(`\n## summary: ${clock(elapsed)} of load`);
  console.log(formatRouteTable(totals, elapsed));
  console.log(
    `  orders by last known status: ${Object.entries(statuses)
      .map(([status, count]) => `${status} ${count}`)
      .join(', ')}`,
  );
  console.log(`  outbox deliveries to the partners: ${sink.counts.delivered}`);
  for (const [label, series] of memorySeries) {
    const growth = series.length > 1 ? series.at(-1)! - series[0]! : 0;
    console.log(
      `  ${label} RSS per interval: ${series.map((v) => Math.round(v)).join(' ')} MiB (first → last ${growth >= 0 ? '+' : ''}${Math.round(growth)} MiB)`,
    );
  }
  const serverLog = readFileSync(server.logFile, 'utf8').split('\n');
  const errorLines = serverLog.filter((line) => /"level":(50|60)/.test(line));
  console.log(
    `  server log: ${serverLog.length - 1} lines, ${errorLines.length} at level error or fatal (${server.logFile})`,
  );

  open.handle ??= await database.open();
  const invariants = loadError ? [] : await checkInvariants(open.handle, expected);
  console.log('\n## invariants');
  if (loadError) console.log(`  FAIL load generator: ${String(loadError)}`);
  for (const invariant of invariants)
    console.log(`  ${invariant.ok ? 'ok  ' : 'FAIL'} ${invariant.name}: ${invariant.detail}`);

  const errors = totals.reduce((sum, route) => sum + route.errors, 0);
  const unexpected = totals.reduce((sum, route) => sum + route.unexpected4xx, 0);
  const failed = invariants.filter((invariant) => !invariant.ok).length + (loadError ? 1 : 0);
  console.log(
    `\nsoak ${errors === 0 && failed === 0 ? 'passed' : 'FAILED'}: ${errors} errors (≥ 500 or no answer), ${unexpected} unexpected 4xx, ${failed} failed invariants`,
  );
  if (errors > 0 || failed > 0) process.exitCode = 1;
}
