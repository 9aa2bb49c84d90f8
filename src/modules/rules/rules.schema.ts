import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Purchase rules as effective-dated data (DOMAIN.md "Rules"): a row holds from `effectiveFrom`
 * until the next row of the same pemda. `pemdaCode` null is the national default that applies
 * where a pemda has no rule of its own for the day.
 */
export const purchaseRules = pgTable(
  'purchase_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pemdaCode: text('pemda_code'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** An order's total must stay below this (Batang: Rp50.000.000; national: Rp200.000.000). */
    directPurchaseLimitIdr: bigint('direct_purchase_limit_idr', { mode: 'number' }).notNull(),
    /** Orders with a total above this wait for the PPK's approval; null: no approval step. */
    approvalThresholdIdr: bigint('approval_threshold_idr', { mode: 'number' }),
    /** Days back in which a satker's orders with the same seller add up for the splitting warning. */
    splitWindowDays: integer('split_window_days').notNull(),
    /** Working days a partner has to answer a sent order before it is cancelled. */
    unansweredCancelWorkingDays: integer('unanswered_cancel_working_days').notNull(),
    /** Where to buy instead above the limit, shown in the refusal (e.g. "e-katalog lokal"). */
    aboveLimitAdvice: text('above_limit_advice').notNull(),
    /**
     * Separation of duties: the PPK who approves an order or signs its BAST is not the PP who
     * placed it, and the bendahara who records the payment is neither of them. On by default.
     */
    separationOfDuties: boolean('separation_of_duties').notNull().default(true),
    /** Why an operator switched separation of duties off; required when it is off. */
    separationOfDutiesOffReason: text('separation_of_duties_off_reason'),
    note: text('note'),
    createdByUserId: uuid('created_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    uniqueIndex('purchase_rules_pemda_from_idx').on(
      sql`coalesce(${table.pemdaCode}, '')`,
      table.effectiveFrom,
    ),
    index('purchase_rules_lookup_idx').on(table.pemdaCode, table.effectiveFrom),
    check(
      'purchase_rules_separation_off_reason',
      sql`${table.separationOfDuties} or ${table.separationOfDutiesOffReason} is not null`,
    ),
  ],
);

/** Days off for working-day counts: national holidays and cuti bersama (SKB 3 Menteri). */
export const publicHolidays = pgTable('public_holidays', {
  day: date('day', { mode: 'string' }).primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['libur_nasional', 'cuti_bersama'] }).notNull(),
});
