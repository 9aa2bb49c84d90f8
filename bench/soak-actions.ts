import { wibDay } from '../src/shared/time';
import type { Random, SatkerAccounts, SoakProduct } from './soak-data';
import type { SoakHttp } from './soak-http';
import type { Pipeline, TrackedOrder } from './soak-pipeline';

/**
 * What the soak's virtual users do, one action per call: buyers and officials (searches,
 * reports, checkouts, approvals, BAST, payments, documents) and partners (order events,
 * product syncs, transactions reported from their own sites).
 */

export interface Session extends SatkerAccounts {
  cookies: { pp: string; ppk: string; bendahara: string };
}

export interface PartnerWorld {
  code: string;
  secret: string;
  products: SoakProduct[];
  bySeller: Map<string, SoakProduct[]>;
}

interface ReportedTransaction {
  partner: PartnerWorld;
  body: Record<string, unknown> & { externalOrderId: string; status: string; updatedAt: string };
  /** An update is in flight (one at a time per transaction). */
  busy: boolean;
  /** An update got no clear answer: the stored status is unknown, not checked. */
  uncertain: boolean;
}

export interface World {
  http: SoakHttp;
  random: Random;
  /** Search query strings (URLSearchParams) buyers type. */
  queries: string[];
  sessions: Session[];
  officials: Array<{ pemdaCode: string; cookie: string }>;
  partners: PartnerWorld[];
  pipeline: Pipeline;
  /** Product ids seen in recent search answers (for product pages). */
  seen: string[];
  /** Partner transactions answered 2xx: the latest status each was reported with. */
  transactions: ReportedTransaction[];
  /** Orders waiting on the partners beyond which PPs search instead of checking out. */
  backlog: number;
  /** Checkouts left out for that reason. */
  deferred: number;
}

interface SearchItem {
  id: string;
  priceIdr: number;
  stock: number | null;
}
interface SearchBody {
  items: SearchItem[];
  nextCursor: string | null;
}

const nowIso = () => new Date().toISOString();

async function search(world: World, params: URLSearchParams, cookie?: string): Promise<SearchItem[]> {
  const route = cookie ? 'GET /catalog/search (signed in)' : 'GET /catalog/search';
  const answer = await world.http.call(route, 'GET', `/api/v1/catalog/search?${params}`, { cookie });
  const body = answer.json as SearchBody | undefined;
  if (answer.status !== 200 || !body) return [];
  for (const item of body.items.slice(0, 3)) world.seen.push(item.id);
  if (world.seen.length > 500) world.seen.splice(0, world.seen.length - 500);
  // Some buyers look at the next page.
  if (body.nextCursor && world.random.chance(0.2)) {
    params.set('cursor', body.nextCursor);
    await world.http.call(`${route} page 2`, 'GET', `/api/v1/catalog/search?${params}`, { cookie });
  }
  return body.items;
}

export async function anonymousSearch(world: World) {
  await search(world, new URLSearchParams(world.random.pick(world.queries)));
}

export async function signedInSearch(world: World) {
  const session = world.random.pick(world.sessions);
  const params = new URLSearchParams(world.random.pick(world.queries));
  params.set('regionCode', session.pemdaCode);
  await search(world, params, session.cookies.pp);
}

export async function productPage(world: World) {
  if (world.seen.length === 0) return anonymousSearch(world);
  const id = world.random.pick(world.seen);
  await world.http.call(
    'GET /catalog/products/:id',
    'GET',
    `/api/v1/catalog/products/${id}?regionCode=33.25`,
  );
}

function ranges(): Array<[string, string]> {
  const today = wibDay(new Date());
  const [year, month] = today.split('-');
  const monthAgo = wibDay(new Date(Date.now() - 30 * 86_400_000));
  return [
    [today, today],
    [`${year}-${month}-01`, today],
    [`${year}-01-01`, today],
    [monthAgo, today],
    ['2021-01-01', today],
  ];
}

export async function publicReport(world: World) {
  const { random, http } = world;
  const [from, to] = random.pick(ranges());
  const region = random.pick(['33.25', '33.74', '33.01']);
  const regionPart = random.chance(0.5) ? `&regionCode=${region}` : '';
  const choice = random.int(6);
  if (choice === 0)
    await http.call('GET /reports/regions', 'GET', `/api/v1/reports/regions?from=${from}&to=${to}`);
  if (choice === 1)
    await http.call(
      'GET /reports/regions/details',
      'GET',
      `/api/v1/reports/regions/details?from=${from}&to=${to}`,
    );
  if (choice === 2)
    await http.call(
      'GET /reports/realisation',
      'GET',
      `/api/v1/reports/realisation?from=${from}&to=${to}${regionPart}`,
    );
  if (choice === 3) {
    // Daily points over a month at most, monthly points otherwise.
    const daily = from >= ranges()[3]![0];
    await http.call(
      'GET /reports/timeseries',
      'GET',
      `/api/v1/reports/timeseries?from=${from}&to=${to}&interval=${daily ? 'day' : 'month'}${regionPart}`,
    );
  }
  if (choice === 4)
    await http.call(
      'GET /reports/partners',
      'GET',
      `/api/v1/reports/partners?regionCode=${region}&asOf=${to}`,
    );
  if (choice === 5)
    await http.call(
      'GET /reports/payment-days',
      'GET',
      `/api/v1/reports/payment-days?from=${from}&to=${to}${regionPart}`,
    );
}

export async function officialReport(world: World) {
  const { random, http } = world;
  const official = random.pick(world.officials);
  const region = official.pemdaCode === '33' ? random.pick(['33.25', '33.74']) : official.pemdaCode;
  const [from, to] = random.pick(ranges());
  if (random.chance(0.5)) {
    await http.call(
      'GET /reports/satkers',
      'GET',
      `/api/v1/reports/satkers?from=${from}&to=${to}&regionCode=${region}`,
      {
        cookie: official.cookie,
      },
    );
  } else {
    const satker = world.sessions.find((s) => s.pemdaCode === region && random.chance(0.5));
    await http.call(
      'GET /reports/sellers',
      'GET',
      `/api/v1/reports/sellers?from=${from}&to=${to}&regionCode=${region}${satker ? `&satkerCode=${satker.code}` : ''}`,
      { cookie: official.cookie },
    );
  }
}

/** Most a cart line may cost, so that a cart of three stays below every direct-purchase limit. */
const LINE_LIMIT_IDR = 10_000_000;

/** A PP searches, puts 1–3 offers in stock into the cart and checks out. */
export async function checkout(world: World) {
  const { random } = world;
  const session = random.pick(world.sessions);
  const params = new URLSearchParams(random.pick(world.queries));
  params.set('regionCode', session.pemdaCode);
  const items = (await search(world, params, session.cookies.pp)).filter(
    (item) => (item.stock ?? 0) > 0 && item.priceIdr <= LINE_LIMIT_IDR,
  );
  if (items.length === 0) return;
  const lines: Array<{ productId: string; qty: number }> = [];
  for (let n = 1 + random.int(3); n > 0 && items.length > 0; n--) {
    const [item] = items.splice(random.int(items.length), 1);
    const most = Math.min(item!.stock ?? 1, 5, Math.floor(LINE_LIMIT_IDR / item!.priceIdr));
    lines.push({ productId: item!.id, qty: 1 + random.int(most) });
  }
  const answer = await world.http.call('POST /orders (checkout)', 'POST', '/api/v1/orders', {
    cookie: session.cookies.pp,
    expect: [201],
    refusals: ['ORDER.OUT_OF_STOCK'],
    body: {
      satkerCode: session.code,
      deliveryAddress: 'Jl. Pemuda No. 1, Semarang',
      splitReason: 'Kebutuhan rutin bulanan (soak)',
      lines,
    },
  });
  if (answer.status !== 201) return;
  const body = answer.json as { orders: Array<OrderBody> };
  for (const order of body.orders) {
    world.pipeline.add({
      number: order.number,
      partnerCode: order.partner.code,
      satker: session,
      status: order.status,
      totalIdr: order.totals.totalIdr,
      lines: order.lines.map((line) => ({ lineNo: line.lineNo, qty: line.qty })),
      uncertain: false,
    });
  }
}

interface OrderBody {
  number: string;
  status: string;
  partner: { code: string };
  totals: { totalIdr: number };
  lines: Array<{ lineNo: number; qty: number }>;
}

/** The PPK approves (or the PP cancels) an order waiting for approval, or the PPK signs a BAST. */
export async function ppkStep(world: World): Promise<boolean> {
  const { random, http, pipeline } = world;
  const order = pipeline.take('ppk', () => random.next());
  if (!order) return false;
  const path = `/api/v1/orders/${encodeURIComponent(order.number)}`;
  const cookies = (order.satker as Session).cookies;
  let answer: { status: number; json: unknown };
  if (order.status === 'pending_approval' && random.chance(0.1)) {
    answer = await http.call('POST /orders/:n/cancel (PP)', 'POST', `${path}/cancel`, {
      cookie: cookies.pp,
      body: { reason: 'Kebutuhan sudah terpenuhi dari stok kantor.' },
    });
  } else if (order.status === 'pending_approval') {
    answer = await http.call('POST /orders/:n/approve (PPK)', 'POST', `${path}/approve`, {
      cookie: cookies.ppk,
    });
  } else {
    // Now and then a line arrives short: the BAST accepts one less and the total follows.
    const short = random.chance(0.1) ? order.lines.find((line) => line.qty > 1) : undefined;
    answer = await http.call('POST /orders/:n/receipt (BAST)', 'POST', `${path}/receipt`, {
      cookie: cookies.ppk,
      body: {
        receivedAt: nowIso(),
        note: 'Barang diterima dalam keadaan baik.',
        lines: order.lines.map((line) => ({
          lineNo: line.lineNo,
          qtyAccepted: line === short ? line.qty - 1 : line.qty,
        })),
      },
    });
  }
  finishStep(world, order, answer);
  return true;
}

/** The bendahara pays an invoiced order, for exactly its total. */
export async function bendaharaStep(world: World): Promise<boolean> {
  const order = world.pipeline.take('bendahara', () => world.random.next());
  if (!order) return false;
  const answer = await world.http.call(
    'POST /orders/:n/payment',
    'POST',
    `/api/v1/orders/${encodeURIComponent(order.number)}/payment`,
    {
      cookie: (order.satker as Session).cookies.bendahara,
      body: {
        method: world.random.pick(['va', 'kkpd', 'cms']),
        amountIdr: order.totalIdr,
        paidAt: nowIso(),
        reference: `SP2D-${order.number}`,
      },
    },
  );
  finishStep(world, order, answer);
  return true;
}

function finishStep(world: World, order: TrackedOrder, answer: { status: number; json: unknown }) {
  const body = answer.json as OrderBody | undefined;
  if (answer.status !== 200 || !body) return world.pipeline.done(order, null);
  order.totalIdr = body.totals.totalIdr;
  world.pipeline.done(order, body.status);
}

/** A PP looks at the satker's orders, and opens one. */
export async function listOrders(world: World) {
  const { random, http } = world;
  const session = random.pick(world.sessions);
  const status = random.chance(0.3)
    ? `&status=${random.pick(['sent', 'accepted,shipped', 'delivered', 'paid'])}`
    : '';
  const answer = await http.call('GET /orders', 'GET', `/api/v1/orders?limit=20${status}`, {
    cookie: session.cookies.pp,
  });
  const items = (answer.json as { items?: Array<{ number: string }> } | undefined)?.items ?? [];
  if (items.length === 0) return;
  const number = random.pick(items).number;
  await http.call('GET /orders/:n', 'GET', `/api/v1/orders/${encodeURIComponent(number)}`, {
    cookie: session.cookies.pp,
  });
}

const SP_STATUSES = ['accepted', 'shipped', 'delivered', 'received', 'invoiced', 'paid', 'completed'];
const BAST_STATUSES = ['received', 'invoiced', 'paid', 'completed'];

/** The Surat Pesanan or the BAST as PDF. */
export async function document(world: World) {
  const bast = world.random.chance(0.5);
  const order = world.pipeline.sample(() => world.random.next(), bast ? BAST_STATUSES : SP_STATUSES);
  if (!order) return;
  const cookies = (order.satker as Session).cookies;
  await world.http.call(
    bast ? 'GET /orders/:n/documents/bast.pdf' : 'GET /orders/:n/documents/sp.pdf',
    'GET',
    `/api/v1/orders/${encodeURIComponent(order.number)}/documents/${bast ? 'bast' : 'sp'}.pdf`,
    { cookie: bast ? cookies.ppk : cookies.pp },
  );
}
