import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { partners } from '../partners/partners.schema';

/**
 * Calls to partners, written in the transaction of the state change that causes them and
 * delivered by the outbox worker: in order per `orderingKey`, retried with backoff until a
 * 2xx or the deadline, then `dead`.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    /** Messages with the same key are delivered one after another (the order number). */
    orderingKey: text('ordering_key').notNull(),
    orderId: uuid('order_id'),
    method: text('method').notNull(),
    /** Path under the partner's baseUrl, e.g. `/orders/BLK-3325-2026-000001/receipt`. */
    path: text('path').notNull(),
    body: jsonb('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** While set in the future, one worker is delivering this message. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (table) => [
    index('outbox_pending_idx').on(table.nextAttemptAt).where(sql`status = 'pending'`),
    index('outbox_ordering_idx').on(table.orderingKey, table.id).where(sql`status = 'pending'`),
    index('outbox_partner_idx').on(table.partnerId, table.status),
  ],
);
