import { randomUUID } from 'node:crypto';
import type { PartnerWorld, World } from './soak-actions';
import { productRow } from './soak-data';

/**
 * The partners' side of the soak: order events moving the orders routed to them forward,
 * product syncs of 100–1000 rows over overlapping windows of their catalogue in random order
 * (restocking what checkouts take, and the deadlock case against checkouts and each other), and
 * transactions placed on their own sites, reported and later updated.
 */

const EVENT_PATH = (number: string) => `/api/partner/v1/orders/${encodeURIComponent(number)}/events`;

/** The next event for an order waiting on its partner; false when none waits. */
export async function partnerEvent(world: World): Promise<boolean> {
  const { random, pipeline } = world;
  const order = pipeline.take('partner', () => random.next());
  if (!order) return false;
  const partner = world.partners.find((p) => p.code === order.partnerCode)!;
  const [type, target, data]: [string, string, Record<string, unknown>] =
    order.status === 'sent'
      ? random.chance(0.04)
        ? ['rejected', 'rejected', { reason: 'Stok di gudang penyedia habis.' }]
        : ['accepted', 'accepted', {}]
      : order.status === 'accepted'
        ? [
            'shipped',
            'shipped',
            { courier: random.pick(['JNE', 'J&T', 'SiCepat']), trackingNo: `TRK${random.int(1e9)}` },
          ]
        : order.status === 'shipped'
          ? ['delivered', 'delivered', {}]
          : order.status === 'received'
            ? ['invoiced', 'invoiced', { invoiceNo: `INV-${order.number}`, amountIdr: order.totalIdr }]
            : [
                'payment_forwarded',
                'completed',
                { amountIdr: order.totalIdr, reference: `FWD-${order.number}` },
              ];
  const answer = await world.http.partnerCall(
    `POST partner /orders/:n/events (${type})`,
    partner,
    'POST',
    EVENT_PATH(order.number),
    { eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data },
  );
  pipeline.done(order, answer.status === 200 ? target : null);
  return true;
}

/** A product sync of 100–1000 rows from a random place in the partner's catalogue, shuffled. */
export async function productSync(world: World) {
  const { random } = world;
  const partner = random.pick(world.partners);
  const size = Math.min(partner.products.length, 100 + random.int(901));
  const start = random.int(partner.products.length);
  const rows = Array.from(
    { length: size },
    (_, i) => partner.products[(start + i) % partner.products.length]!,
  );
  for (let i = rows.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const updatedAt = new Date().toISOString();
  const answer = await world.http.partnerCall(
    'PUT partner /products (sync)',
    partner,
    'PUT',
    '/api/partner/v1/products',
    {
      products: rows.map((product) =>
        productRow(
          product,
          20 + random.int(300),
          Math.max(500, Math.round((product.basePriceIdr * (0.9 + random.next() * 0.2)) / 500) * 500),
          updatedAt,
        ),
      ),
    },
  );
  const body = answer.json as { accepted?: number } | undefined;
  if (answer.status === 200 && body?.accepted !== rows.length) {
    world.http.stats.record(
      'PUT partner /products rows rejected',
      0,
      'unexpected',
      JSON.stringify(body).slice(0, 300),
    );
  }
}

const TRANSACTION_NEXT: Record<string, string | undefined> = { accepted: 'delivered', delivered: 'paid' };

/** A new transaction from the partner's own site, or an update of one reported before. */
export async function partnerTransaction(world: World) {
  const { random } = world;
  const open = world.transactions.filter((t) => !t.busy && !t.uncertain && TRANSACTION_NEXT[t.body.status]);
  if (open.length > 0 && random.chance(0.35)) {
    const reported = random.pick(open);
    const status = random.chance(0.1) ? 'cancelled' : TRANSACTION_NEXT[reported.body.status]!;
    const body = { ...reported.body, status, updatedAt: laterThan(reported.body.updatedAt) };
    reported.busy = true;
    const answer = await world.http.partnerCall(
      'POST partner /transactions (update)',
      reported.partner,
      'POST',
      '/api/partner/v1/transactions',
      body,
    );
    if (answer.status === 200) reported.body = body;
    else reported.uncertain = answer.status === 0 || answer.status >= 500;
    reported.busy = false;
    return;
  }
  const partner = random.pick(world.partners);
  const body = newTransaction(world, partner);
  const answer = await world.http.partnerCall(
    'POST partner /transactions (new)',
    partner,
    'POST',
    '/api/partner/v1/transactions',
    body,
  );
  if (answer.status === 200) world.transactions.push({ partner, body, busy: false, uncertain: false });
}

let transactionCounter = 0;

function newTransaction(world: World, partner: PartnerWorld) {
  const { random } = world;
  const first = random.pick(partner.products);
  const sellerProducts = partner.bySeller.get(first.sellerExternalId)!;
  const lines = Array.from({ length: 1 + random.int(3) }, (_, i) => {
    const product = i === 0 ? first : random.pick(sellerProducts);
    return {
      productExternalId: product.externalId,
      name: product.name,
      categoryCode: product.categoryCode,
      qty: 1 + random.int(10),
      unitPriceIdr: product.basePriceIdr,
      tkdnPercent: product.tkdnPercent,
    };
  });
  const orderedAt = new Date(Date.now() - random.int(60 * 86_400) * 1000);
  return {
    externalOrderId: `${partner.code}-${process.pid}-${++transactionCounter}`,
    satkerCode: random.pick(world.sessions).code,
    sellerExternalId: first.sellerExternalId,
    orderedAt: orderedAt.toISOString(),
    status: random.chance(0.8) ? 'accepted' : 'delivered',
    lines,
    totalIdr: lines.reduce((sum, line) => sum + line.qty * line.unitPriceIdr, 0),
    updatedAt: new Date().toISOString(),
  };
}

/** An updatedAt after the previous one even within the same millisecond. */
function laterThan(previous: string): string {
  return new Date(Math.max(Date.now(), Date.parse(previous) + 1)).toISOString();
}
