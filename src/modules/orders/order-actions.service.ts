import { and, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { wibDay } from '../../shared/time';
import { coversSatker, type Scope, scopeCondition } from '../accounts/scope';
import { type Actor, systemActor } from '../audit/audit.service';
import { enqueueMessage, findUndeliveredOrderMessage, retryMessage } from '../outbox/outbox.service';
import { getEffectiveRule, loadDaysOff, type PurchaseRule } from '../rules/rules.service';
import { addCalendarDays, addWorkingDays } from '../rules/working-days';
import { assertTransition, type OrderStatus, type TransitionActor } from './order-lifecycle';
import { orders } from './orders.schema';
import {
  enqueueOrderRouting,
  getOrderForUpdate,
  getOrderView,
  getOrderViews,
  type OrderPolicy,
  type OrderView,
  type PaymentInput,
  type ReceiptInput,
  recordPayment,
  recordReceipt,
  retryOrderRouting,
  transitionOrder,
} from './orders.service';
import { assertSeparationOfDuties } from './separation-of-duties';

/** The official acting on an order: who, and which satkers/pemda their role covers. */
export interface OrderOfficial {
  actor: Actor;
  scope: Scope;
}

/**
 * The order if the caller's scope covers its satker; ORDER.NOT_FOUND otherwise, so an order
 * outside one's scope looks the same as one that does not exist.
 */
export async function getVisibleOrder(db: DbOrTx, scope: Scope, number: string): Promise<OrderView> {
  await assertOrderInScope(db, scope, number);
  return getOrderView(db, number);
}

async function assertOrderInScope(db: DbOrTx, scope: Scope, number: string) {
  const [row] = await db
    .select({ satkerCode: orders.satkerCode, pemdaCode: orders.pemdaCode })
    .from(orders)
    .where(eq(orders.number, number));
  if (!row || !coversSatker(scope, { code: row.satkerCode, pemdaCode: row.pemdaCode })) {
    throw new AppError('ORDER.NOT_FOUND', `Pesanan ${number} tidak ditemukan.`, { number });
  }
}

export interface OrderListFilter {
  statuses?: OrderStatus[] | undefined;
  satkerCode?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Orders in the caller's scope, newest first, by keyset cursor (`orderedAt|id`). */
export async function listOrders(
  db: DbOrTx,
  scope: Scope,
  filter: OrderListFilter,
): Promise<{ items: OrderView[]; nextCursor: string | null }> {
  const conditions: Array<SQL | undefined> = [
    scopeCondition(scope, { pemda: orders.pemdaCode, satker: orders.satkerCode }),
    filter.statuses?.length ? inArray(orders.status, filter.statuses) : undefined,
    filter.satkerCode ? eq(orders.satkerCode, filter.satkerCode) : undefined,
  ];
  const cursor = decodeCursor(filter.cursor);
  if (cursor) {
    conditions.push(
      or(lt(orders.orderedAt, cursor.at), and(eq(orders.orderedAt, cursor.at), lt(orders.id, cursor.id))),
    );
  }
  const rows = await db
    .select({ id: orders.id, number: orders.number, orderedAt: orders.orderedAt })
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const items = await getOrderViews(
    db,
    page.map((row) => row.number),
  );
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > filter.limit && last ? `${last.orderedAt.toISOString()}|${last.id}` : null,
  };
}

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = cursor.split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('REQUEST.INVALID', 'Kursor halaman tidak valid.', { field: 'cursor' });
  }
  return { at: date, id };
}

/**
 * The PPK approves an order waiting for approval: it is sent to the partner (outbox). Not by
 * the user who placed it (separation of duties, `assertSeparationOfDuties`).
 */
export async function approveOrder(db: DbOrTx, policy: OrderPolicy, official: OrderOfficial, number: string) {
  await db.transaction(async (tx) => {
    await assertOrderInScope(tx, official.scope, number);
    const order = await getOrderForUpdate(tx, number);
    assertTransition(order.status, 'sent', 'ppk');
    await assertSeparationOfDuties(tx, order.id, official.actor, 'approve');
    await transitionOrder(tx, official.actor, order, 'sent', 'ppk');
    await enqueueOrderRouting(tx, policy, order.id, number, order.partnerId);
  });
  return getOrderView(db, number);
}

/**
 * Cancels an order by the PP or PPK (or the system), with the reason; when the partner already
 * has the order, the cancellation is sent to it through the outbox in the same transaction.
 */
export async function cancelOrder(
  db: DbOrTx,
  policy: OrderPolicy,
  official: OrderOfficial | null,
  number: string,
  reason: string,
  by: Extract<TransitionActor, 'pp' | 'ppk' | 'system' | 'operator'>,
) {
  await db.transaction(async (tx) => {
    if (official) await assertOrderInScope(tx, official.scope, number);
    const order = await getOrderForUpdate(tx, number);
    const partnerKnows = order.status === 'sent' || order.status === 'accepted';
    await transitionOrder(tx, official?.actor ?? systemActor('order-deadline'), order, 'cancelled', by, {
      reason,
    });
    if (partnerKnows) {
      await enqueueMessage(tx, {
        partnerId: order.partnerId,
        orderingKey: number,
        orderId: order.id,
        path: `/orders/${number}/cancel`,
        body: { reason },
        deadlineHours: policy.routingDeadlineHours,
      });
    }
  });
  return getOrderView(db, number);
}

/** The PPK's BAST, within their scope (see `recordReceipt`, which keeps separation of duties). */
export async function signReceipt(
  db: DbOrTx,
  policy: OrderPolicy,
  official: OrderOfficial,
  number: string,
  input: ReceiptInput,
) {
  await assertOrderInScope(db, official.scope, number);
  await recordReceipt(db, policy, official.actor, number, input);
  return getOrderView(db, number);
}

/** The bendahara's payment, within their scope (see `recordPayment`, which keeps separation of duties). */
export async function payOrder(
  db: DbOrTx,
  policy: OrderPolicy,
  official: OrderOfficial,
  number: string,
  input: PaymentInput,
) {
  await assertOrderInScope(db, official.scope, number);
  await recordPayment(db, policy, official.actor, number, input);
  return getOrderView(db, number);
}

/**
 * Cancels the orders a partner left unanswered (still `sent`) after the pemda's number of
 * working days (3 by default; weekends, national holidays and cuti bersama do not count),
 * counted from the WIB day the order was sent. Returns the numbers cancelled.
 */
export async function cancelUnansweredOrders(
  db: DbOrTx,
  policy: OrderPolicy,
  now: Date = new Date(),
): Promise<string[]> {
  const today = wibDay(now);
  // No rule allows less than one working day, so anything sent today or later is safe.
  const candidates = await db
    .select({ number: orders.number, pemdaCode: orders.pemdaCode, sentAt: orders.statusChangedAt })
    .from(orders)
    .where(
      and(eq(orders.status, 'sent'), lt(orders.statusChangedAt, sql`${addCalendarDays(today, -1)}::date`)),
    )
    .orderBy(orders.statusChangedAt)
    .limit(500);
  if (candidates.length === 0) return [];
  const firstDay = wibDay(candidates[0]!.sentAt);
  const daysOff = await loadDaysOff(db, firstDay, addCalendarDays(today, 60));
  const cancelled: string[] = [];
  const rules = new Map<string, Promise<PurchaseRule>>();
  for (const candidate of candidates) {
    const sentDay = wibDay(candidate.sentAt);
    const ruleKey = `${candidate.pemdaCode}|${sentDay}`;
    if (!rules.has(ruleKey)) rules.set(ruleKey, getEffectiveRule(db, candidate.pemdaCode, sentDay));
    const rule = await rules.get(ruleKey)!;
    const lastDay = addWorkingDays(sentDay, rule.unansweredCancelWorkingDays, daysOff);
    if (today <= lastDay) continue;
    const reason = `Mitra tidak menjawab pesanan dalam ${rule.unansweredCancelWorkingDays} hari kerja (batas ${lastDay}).`;
    try {
      await cancelOrder(db, policy, null, candidate.number, reason, 'system');
      cancelled.push(candidate.number);
    } catch (error) {
      // The partner answered in the meantime: the order is no longer `sent`.
      if (!(error instanceof AppError && error.code === 'ORDER.INVALID_TRANSITION')) throw error;
    }
  }
  return cancelled;
}

/**
 * An operator of the order's pemda sends a routing_failed order to its partner again: its dead
 * order message is queued anew and the order goes back to sent, in one transaction.
 */
export async function retryRoutingOfOrder(
  db: DbOrTx,
  policy: OrderPolicy,
  official: OrderOfficial,
  number: string,
): Promise<OrderView> {
  await assertOrderInScope(db, official.scope, number);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: orders.id, status: orders.status })
      .from(orders)
      .where(eq(orders.number, number));
    if (!row) throw new AppError('ORDER.NOT_FOUND', `Pesanan ${number} tidak ditemukan.`, { number });
    if (row.status !== 'routing_failed')
      throw new AppError(
        'ORDER.INVALID_TRANSITION',
        `Pesanan ${number} tidak gagal terkirim; tidak ada yang perlu dikirim ulang.`,
        { from: row.status, to: 'sent', allowed: [] },
      );
    const messageId = await findUndeliveredOrderMessage(tx, row.id, '/orders');
    if (messageId !== undefined)
      await retryMessage(tx, official.actor, messageId, policy.routingDeadlineHours);
    await retryOrderRouting(tx, official.actor, row.id);
  });
  return getOrderView(db, number);
}
