import cluster from 'node:cluster';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { SERVER_PID_FILE } from '../cli/backup';
import { type Db, openDatabase } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import { isDemoHistoryLoaded, seedDemoHistory } from '../db/seeds/demo-history';
import { purgeExpiredSessions } from '../modules/accounts/auth.service';
import { cancelUnansweredOrders } from '../modules/orders/order-actions.service';
import { markRoutingFailed } from '../modules/orders/orders.service';
import { purgeDeliveredMessages } from '../modules/outbox/outbox.service';
import { OutboxWorker } from '../modules/outbox/outbox-worker';
import { purgeIdempotencyRecords } from '../modules/partners/partners.service';
import { SecretBox } from '../modules/partners/secret-box';
import { buildApp, type DemoHistoryStatus } from './app';
import { ConfigError, loadConfig } from './config';
import { startDemoPartners } from './demo-partners';
import { resolveSecretKey } from './secret-key';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its allowed values.\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config.serverProcesses > 1 && cluster.isPrimary) return runPrimary(config);

  const secretKey = await resolveSecretKey(config);
  const secretBox = new SecretBox(secretKey.keyHex);
  const opening = performance.now();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const steps: Record<string, number> = { openDatabase: Math.round(performance.now() - opening) };
  // While this process uses the embedded database, `npm run cli -- backup|restore` refuses to run.
  const pidFile = handle.kind === 'pglite' ? path.join(config.dataDir, SERVER_PID_FILE) : undefined;
  if (pidFile) await writeFile(pidFile, `${process.pid}\n`);
  const started = Date.now();
  // Server processes of a cluster start on a database their primary prepared. The demo history
  // loads after the server listens (below): a first start serves within seconds.
  const prepared = cluster.isWorker
    ? { preparedBy: 'primary' }
    : await prepareDatabase(handle, {
        demo: config.demo,
        secretBox,
        partnerSimPort: config.partnerSimPort,
        demoHistory: false,
        onStep: (step, ms) => {
          steps[step] = ms;
        },
      });
  const loadsDemoHistory =
    config.demo && !cluster.isWorker && !(await isDemoHistoryLoaded(handle.db).catch(() => true));
  let demoHistory: DemoHistoryStatus | null = loadsDemoHistory ? { state: 'loading', percent: 0 } : null;
  const app = await buildApp({
    db: handle.db,
    config,
    secretBox,
    webRoot: path.join(projectRoot, 'dist/web'),
    checkReady: async () => {
      await handle.db.execute(sql`select 1`);
      return true;
    },
    demoHistory: () => demoHistory,
  });
  app.log.info(
    { database: handle.kind, demo: config.demo, ...prepared, prepareMs: Date.now() - started, steps },
    'database ready',
  );

  if (secretKey.source === 'file' && config.databaseUrl && !cluster.isWorker) {
    app.log.warn(
      'BLANGKON_SECRET_KEY is not set: partner secrets are encrypted with a key in DATA_DIR/secret.key',
    );
  }

  const purge = setInterval(() => {
    Promise.all([
      purgeExpiredSessions(handle.db),
      purgeIdempotencyRecords(handle.db, 48),
      purgeDeliveredMessages(handle.db, 30),
    ]).catch((error) => app.log.warn({ err: error }, 'purge failed'));
  }, 3_600_000);
  purge.unref();

  // Orders a partner leaves unanswered are cancelled after the pemda's working days (every
  // server copy may run it: each cancellation locks its order and re-checks its status).
  const deadlines = setInterval(() => {
    if (!config.outboxWorker) return;
    cancelUnansweredOrders(handle.db, { routingDeadlineHours: config.routingDeadlineHours })
      .then((numbers) => {
        if (numbers.length > 0) app.log.info({ numbers }, 'unanswered orders cancelled');
      })
      .catch((error) => app.log.warn({ err: error }, 'cancelling unanswered orders failed'));
  }, 600_000);
  deadlines.unref();

  const worker = new OutboxWorker({
    db: handle.db,
    box: secretBox,
    pollMs: config.outboxPollMs,
    httpTimeoutMs: config.outboxHttpTimeoutMs,
    onDead: async (message) => {
      if (message.orderId) await markRoutingFailed(handle.db, message.orderId, message.path);
    },
    log: app.log,
  });

  let stopDemoPartners: (() => Promise<void>) | undefined;
  const stopDemoHistory = new AbortController();
  let demoHistoryLoad: Promise<void> = Promise.resolve();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown grace period over; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    timer.unref();
    clearInterval(purge);
    clearInterval(deadlines);
    stopDemoHistory.abort();
    await app.close();
    await worker.stop();
    await demoHistoryLoad;
    await stopDemoPartners?.();
    await handle.close();
    if (pidFile) await rm(pidFile, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (app.catalogIndex) {
    // Searches wait for the first load anyway: load before accepting requests.
    const started = performance.now();
    await app.catalogIndex.refresh();
    app.log.info(
      { offers: app.catalogIndex.size, ms: Math.round(performance.now() - started) },
      'catalogue index loaded',
    );
  }
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info({ msSinceProcessStart: Math.round(performance.now()) }, 'serving');
  // A parent that forked this server (the bench) learns that it serves, and where.
  if (!cluster.isWorker) process.send?.({ ready: true, address });
  if (loadsDemoHistory) {
    demoHistoryLoad = loadDemoHistory(handle.db, app.log, stopDemoHistory.signal, (status) => {
      demoHistory = status;
    });
  }
  if (config.outboxWorker) worker.start();
  // The reference partner listens on a port of its own: one per cluster, in the server process
  // the primary chose (an internal variable of node:cluster wiring, not configuration).
  const hostsPartner = !cluster.isWorker || process.env.BLANGKON_PARTNER_HOST === '1';
  if (config.demo && config.partnerSim && hostsPartner) {
    stopDemoPartners = await startDemoPartners(handle.db, secretBox, config, app.log).catch((error) => {
      app.log.error({ err: error }, 'reference partner did not start; the demo runs without it');
      return undefined;
    });
  }
  if (config.demo) {
    app.log.info(`Blangkon demo: http://${config.host}:${config.port}/ (e.g. pp.batang / demo)`);
  }
}

/**
 * Loads the 2021–2024 demo history while the server serves (seeds/demo-history.ts: short
 * transactions, reports published at the end), reporting progress for /healthz. Stopped by a
 * shutdown between two chunks; the next start resumes it.
 */
function loadDemoHistory(
  db: Db,
  log: FastifyBaseLogger,
  signal: AbortSignal,
  report: (status: DemoHistoryStatus) => void,
): Promise<void> {
  let percent = 0;
  log.info('loading the 2021–2024 demo history in the background');
  return seedDemoHistory(db, {
    signal,
    onProgress: (value) => {
      percent = value;
      report({ state: 'loading', percent });
    },
    onPhase: (phase, ms) => log.info({ phase, ms }, 'demo history phase done'),
  }).then(
    (counts) => {
      report({ state: 'done', percent: 100 });
      if (counts) log.info({ ...counts }, 'demo history loaded');
    },
    (error: unknown) => {
      if (signal.aborted) {
        log.info({ percent }, 'demo history load stopped by the shutdown; the next start resumes it');
        return;
      }
      report({ state: 'failed', percent });
      log.error({ err: error }, 'demo history load failed; the next start tries again');
    },
  );
}

/**
 * SERVER_PROCESSES > 1: this process prepares the database once (migrations, demo data), then
 * runs that many server processes sharing the port (node:cluster, one per core) and replaces
 * one that dies. Each keeps its own catalogue index; a write through one is seen by the
 * others' searches within CATALOG_MAX_STALE_MS.
 */
async function runPrimary(config: ReturnType<typeof loadConfig>) {
  if (!config.databaseUrl) {
    process.stderr.write(
      'SERVER_PROCESSES > 1 needs DATABASE_URL: the embedded database serves one process.\n',
    );
    process.exit(2);
  }
  const log = (message: string, fields: Record<string, unknown> = {}) =>
    process.stdout.write(
      `${JSON.stringify({ time: Date.now(), pid: process.pid, ...fields, msg: message })}\n`,
    );
  const secretKey = await resolveSecretKey(config);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl });
  const prepared = await prepareDatabase(handle, {
    demo: config.demo,
    secretBox: new SecretBox(secretKey.keyHex),
    partnerSimPort: config.partnerSimPort,
  });
  await handle.close();
  log('database ready', { ...prepared, processes: config.serverProcesses });

  let stopping = false;
  let listening = 0;
  // The key file was resolved once here; the processes get it, not a race to create it. One
  // process runs the reference partner (it ends with that process); its replacement takes over.
  let partnerHost: ReturnType<typeof cluster.fork> | undefined;
  const fork = (hostsPartner: boolean) => {
    const worker = cluster.fork({
      BLANGKON_SECRET_KEY: secretKey.keyHex,
      BLANGKON_PARTNER_HOST: hostsPartner ? '1' : '0',
    });
    if (hostsPartner) partnerHost = worker;
  };
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === config.serverProcesses) {
      log('server processes listening', { processes: config.serverProcesses, port: address.port });
      process.send?.({ ready: true, address: `http://${config.host}:${address.port}` });
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log('server process exited; starting another', { worker: worker.id, code, signal });
    fork(worker === partnerHost);
  });
  for (let i = 0; i < config.serverProcesses; i++) fork(i === 0);
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('shutting down server processes', { signal });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), config.shutdownGraceMs + 1_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Blangkon failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
