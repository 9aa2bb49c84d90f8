import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import { purgeExpiredSessions } from '../modules/accounts/auth.service';
import { cancelUnansweredOrders } from '../modules/orders/order-actions.service';
import { markRoutingFailed } from '../modules/orders/orders.service';
import { purgeDeliveredMessages } from '../modules/outbox/outbox.service';
import { OutboxWorker } from '../modules/outbox/outbox-worker';
import { purgeIdempotencyRecords } from '../modules/partners/partners.service';
import { SecretBox } from '../modules/partners/secret-box';
import { buildApp } from './app';
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

  const secretKey = await resolveSecretKey(config);
  const secretBox = new SecretBox(secretKey.keyHex);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const started = Date.now();
  const prepared = await prepareDatabase(handle, {
    demo: config.demo,
    secretBox,
    partnerSimPort: config.partnerSimPort,
  });
  const app = await buildApp({
    db: handle.db,
    config,
    secretBox,
    webRoot: path.join(projectRoot, 'dist/web'),
    checkReady: async () => {
      await handle.db.execute(sql`select 1`);
      return true;
    },
  });
  app.log.info(
    { database: handle.kind, demo: config.demo, ...prepared, prepareMs: Date.now() - started },
    'database ready',
  );

  if (secretKey.source === 'file' && config.databaseUrl) {
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
    await app.close();
    await worker.stop();
    await stopDemoPartners?.();
    await handle.close();
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
  await app.listen({ port: config.port, host: config.host });
  if (config.outboxWorker) worker.start();
  if (config.demo && config.partnerSim) {
    stopDemoPartners = await startDemoPartners(handle.db, secretBox, config, app.log).catch((error) => {
      app.log.error({ err: error }, 'reference partner did not start; the demo runs without it');
      return undefined;
    });
  }
  if (config.demo) {
    app.log.info(`Blangkon demo: http://${config.host}:${config.port}/ (e.g. pp.batang / demo)`);
  }
}

main().catch((error) => {
  process.stderr.write(`Blangkon failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
