import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client';
import { DEMO_PARTNERS } from '../db/seeds/demo';
import { findPartner, findValidSecrets } from '../modules/partners/partners.service';
import type { SecretBox } from '../modules/partners/secret-box';
import { systemFacts } from '../modules/regions/regions.schema';
import type { Config } from './config';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const simEntry = path.join(projectRoot, 'tools/partner-sim/main.ts');

/** How much catalogue each demo partner pushes through the Partner API on the first demo start. */
const demoCatalogue: Record<string, { sellers: number; products: number }> = {
  'gratis-ongkir': { sellers: 120, products: 1500 },
  mbizmarket: { sellers: 60, products: 800 },
  tisera: { sellers: 40, products: 500 },
};

/**
 * In demo mode, runs the reference partner (tools/partner-sim) in its own process for the demo
 * partners, so that orders move through their whole life; on the first start it pushes the
 * partners' catalogues through the real Partner API. Returns a stop function.
 */
export async function startDemoPartners(
  db: Db,
  box: SecretBox,
  config: Config,
  log: FastifyBaseLogger,
): Promise<() => Promise<void>> {
  const partners = [];
  for (const demo of DEMO_PARTNERS) {
    const partner = await findPartner(db, demo.code);
    if (!partner) continue;
    const [secret] = await findValidSecrets(db, box, partner.id);
    if (secret) partners.push({ code: partner.code, secret });
  }
  const simConfig = JSON.stringify({
    platformUrl: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`,
    port: config.partnerSimPort,
    partners,
    delays: { acceptMs: 2000, shipMs: 5000, deliverMs: 5000, invoiceMs: 3000, forwardMs: 3000 },
  });
  const child = runSim([], simConfig);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('partner-sim listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`partner-sim exited with ${code} before it was ready`)));
  });
  log.info(
    { port: config.partnerSimPort, partners: partners.map((p) => p.code) },
    'reference partner running',
  );
  const running = new Set<ChildProcess>([child]);
  void seedCatalogues(db, simConfig, log, running).catch((error) =>
    log.warn({ err: error }, 'demo catalogue push failed'),
  );
  return async () => {
    // The seeding processes go too: they must not outlive the server they talk to.
    const alive = [...running].filter((process) => process.exitCode === null && process.signalCode === null);
    for (const process of alive) process.kill('SIGTERM');
    await Promise.all(alive.map((process) => new Promise((resolve) => process.once('exit', resolve))));
  };
}

async function seedCatalogues(db: Db, simConfig: string, log: FastifyBaseLogger, running: Set<ChildProcess>) {
  const [done] = await db.select().from(systemFacts).where(eq(systemFacts.key, 'demo.catalogue'));
  if (done) return;
  const started = Date.now();
  for (const [index, [code, size]] of Object.entries(demoCatalogue).entries()) {
    const seedProcess = runSim(
      [
        'seed',
        '--partner',
        code,
        '--sellers',
        String(size.sellers),
        '--products',
        String(size.products),
        '--seed',
        String(index + 1),
        // The live catalogue's sellers join after the demo history's story (23 October 2023), so
        // the article's count of Gratis Ongkir sellers in Batang stays what the history made it.
        '--registered-from',
        '2023-10-24',
      ],
      simConfig,
    );
    running.add(seedProcess);
    const exitCode = await new Promise<number | null>((resolve) => seedProcess.once('exit', resolve));
    running.delete(seedProcess);
    if (exitCode !== 0) {
      log.warn({ partner: code, exitCode }, 'demo catalogue push incomplete');
      return;
    }
  }
  await db
    .insert(systemFacts)
    .values({ key: 'demo.catalogue', value: new Date().toISOString() })
    .onConflictDoUpdate({ target: systemFacts.key, set: { value: sql`excluded.value` } });
  log.info({ ms: Date.now() - started }, 'demo partners pushed their catalogues through the Partner API');
}

/**
 * The IPC channel ties the partner's life to this process: however this process ends (kill -9
 * included), the channel closes and the partner stops (tools/partner-sim/main.ts), so it never
 * holds its port against the next start.
 */
function runSim(args: string[], simConfig: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', simEntry, ...args], {
    cwd: projectRoot,
    env: { ...process.env, PARTNER_SIM_CONFIG: simConfig, PARTNER_SIM_TIED_TO_PARENT: '1' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // The channel must not keep this process alive on its own.
  child.channel?.unref();
  return child;
}
