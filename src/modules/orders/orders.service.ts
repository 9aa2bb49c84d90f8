import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { formatRupiah } from '../../shared/money';
import { wibDay } from '../../shared/time';
import { auditEntries } from '../audit/audit.schema';
import { type Actor, recordAudit, recordAudits } from '../audit/audit.service';
import { domesticClassSql } from '../catalog/search.service';
import { enqueueMessage, enqueueMessages } from '../outbox/outbox.service';
import { partners } from '../partners/partners.schema';
import { type countedOrderStatuses, updateOrderReports } from '../reports/report-projection';
import { sellers } from '../sellers/sellers.schema';
import { computeOrderTotals, taxRuleSetOn } from '../taxes/taxes';
import { assertTransition, type OrderStatus, type TransitionActor } from './order-lifecycle';
import { orderLines, orderNumberCounters, orders } from './orders.schema';
import { assertSeparationOfDuties } from './separation-of-duties';

export interface OrderPolicy {
  /** Hours the outbox keeps trying a partner call before the order is routing_failed. */
  routingDeadlineHours: number;
}

export interface RoutedOrderLine {
  productId: string;
  productExternalId: string;
  name: string;
  categoryCode: string;
  taxKind: 'ppn' | 'pbjt';
  qty: number;
  unit: string;
  unitPriceIdr: number;
  tkdnPercent: number | null;
}

export interface CreateRoutedOrderInput {
  satkerCode: string;
  pemdaCode: string;
  partnerId: string;
  sellerId: string;
  sellerExternalId: string;
  seller: { isPkp: boolean; hasPp55Certificate: boolean };
  deliveryAddress: string;
  notes?: string | null;
  lines: RoutedOrderLine[];
  /**
   * `sent` routes it to the partner now; `pending_approval` waits for the PPK. Neither counts in
   * the reports (they count from the seller's acceptance), so creating an order does not touch
   * the reports projection; `NewOrderCountsNot` below fails to compile if a counted status is added.
   */
  status: 'sent' | 'pending_approval';
  createdByUserId?: string | null;
  /** Checkout warnings kept on the order for auditors. */
  flags?: OrderFlag[];
  splitReason?: string | null;
  ruleId?: string | null;
  /**
   * When the order was placed; defaults to the database clock. Only the demo history passes an
   * instant in the past (its number year and tax rule set follow that instant).
   */
  orderedAt?: Date | undefined;
}

/** Compiles only while no status a new order can have is one the reports count. */
type NewOrderCountsNot =
  Extract<CreateRoutedOrderInput['status'], (typeof countedOrderStatuses)[number]> extends never
    ? true
    : never;
const newOrderCountsNot: NewOrderCountsNot = true;
void newOrderCountsNot;

export interface OrderFlag {
  code: string;
  message: string;
  [key: string]: unknown;
}

/**
 * Creates one order for one seller, numbered per pemda and year, with its totals, history
 * entry and (when sent) the outbox call `POST {baseUrl}/orders` in the same transaction.
 * Checkout (order issue) builds on this; the rules it runs come before.
 */
export async function createRoutedOrder(
  db: DbOrTx,
  policy: OrderPolicy,
  actor: Actor,
  input: CreateRoutedOrderInput,
): Promise<{ id: string; number: string }> {
  return db.transaction(async (tx) => {
    const { orders: created } = await insertRoutedOrders(tx, policy, actor, [input]);
    return { id: created[0]!.id, number: created[0]!.number };
  });
}

/**
 * `createRoutedOrder` for several orders inside the caller's transaction (checkout creates one
 * per seller), in a fixed number of statements whatever the number of orders: the orders, their
 * lines, their history entries, their views and their outbox calls are each written or read at
 * once. The numbers are taken last before the orders are written, so the per-pemda counter row
 * is locked for as short a part of the transaction as possible. Returns the orders in the order
 * of `inputs`, each with its view as the partner receives it (`forPartner`).
 */
export async function insertRoutedOrders(
  tx: DbOrTx,
  policy: OrderPolicy,
  actor: Actor,
  inputs: CreateRoutedOrderInput[],
): Promise<{ orders: Array<{ id: string; number: string; partnerView: OrderView }> }> {
  if (inputs.length === 0) return { orders: [] };
  const planned = inputs.map((input) => {
    const lines = input.lines.map((line, index) => ({
      ...line,
      lineNo: index + 1,
      lineTotalIdr: line.qty * line.unitPriceIdr,
    }));
    const day = wibDay(input.orderedAt ?? new Date());
    return {
      input,
      id: randomUUID(),
      lines,
      day,
      totals: computeOrderTotals(lines, input.seller, taxRuleSetOn(day)),
    };
  });
  const numbers = await takeOrderNumbers(
    tx,
    planned.map(({ input, day }) => ({ pemdaCode: input.pemdaCode, year: Number(day.slice(0, 4)) })),
  );
  await tx.insert(orders).values(
    planned.map(({ input, id, totals }, i) => ({
      id,
      number: numbers[i]!,
      status: input.status,
      satkerCode: input.satkerCode,
      pemdaCode: input.pemdaCode,
      partnerId: input.partnerId,
      sellerId: input.sellerId,
      sellerExternalId: input.sellerExternalId,
      deliveryAddress: input.deliveryAddress,
      notes: input.notes ?? null,
      createdByUserId: input.createdByUserId ?? null,
      flags: input.flags ?? [],
      splitReason: input.splitReason ?? null,
      ruleId: input.ruleId ?? null,
      ...(input.orderedAt ? { orderedAt: input.orderedAt } : {}),
      ...totals,
    })),
  );
  await tx.insert(orderLines).values(
    planned.flatMap(({ id, lines }) =>
      lines.map((line) => ({
        orderId: id,
        lineNo: line.lineNo,
        productId: line.productId,
        productExternalId: line.productExternalId,
        name: line.name,
        categoryCode: line.categoryCode,
        taxKind: line.taxKind,
        qty: line.qty,
        unit: line.unit,
        unitPriceIdr: line.unitPriceIdr,
        lineTotalIdr: line.lineTotalIdr,
        tkdnPercent: line.tkdnPercent,
        domesticClass: sql<string>`(SELECT ${domesticClassSql} FROM products p WHERE p.id = ${line.productId})`,
      })),
    ),
  );
  await recordAudits(
    tx,
    actor,
    planned.map(({ id, input }) => ({
      action: 'order.status_changed',
      entityType: 'order',
      entityId: id,
      details: { from: null, to: input.status },
    })),
  );
  const views = await getOrderViews(tx, numbers, { forPartner: true });
  await enqueueMessages(
    tx,
    planned.flatMap(({ id, input }, i) =>
      input.status === 'sent' ? [routingMessage(policy, id, numbers[i]!, input.partnerId, views[i]!)] : [],
    ),
  );
  return { orders: planned.map(({ id }, i) => ({ id, number: numbers[i]!, partnerView: views[i]! })) };
}

/** The routing call `POST {baseUrl}/orders` with the order as the partner sees it. */
export async function enqueueOrderRouting(
  tx: DbOrTx,
  policy: OrderPolicy,
  orderId: string,
  number: string,
  partnerId: string,
) {
  const view = await getOrderView(tx, number, { forPartner: true });
  await enqueueMessages(tx, [routingMessage(policy, orderId, number, partnerId, view)]);
}

function routingMessage(
  policy: OrderPolicy,
  orderId: string,
  number: string,
  partnerId: string,
  view: OrderView,
) {
  return {
    partnerId,
    orderingKey: number,
    orderId,
    path: '/orders',
    body: view,
    deadlineHours: policy.routingDeadlineHours,
  };
}

/** The order as a buyer or official sees it: the view without the partner's own ids. */
export function withoutPartnerIds(view: OrderView): OrderView {
  const { externalId: _externalId, ...seller } = view.seller;
  return {
    ...view,
    seller,
    lines: view.lines.map(({ productExternalId: _productExternalId, ...line }) => line),
  };
}

/**
 * `BLK-<pemda digits>-<year>-<6-digit sequence>`, e.g. BLK-3325-2026-000123 (DOMAIN.md); the year
 * is the WIB year the order was placed in. One statement per pemda and year reserves as many
 * numbers as there are orders for it; the counter row stays locked until the caller commits.
 */
async function takeOrderNumbers(
  tx: DbOrTx,
  wanted: Array<{ pemdaCode: string; year: number }>,
): Promise<string[]> {
  const counts = new Map<string, { pemdaCode: string; year: number; count: number; next: number }>();
  for (const { pemdaCode, year } of wanted) {
    const key = `${pemdaCode}|${year}`;
    const entry = counts.get(key) ?? { pemdaCode, year, count: 0, next: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  for (const entry of counts.values()) {
    const [row] = await tx
      .insert(orderNumberCounters)
      .values({ pemdaCode: entry.pemdaCode, year: entry.year, lastValue: entry.count })
      .onConflictDoUpdate({
        target: [orderNumberCounters.pemdaCode, orderNumberCounters.year],
        set: { lastValue: sql`${orderNumberCounters.lastValue} + ${entry.count}` },
      })
      .returning({ lastValue: orderNumberCounters.lastValue });
    entry.next = row!.lastValue - entry.count + 1;
  }
  return wanted.map(({ pemdaCode, year }) => {
    const entry = counts.get(`${pemdaCode}|${year}`)!;
    const value = entry.next++;
    return `BLK-${pemdaCode.replace(/\./g, '')}-${year}-${String(value).padStart(6, '0')}`;
  });
}

export interface OrderRecord {
  id: string;
  number: string;
  status: OrderStatus;
  partnerId: string;
  totalIdr: number;
  orderedAt: Date;
  fulfilment: Record<string, unknown>;
}

/** The order by number, locked for update when inside a transaction; throws ORDER.NOT_FOUND. */
export async function getOrderForUpdate(tx: DbOrTx, number: string): Promise<OrderRecord> {
  const [order] = await tx
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      partnerId: orders.partnerId,
      totalIdr: orders.totalIdr,
      orderedAt: orders.orderedAt,
      fulfilment: orders.fulfilment,
    })
    .from(orders)
    .where(eq(orders.number, number))
    .for('update');
  if (!order) throw new AppError('ORDER.NOT_FOUND', `Pesanan ${number} tidak ditemukan.`, { number });
  return order as OrderRecord;
}

/**
 * Moves an order along the lifecycle table, with its history entry, in the caller's
 * transaction. Throws ORDER.INVALID_TRANSITION and changes nothing when not allowed.
 */
export async function transitionOrder(
  tx: DbOrTx,
  actor: Actor,
  order: OrderRecord,
  to: OrderStatus,
  by: TransitionActor,
  details: { reason?: string; fulfilment?: Record<string, unknown>; [key: string]: unknown } = {},
): Promise<void> {
  const { action } = assertTransition(order.status, to, by);
  const { fulfilment, ...rest } = details;
  await tx
    .update(orders)
    .set({
      status: to,
      statusChangedAt: sql`now()`,
      ...(fulfilment
        ? { fulfilment: sql`${orders.fulfilment} || ${JSON.stringify(fulfilment)}::jsonb` }
        : {}),
    })
    .where(and(eq(orders.id, order.id), eq(orders.status, order.status)));
  await recordAudit(tx, actor, {
    action: 'order.status_changed',
    entityType: 'order',
    entityId: order.id,
    details: { from: order.status, to, by, action, ...rest },
  });
  await updateOrderReports(tx, 'order', order.id);
  order.status = to;
}

/** Marks an order whose routing call passed its deadline as routing_failed. */
export async function markRoutingFailed(db: DbOrTx, orderId: string, path: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ number: orders.number }).from(orders).where(eq(orders.id, orderId));
    if (!row) return;
    const order = await getOrderForUpdate(tx, row.number);
    if (order.status !== 'sent' || path !== '/orders') return;
    await transitionOrder(tx, { userId: null, label: 'outbox' }, order, 'routing_failed', 'system', {
      reason: 'Mitra tidak menerima pesanan sebelum batas waktu.',
    });
  });
}

export interface OrderView {
  number: string;
  status: OrderStatus;
  source: 'platform';
  satkerCode: string;
  pemdaCode: string;
  partner: { code: string; name: string };
  seller: {
    id: string;
    name: string;
    scale: string;
    regionCode: string;
    isPkp: boolean;
    externalId?: string;
  };
  orderedAt: string;
  deliveryAddress: string;
  notes: string | null;
  lines: Array<{
    lineNo: number;
    productId: string;
    productExternalId?: string;
    name: string;
    qty: number;
    qtyAccepted: number | null;
    unit: string;
    unitPriceIdr: number;
    lineTotalIdr: number;
    tkdnPercent: number | null;
  }>;
  totals: {
    grossIdr: number;
    dppIdr: number;
    ppnIdr: number;
    pbjtIdr: number;
    pph22Idr: number;
    totalIdr: number;
  };
  flags: Array<{ code: string; message: string }>;
  bastNumber?: string;
  history: Array<{ status: string; at: string; by: string }>;
}

/** The Order of PUBLIC-API.md; `forPartner` adds the partner's own ids (outbox body). */
export async function getOrderView(
  db: DbOrTx,
  number: string,
  options: { forPartner?: boolean } = {},
): Promise<OrderView> {
  const [view] = await getOrderViews(db, [number], options);
  if (!view) throw new AppError('ORDER.NOT_FOUND', `Pesanan ${number} tidak ditemukan.`, { number });
  return view;
}

/**
 * The views of several orders in three statements whatever their number (orders with partner
 * and seller, their lines, their status history), in the order of `numbers`; numbers that do
 * not exist are left out.
 */
export async function getOrderViews(
  db: DbOrTx,
  numbers: string[],
  options: { forPartner?: boolean } = {},
): Promise<OrderView[]> {
  if (numbers.length === 0) return [];
  const rows = await db
    .select({
      order: orders,
      partnerCode: partners.code,
      partnerName: partners.name,
      seller: {
        id: sellers.id,
        name: sellers.name,
        scale: sellers.scale,
        regionCode: sellers.regionCode,
        isPkp: sellers.isPkp,
      },
    })
    .from(orders)
    .innerJoin(partners, eq(partners.id, orders.partnerId))
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .where(inArray(orders.number, numbers));
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.order.id);
  // One after the other: `db` may be a transaction, whose one connection runs one query at a time.
  const lines = await db
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, ids))
    .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
  const history = await db
    .select({
      orderId: auditEntries.entityId,
      at: auditEntries.at,
      by: auditEntries.actorLabel,
      details: auditEntries.details,
    })
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.entityType, 'order'),
        inArray(auditEntries.entityId, ids),
        eq(auditEntries.action, 'order.status_changed'),
      ),
    )
    .orderBy(asc(auditEntries.id));
  const linesOf = groupBy(lines, (line) => line.orderId);
  const historyOf = groupBy(history, (entry) => entry.orderId);
  const byNumber = new Map(
    rows.map((row) => [
      row.order.number,
      orderView(row, linesOf.get(row.order.id) ?? [], historyOf.get(row.order.id) ?? [], options),
    ]),
  );
  return numbers.flatMap((number) => byNumber.get(number) ?? []);
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function orderView(
  row: {
    order: typeof orders.$inferSelect;
    partnerCode: string;
    partnerName: string;
    seller: { id: string; name: string; scale: string; regionCode: string; isPkp: boolean };
  },
  lines: (typeof orderLines.$inferSelect)[],
  history: { at: Date; by: string; details: unknown }[],
  options: { forPartner?: boolean },
): OrderView {
  const { order } = row;
  const bastNumber = (order.fulfilment as { bastNumber?: string }).bastNumber;
  return {
    number: order.number,
    status: order.status,
    source: 'platform',
    satkerCode: order.satkerCode,
    pemdaCode: order.pemdaCode,
    partner: { code: row.partnerCode, name: row.partnerName },
    seller: { ...row.seller, ...(options.forPartner ? { externalId: order.sellerExternalId } : {}) },
    orderedAt: order.orderedAt.toISOString(),
    deliveryAddress: order.deliveryAddress,
    notes: order.notes,
    lines: lines.map((line) => ({
      lineNo: line.lineNo,
      productId: line.productId,
      ...(options.forPartner ? { productExternalId: line.productExternalId } : {}),
      name: line.name,
      qty: line.qty,
      qtyAccepted: line.qtyAccepted,
      unit: line.unit,
      unitPriceIdr: line.unitPriceIdr,
      lineTotalIdr: line.lineTotalIdr,
      tkdnPercent: line.tkdnPercent,
    })),
    totals: {
      grossIdr: order.grossIdr,
      dppIdr: order.dppIdr,
      ppnIdr: order.ppnIdr,
      pbjtIdr: order.pbjtIdr,
      pph22Idr: order.pph22Idr,
      totalIdr: order.totalIdr,
    },
    flags: (order.flags as OrderFlag[]).map(({ code, message }) => ({ code, message })),
    ...(bastNumber ? { bastNumber } : {}),
    history: history.map((entry) => ({
      status: String((entry.details as { to?: string } | null)?.to ?? ''),
      at: entry.at.toISOString(),
      by: entry.by,
    })),
  };
}

/** An operator's retry of a routing_failed order puts it back to sent (the outbox resends it). */
export async function retryOrderRouting(db: DbOrTx, actor: Actor, orderId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ number: orders.number }).from(orders).where(eq(orders.id, orderId));
    if (!row) return;
    const order = await getOrderForUpdate(tx, row.number);
    if (order.status === 'routing_failed') await transitionOrder(tx, actor, order, 'sent', 'operator');
  });
}

export interface ReceiptInput {
  receivedAt: string;
  note?: string | null;
  lines: Array<{ lineNo: number; qtyAccepted: number; note?: string | null }>;
}

/**
 * The PPK's receipt (BAST) of a delivered order: accepted quantities per line, the totals
 * recomputed on them, a BAST number, and the receipt call to the partner, in one transaction.
 * The order issue adds the route, the PDF and the PPK's scope check on top of this.
 */
export async function recordReceipt(
  db: DbOrTx,
  policy: OrderPolicy,
  actor: Actor,
  number: string,
  input: ReceiptInput,
): Promise<{ bastNumber: string; totalIdr: number }> {
  return db.transaction(async (tx) => {
    const order = await getOrderForUpdate(tx, number);
    assertTransition(order.status, 'received', 'ppk');
    await assertSeparationOfDuties(tx, order.id, actor, 'receive');
    const lines = await tx
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, order.id))
      .orderBy(asc(orderLines.lineNo));
    const accepted = new Map(input.lines.map((line) => [line.lineNo, line.qtyAccepted]));
    for (const line of input.lines) {
      const stored = lines.find((l) => l.lineNo === line.lineNo);
      if (!stored || line.qtyAccepted < 0 || line.qtyAccepted > stored.qty) {
        throw new AppError(
          'ORDER.INVALID_AMOUNT',
          `Jumlah diterima baris ${line.lineNo} harus antara 0 dan jumlah pesanan.`,
          {
            field: `lines.${line.lineNo}.qtyAccepted`,
          },
        );
      }
    }
    const acceptedLines = lines.map((line) => {
      const qtyAccepted = accepted.get(line.lineNo) ?? line.qty;
      return { ...line, qtyAccepted, acceptedTotalIdr: qtyAccepted * line.unitPriceIdr };
    });
    for (const line of acceptedLines) {
      await tx
        .update(orderLines)
        .set({ qtyAccepted: line.qtyAccepted })
        .where(and(eq(orderLines.orderId, order.id), eq(orderLines.lineNo, line.lineNo)));
    }
    const [seller] = await tx
      .select({ isPkp: sellers.isPkp, hasPp55Certificate: sellers.hasPp55Certificate })
      .from(sellers)
      .innerJoin(orders, eq(orders.sellerId, sellers.id))
      .where(eq(orders.id, order.id));
    const totals = computeOrderTotals(
      acceptedLines.map((line) => ({ lineTotalIdr: line.acceptedTotalIdr, taxKind: line.taxKind })),
      seller!,
      taxRuleSetOn(wibDay(order.orderedAt)),
    );
    await tx.update(orders).set(totals).where(eq(orders.id, order.id));
    const bastNumber = `BAST-${number.slice(4)}`;
    await transitionOrder(tx, actor, order, 'received', 'ppk', {
      fulfilment: {
        bastNumber,
        receipt: {
          receivedAt: input.receivedAt,
          note: input.note ?? null,
          // Per-line notes of the inspection, printed on the BAST.
          lines: input.lines.map((line) => ({ lineNo: line.lineNo, note: line.note ?? null })),
        },
      },
    });
    await enqueueMessage(tx, {
      partnerId: order.partnerId,
      orderingKey: number,
      orderId: order.id,
      path: `/orders/${number}/receipt`,
      body: {
        bastNumber,
        receivedAt: input.receivedAt,
        lines: acceptedLines.map((line) => ({ lineNo: line.lineNo, qtyAccepted: line.qtyAccepted })),
      },
      deadlineHours: policy.routingDeadlineHours,
    });
    return { bastNumber, totalIdr: totals.totalIdr };
  });
}

export interface PaymentInput {
  method: 'va' | 'kkpd' | 'cms';
  amountIdr: number;
  paidAt: string;
  reference: string;
}

/**
 * The bendahara's payment of an invoiced order, for exactly its total, with the payment call
 * to the partner (which forwards it to the seller), in one transaction.
 */
export async function recordPayment(
  db: DbOrTx,
  policy: OrderPolicy,
  actor: Actor,
  number: string,
  input: PaymentInput,
): Promise<void> {
  await db.transaction(async (tx) => {
    const order = await getOrderForUpdate(tx, number);
    assertTransition(order.status, 'paid', 'bendahara');
    await assertSeparationOfDuties(tx, order.id, actor, 'pay');
    if (input.amountIdr !== order.totalIdr) {
      throw new AppError(
        'ORDER.INVALID_AMOUNT',
        `Pembayaran harus tepat sebesar total pesanan ${formatRupiah(order.totalIdr)}.`,
        {
          field: 'amountIdr',
          expected: order.totalIdr,
        },
      );
    }
    await transitionOrder(tx, actor, order, 'paid', 'bendahara', { fulfilment: { payment: input } });
    await enqueueMessage(tx, {
      partnerId: order.partnerId,
      orderingKey: number,
      orderId: order.id,
      path: `/orders/${number}/payment`,
      body: input,
      deadlineHours: policy.routingDeadlineHours,
    });
  });
}
