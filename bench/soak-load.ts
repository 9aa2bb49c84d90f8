import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateQueries } from './search';
import {
  anonymousSearch,
  bendaharaStep,
  checkout,
  document,
  listOrders,
  officialReport,
  type PartnerWorld,
  ppkStep,
  productPage,
  publicReport,
  type Session,
  signedInSearch,
  type World,
} from './soak-actions';
import {
  OFFICIALS,
  PASSWORD,
  productCatalogue,
  Random,
  type SatkerAccounts,
  type SoakSizes,
} from './soak-data';
import { SoakHttp } from './soak-http';
import { partnerEvent, partnerTransaction, productSync } from './soak-partner';
import { type Actor, Pipeline } from './soak-pipeline';
import { type RouteSummary, SoakStats } from './soak-stats';

/**
 * The soak's load generator, in a process of its own (as bench/http-load.ts): buyer and
 * official clients and partner clients in closed loops, paced to a total request rate, until
 * the time is up. It sends the parent one summary per interval and, at the end, the totals
 * and what it expects the database to hold (orders and transactions answered 2xx).
 */

export interface LoadConfig {
  base: string;
  seconds: number;
  reportSeconds: number;
  clients: number;
  partnerClients: number;
  rate: number;
  sizes: SoakSizes;
  satkers: SatkerAccounts[];
  partners: Array<{ code: string; secret: string }>;
  seed: number;
}

export interface ExpectedState {
  /** Orders answered 201 at checkout: number, line count, last status (null: unknown after a failed step). */
  orders: Array<{ number: string; lines: number; status: string | null }>;
  transactions: Array<{ partnerCode: string; externalOrderId: string; status: string | null }>;
}

export type LoadMessage =
  | {
      kind: 'interval';
      elapsed: number;
      seconds: number;
      routes: RouteSummary[];
      waiting: Record<Actor, number>;
      orders: number;
      /** Checkouts not made so far because the partners had a backlog (a search instead). */
      deferred: number;
    }
  | {
      kind: 'done';
      elapsed: number;
      routes: RouteSummary[];
      statuses: Record<string, number>;
      expected: ExpectedState;
    }
  | { kind: 'failed'; error: string };

type Action = (world: World) => Promise<unknown>;

/** What a buyer or official does next, by weight. */
const buyerMix: Array<[Action, number]> = [
  [anonymousSearch, 28],
  [signedInSearch, 10],
  [productPage, 6],
  [publicReport, 14],
  [officialReport, 4],
  // Checkouts wait while the partners have a backlog: the load stays bounded.
  [
    async (world) => {
      if (world.pipeline.waiting().partner < world.backlog) return checkout(world);
      world.deferred++;
      return signedInSearch(world);
    },
    10,
  ],
  [async (world) => (await ppkStep(world)) || (await bendaharaStep(world)) || anonymousSearch(world), 8],
  [async (world) => (await bendaharaStep(world)) || (await ppkStep(world)) || anonymousSearch(world), 4],
  [listOrders, 8],
  [document, 4],
];

/** What a partner does next: move its orders first, then syncs and transactions. */
const partnerMix: Array<[Action, number]> = [
  [async (world) => (await partnerEvent(world)) || partnerTransaction(world), 70],
  [productSync, 10],
  [partnerTransaction, 20],
];

function pickAction(mix: Array<[Action, number]>, random: Random): Action {
  let target = random.next() * mix.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [action, weight] of mix) {
    target -= weight;
    if (target <= 0) return action;
  }
  return mix[0]![0];
}

async function login(http: SoakHttp, username: string): Promise<string> {
  const answer = await http.call('POST /auth/login', 'POST', '/api/v1/auth/login', {
    body: { username, password: PASSWORD },
  });
  if (answer.status !== 200 || !answer.setCookie) throw new Error(`login ${username}: ${answer.status}`);
  return answer.setCookie;
}

export async function runLoad(config: LoadConfig, send: (message: LoadMessage) => void): Promise<void> {
  const stats = new SoakStats();
  const http = new SoakHttp(config.base, config.clients + config.partnerClients, config.rate, stats);
  // Every user logs in once; the clients share the sessions (the login limit counts failures).
  const sessions: Session[] = [];
  for (const satker of config.satkers) {
    sessions.push({
      ...satker,
      cookies: {
        pp: await login(http, satker.pp),
        ppk: await login(http, satker.ppk),
        bendahara: await login(http, satker.bendahara),
      },
    });
  }
  const officials = [];
  for (const official of OFFICIALS)
    officials.push({ pemdaCode: official.pemdaCode ?? '33', cookie: await login(http, official.username) });
  const partners: PartnerWorld[] = config.partners.map((partner, index) => {
    const products = productCatalogue(index, config.sizes);
    const bySeller = new Map<string, typeof products>();
    for (const product of products)
      bySeller.set(product.sellerExternalId, [...(bySeller.get(product.sellerExternalId) ?? []), product]);
    return { ...partner, products, bySeller };
  });
  const world: World = {
    http,
    random: new Random(config.seed),
    queries: generateQueries(2_000, config.seed).map((query) => query.params),
    sessions,
    officials,
    partners,
    pipeline: new Pipeline(),
    seen: [],
    transactions: [],
    backlog: 50 * config.partnerClients,
    deferred: 0,
  };
  stats.takeInterval(); // the logins are setup, not load

  const started = performance.now();
  const endAt = started + config.seconds * 1000;
  let intervalStarted = started;
  const report = () => {
    const now = performance.now();
    send({
      kind: 'interval',
      elapsed: (now - started) / 1000,
      seconds: (now - intervalStarted) / 1000,
      routes: stats.takeInterval(),
      waiting: world.pipeline.waiting(),
      orders: world.pipeline.all.size,
      deferred: world.deferred,
    });
    intervalStarted = now;
  };
  const timer = setInterval(report, config.reportSeconds * 1000);
  const client = async (mix: Array<[Action, number]>) => {
    while (performance.now() < endAt) {
      const action = pickAction(mix, world.random);
      await action(world).catch((error: unknown) =>
        stats.record('client exception', 0, 'error', String(error).slice(0, 300)),
      );
    }
  };
  await Promise.all([
    ...Array.from({ length: config.clients }, () => client(buyerMix)),
    ...Array.from({ length: config.partnerClients }, () => client(partnerMix)),
  ]);
  clearInterval(timer);
  // The tail (requests in flight at the end) is in the totals; an interval only when it is long.
  if (performance.now() - intervalStarted > 5000) report();
  http.close();
  send({
    kind: 'done',
    elapsed: (performance.now() - started) / 1000,
    routes: stats.totals(),
    statuses: world.pipeline.statusCounts(),
    expected: {
      orders: [...world.pipeline.all.values()].map((order) => ({
        number: order.number,
        lines: order.lines.length,
        status: order.uncertain ? null : order.status,
      })),
      transactions: world.transactions.map((t) => ({
        partnerCode: t.partner.code,
        externalOrderId: t.body.externalOrderId,
        status: t.uncertain ? null : t.body.status,
      })),
    },
  });
}

/** Starts the load generator process; `onMessage` gets each interval and the final answer. */
export function runLoadInChild(config: LoadConfig, onMessage: (message: LoadMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--soak-load'], { execArgv: ['--import', 'tsx'] });
    let finished = false;
    child.on('message', (message: LoadMessage) => {
      if (message.kind === 'failed') {
        finished = true;
        reject(new Error(`load generator: ${message.error}`));
        return;
      }
      onMessage(message);
      if (message.kind === 'done') finished = true;
    });
    child.once('error', reject);
    // 'close', not 'exit': 'exit' may come before the last messages of the IPC channel are read.
    child.once('close', (code) => {
      if (finished) resolve();
      else reject(new Error(`load generator exited with code ${code} before finishing`));
    });
    child.send(config);
  });
}

if (process.argv.includes('--soak-load') && process.send) {
  process.once('message', (config: LoadConfig) => {
    // The final message of a long run is large: disconnect only once every message is written.
    const written: Promise<void>[] = [];
    const send = (message: LoadMessage) => {
      written.push(new Promise((resolve) => process.send!(message, undefined, {}, () => resolve())));
    };
    runLoad(config, send).then(
      async () => {
        await Promise.all(written);
        process.disconnect();
      },
      (error: unknown) => process.send!({ kind: 'failed', error: String(error) }, () => process.exit(1)),
    );
  });
}
