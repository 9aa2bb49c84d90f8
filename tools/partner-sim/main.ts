import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateCatalog } from './catalog';
import { faultsPatchSchema } from './fulfilment';
import type { PushResult } from './partner-api-types';
import { partnerSchema } from './partner-routes';
import { fetchCategories, type PlatformTarget, pushProducts, pushSellers } from './platform-client';
import { createPartnerSim } from './sim';

/**
 * CLI of the reference partner.
 *   tsx tools/partner-sim/main.ts [--config <file>] [--port <n>]
 *   tsx tools/partner-sim/main.ts seed --partner <code> [--sellers 50] [--products 500] [--seed 1] [--registered-from YYYY-MM-DD] [--config <file>]
 * The config comes from --config or the PARTNER_SIM_CONFIG environment variable (a JSON string).
 * Logs go to stderr; stdout carries only the ready line (serve) or the summary (seed), so a
 * parent process can read it.
 */
const milliseconds = z.number().int().min(0);

const configSchema = z.strictObject({
  platformUrl: z.url(),
  port: z.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).optional(),
  // May start empty: partners can be added at run time through `POST /_control/partners`.
  partners: z.array(partnerSchema).default([]),
  delays: z
    .strictObject({
      acceptMs: milliseconds,
      shipMs: milliseconds,
      deliverMs: milliseconds,
      invoiceMs: milliseconds,
      forwardMs: milliseconds,
    })
    .partial()
    .optional(),
  faults: faultsPatchSchema.optional(),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1),
      initialDelayMs: milliseconds,
      maxDelayMs: milliseconds,
      attemptTimeoutMs: z.number().int().min(1),
    })
    .partial()
    .optional(),
  timeoutHoldMs: milliseconds.optional(),
});

export type PartnerSimConfig = z.infer<typeof configSchema>;

const log = (message: string) => process.stderr.write(`[partner-sim] ${message}\n`);

function fail(message: string): never {
  process.stderr.write(`partner-sim: ${message}\n`);
  process.exit(1);
}

function readConfig(file: string | undefined): PartnerSimConfig {
  let text = process.env.PARTNER_SIM_CONFIG;
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      fail(`cannot read ${file}: ${String(error)}`);
    }
  }
  if (!text) fail('no configuration: pass --config <file> or set PARTNER_SIM_CONFIG');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('the configuration is not valid JSON');
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) fail(`invalid configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number`);
  return Number(value);
}

async function serve(config: PartnerSimConfig, portOverride: string | undefined): Promise<void> {
  const sim = createPartnerSim({
    ...config,
    port: portOverride === undefined ? config.port : positiveInteger(portOverride, 'port', 0),
    log,
  });
  const started = await sim.start();
  process.stdout.write(`partner-sim listening on ${started.url}\n`);
  for (const partner of config.partners) log(`${partner.code} baseUrl ${started.baseUrlOf(partner.code)}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Started by a platform (demo mode): stop with it, even when it dies without a word.
  onParentGone(() => {
    shutdown('parent gone');
    setTimeout(() => process.exit(1), 2_000).unref();
  });
}

/**
 * A parent that starts this process with an IPC channel (the platform's demo mode) may die by
 * kill -9, when no shutdown code of its own runs; Node has no PR_SET_PDEATHSIG, but the
 * operating system closes the channel then, which Node reports as `disconnect`. The channel
 * does not keep this process alive by itself.
 */
function onParentGone(stop: () => void): void {
  if (!process.channel || !process.connected) {
    // The parent may have gone while this process was still loading its modules (Node drops
    // the channel then); the parent says in the environment that it gave one.
    if (process.env.PARTNER_SIM_TIED_TO_PARENT === '1') stop();
    return;
  }
  process.channel.unref();
  process.once('disconnect', stop);
}

async function seed(config: PartnerSimConfig, values: Record<string, string | undefined>): Promise<void> {
  const partnerCode = values.partner ?? (config.partners.length === 1 ? config.partners[0]?.code : undefined);
  const partner = config.partners.find((candidate) => candidate.code === partnerCode);
  if (!partner) fail(`--partner must name one of: ${config.partners.map((p) => p.code).join(', ')}`);
  const target: PlatformTarget = { platformUrl: config.platformUrl, ...partner, retry: config.retry, log };
  const categories = await fetchCategories(target);
  const catalog = generateCatalog({
    seed: values.seed ?? '1',
    sellerCount: positiveInteger(values.sellers, 'sellers', 50),
    productCount: positiveInteger(values.products, 'products', 500),
    categories,
    siteHost: `${partner.code}.example`,
    ...(values['registered-from']
      ? { registeredFrom: new Date(`${values['registered-from']}T00:00:00+07:00`) }
      : {}),
  });
  const sellerResults = await pushSellers(target, catalog.sellers);
  const productResults = await pushProducts(target, catalog.products);
  const sellers = summarise(sellerResults);
  const products = summarise(productResults);
  process.stdout.write(
    `seeded ${partner.code}: sellers ${sellers.accepted} accepted, ${sellers.rejected.length} rejected; ` +
      `products ${products.accepted} accepted, ${products.rejected.length} rejected\n`,
  );
  const rejected = [...sellers.rejected, ...products.rejected];
  for (const row of rejected.slice(0, 20)) log(`rejected ${row.externalId}: ${JSON.stringify(row.errors)}`);
  // Generated rows are valid by construction, so a rejection means the contract drifted.
  if (rejected.length > 0) process.exit(2);
}

function summarise(results: PushResult[]): PushResult {
  return {
    accepted: results.reduce((sum, result) => sum + result.accepted, 0),
    rejected: results.flatMap((result) => result.rejected),
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      partner: { type: 'string' },
      sellers: { type: 'string' },
      products: { type: 'string' },
      seed: { type: 'string' },
      'registered-from': { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'serve';
  const config = readConfig(values.config);
  // A catalogue push has nobody to push to once the platform that started it is gone.
  if (command === 'seed') onParentGone(() => fail('the platform that started this push is gone'));
  if (command === 'serve') await serve(config, values.port);
  else if (command === 'seed') await seed(config, values);
  else fail(`unknown command ${command} (serve or seed)`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
