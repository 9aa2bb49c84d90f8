import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { type DbOrTx, isoTimestamp, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { outboxMessages } from './outbox.schema';

export interface EnqueueInput {
  partnerId: string;
  orderingKey: string;
  orderId?: string | null;
  method?: 'POST' | 'PUT';
  path: string;
  body: unknown;
  deadlineHours: number;
}

/** Writes a partner call to the outbox; call it inside the transaction of the change that causes it. */
export async function enqueueMessage(tx: DbOrTx, input: EnqueueInput): Promise<void> {
  await enqueueMessages(tx, [input]);
}

/** Several messages in one statement (each keeps its own ordering key). */
export async function enqueueMessages(tx: DbOrTx, inputs: EnqueueInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.insert(outboxMessages).values(
    inputs.map((input) => ({
      partnerId: input.partnerId,
      orderingKey: input.orderingKey,
      orderId: input.orderId ?? null,
      method: input.method ?? 'POST',
      path: input.path,
      body: input.body as object,
      deadlineAt: sql`now() + make_interval(secs => ${Math.round(input.deadlineHours * 3600)})`,
    })),
  );
}

export interface ClaimedMessage {
  id: number;
  partnerId: string;
  orderingKey: string;
  orderId: string | null;
  method: string;
  path: string;
  body: unknown;
  attempts: number;
  deadlineAt: string;
}

/**
 * Claims due messages for delivery with a lease. Only the oldest pending message of each
 * ordering key is eligible, so messages of one order go out one after another; SKIP LOCKED
 * and the lease make each message go to exactly one worker across server processes.
 */
export async function claimDueMessages(
  db: DbOrTx,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedMessage[]> {
  const rows = await queryRows<ClaimedMessage>(
    db,
    sql`UPDATE outbox_messages SET lease_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
      WHERE id IN (
        SELECT m.id FROM outbox_messages m
        WHERE m.status = 'pending' AND m.next_attempt_at <= now()
          AND (m.lease_until IS NULL OR m.lease_until < now())
          AND NOT EXISTS (
            SELECT 1 FROM outbox_messages earlier
            WHERE earlier.ordering_key = m.ordering_key AND earlier.status = 'pending' AND earlier.id < m.id
          )
        ORDER BY m.id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, partner_id AS "partnerId", ordering_key AS "orderingKey", order_id AS "orderId", method, path, body,
        attempts, ${isoTimestamp('deadline_at')} AS "deadlineAt"`,
  );
  // bigserial ids arrive as strings from node-postgres and as numbers from PGlite.
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function markDelivered(db: DbOrTx, id: number, statusCode: number): Promise<void> {
  await db
    .update(outboxMessages)
    .set({
      status: 'delivered',
      deliveredAt: sql`now()`,
      leaseUntil: null,
      lastStatusCode: statusCode,
      lastError: null,
    })
    .where(eq(outboxMessages.id, id));
}

/**
 * Marks the pending calls of the given ordering keys (order numbers) as delivered at `deliveredAt`,
 * acknowledged with 200, without sending them. Only for history that happened before the
 * platform kept it, such as the demo's 2021–2024 orders: their partner already saw every call
 * back then, so the worker must not send them to a live partner today. Returns how many.
 */
export async function acknowledgeHistoricMessages(
  db: DbOrTx,
  orderingKeys: string[],
  deliveredAt: Date,
): Promise<number> {
  if (orderingKeys.length === 0) return 0;
  const rows = await db
    .update(outboxMessages)
    .set({
      status: 'delivered',
      deliveredAt,
      nextAttemptAt: deliveredAt,
      leaseUntil: null,
      lastStatusCode: 200,
      lastError: null,
    })
    .where(and(eq(outboxMessages.status, 'pending'), inArray(outboxMessages.orderingKey, orderingKeys)))
    .returning({ id: outboxMessages.id });
  return rows.length;
}

/** Exponential backoff from 1 s, doubling per attempt, capped at 10 minutes (PARTNER-API.md). */
export function backoffSeconds(attempts: number): number {
  return Math.min(600, 2 ** Math.max(0, attempts - 1));
}

/**
 * Records a failed attempt: the next try after the backoff, or `dead` once the deadline has
 * passed. Returns whether the message is now dead.
 */
export async function markFailed(
  db: DbOrTx,
  message: ClaimedMessage,
  failure: { statusCode: number | null; error: string },
): Promise<boolean> {
  const [row] = await db
    .update(outboxMessages)
    .set({
      status: sql`CASE WHEN now() + make_interval(secs => ${backoffSeconds(message.attempts)}) > deadline_at THEN 'dead' ELSE 'pending' END`,
      nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(message.attempts)})`,
      leaseUntil: null,
      lastStatusCode: failure.statusCode,
      lastError: failure.error.slice(0, 1000),
    })
    .where(eq(outboxMessages.id, message.id))
    .returning({ status: outboxMessages.status });
  return row?.status === 'dead';
}

export interface OutboxMessageView {
  id: number;
  partnerCode: string;
  orderingKey: string;
  method: string;
  path: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  deadlineAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Messages for the operator page, newest first, keyset-paginated by id. */
export async function listOutboxMessages(
  db: DbOrTx,
  filter: {
    status?: 'pending' | 'delivered' | 'dead' | undefined;
    beforeId?: number | undefined;
    limit: number;
  },
): Promise<OutboxMessageView[]> {
  const rows = await queryRows<OutboxMessageView>(
    db,
    sql`SELECT m.id, p.code AS "partnerCode", m.ordering_key AS "orderingKey", m.method, m.path, m.status, m.attempts,
        ${isoTimestamp('m.next_attempt_at')} AS "nextAttemptAt", ${isoTimestamp('m.deadline_at')} AS "deadlineAt",
        m.last_status_code AS "lastStatusCode", m.last_error AS "lastError", ${isoTimestamp('m.created_at')} AS "createdAt",
        ${isoTimestamp('m.delivered_at')} AS "deliveredAt"
      FROM outbox_messages m JOIN partners p ON p.id = m.partner_id
      WHERE ${filter.status ? sql`m.status = ${filter.status}` : sql`true`}
        AND ${filter.beforeId ? sql`m.id < ${filter.beforeId}` : sql`true`}
      ORDER BY m.id DESC LIMIT ${filter.limit}`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** Puts a dead (or waiting) message back to be sent now, with a fresh deadline. */
export async function retryMessage(
  db: DbOrTx,
  actor: Actor,
  id: number,
  deadlineHours: number,
): Promise<{ orderId: string | null; path: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(outboxMessages)
      .set({
        status: 'pending',
        nextAttemptAt: sql`now()`,
        leaseUntil: null,
        attempts: 0,
        deadlineAt: sql`now() + make_interval(secs => ${Math.round(deadlineHours * 3600)})`,
      })
      .where(and(eq(outboxMessages.id, id), sql`${outboxMessages.status} <> 'delivered'`))
      .returning({ orderId: outboxMessages.orderId, path: outboxMessages.path });
    if (!row)
      throw new AppError('OUTBOX.NOT_FOUND', `Pesan outbox ${id} tidak ditemukan atau sudah terkirim.`);
    await recordAudit(tx, actor, {
      action: 'outbox.retried',
      entityType: 'outbox_message',
      entityId: String(id),
    });
    return row;
  });
}

/** The newest message of an order to `path` that has not been delivered (dead or waiting), if any. */
export async function findUndeliveredOrderMessage(
  db: DbOrTx,
  orderId: string,
  path: string,
): Promise<number | undefined> {
  const [row] = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.orderId, orderId),
        eq(outboxMessages.path, path),
        sql`${outboxMessages.status} <> 'delivered'`,
      ),
    )
    .orderBy(desc(outboxMessages.id))
    .limit(1);
  return row?.id;
}

/** Drops delivered messages older than `days` (the audit log keeps the order history). */
export async function purgeDeliveredMessages(db: DbOrTx, days: number): Promise<void> {
  await db
    .delete(outboxMessages)
    .where(
      and(
        eq(outboxMessages.status, 'delivered'),
        lt(outboxMessages.deliveredAt, sql`now() - make_interval(days => ${days})`),
      ),
    );
}

export async function latestMessages(db: DbOrTx, limit: number) {
  return db.select().from(outboxMessages).orderBy(desc(outboxMessages.id)).limit(limit);
}
