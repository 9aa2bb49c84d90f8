import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The reports projection: a read model over the order rows (platform orders and partner-reported
 * transactions), kept in step in the same transaction as the order change that moves it
 * (`report-projection.ts`) and rebuildable from the order rows (`reports:rebuild`).
 *
 * Every measure is whole rupiah. "Counted" follows PUBLIC-API.md: from the seller's acceptance,
 * on the WIB day of `orderedAt`, until cancelled or rejected.
 */
const measures = {
  transactionCount: integer('transaction_count').notNull(),
  valueIdr: bigint('value_idr', { mode: 'number' }).notNull(),
  umkValueIdr: bigint('umk_value_idr', { mode: 'number' }).notNull(),
  pdnValueIdr: bigint('pdn_value_idr', { mode: 'number' }).notNull(),
  tkdnValueIdr: bigint('tkdn_value_idr', { mode: 'number' }).notNull(),
  localValueIdr: bigint('local_value_idr', { mode: 'number' }).notNull(),
};

/**
 * What each counted transaction adds to the aggregates, as last applied. The incremental update
 * subtracts this row and adds the freshly computed one, so it is idempotent and needs no
 * "before" image from the caller. A transaction that does not count has no row.
 */
export const reportContributions = pgTable(
  'report_contributions',
  {
    /** `order` (orders) or `partner` (partner_transactions). */
    source: text('source', { enum: ['order', 'partner'] }).notNull(),
    sourceId: uuid('source_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    pemdaCode: text('pemda_code').notNull(),
    satkerCode: text('satker_code').notNull(),
    partnerId: uuid('partner_id').notNull(),
    sellerId: uuid('seller_id').notNull(),
    ...measures,
    /** Value per category code of the lines: `{ "KRT-HVS": 550000 }`. */
    categoryValues: jsonb('category_values').notNull(),
    /** WIB days of the BAST and of the payment, and the days between (platform orders). */
    receivedDay: date('received_day', { mode: 'string' }),
    paidDay: date('paid_day', { mode: 'string' }),
    paymentDays: integer('payment_days'),
  },
  (table) => [
    primaryKey({ columns: [table.source, table.sourceId] }),
    index('report_contributions_paid_idx').on(table.pemdaCode, table.paidDay),
    index('report_contributions_satker_idx').on(table.pemdaCode, table.satkerCode, table.day),
  ],
);

/** Per kabupaten/kota and WIB day: the ranking sums these over a date range. */
export const reportRegionDays = pgTable(
  'report_region_days',
  {
    pemdaCode: text('pemda_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...measures,
  },
  (table) => [primaryKey({ columns: [table.day, table.pemdaCode] })],
);

/** Per kabupaten/kota and month (first day): whole months of a range read these instead. */
export const reportRegionMonths = pgTable(
  'report_region_months',
  {
    pemdaCode: text('pemda_code').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    ...measures,
  },
  (table) => [primaryKey({ columns: [table.month, table.pemdaCode] })],
);

/** Per kabupaten/kota, partner and day (time series and partner breakdown). */
export const reportPartnerDays = pgTable(
  'report_partner_days',
  {
    pemdaCode: text('pemda_code').notNull(),
    partnerId: uuid('partner_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...measures,
  },
  (table) => [
    primaryKey({ columns: [table.pemdaCode, table.partnerId, table.day] }),
    index('report_partner_days_day_idx').on(table.day),
  ],
);

/**
 * Per kabupaten/kota, partner, category and day. `transactionCount` counts transactions with at
 * least one line in the category (so it does not add up across categories); value does.
 */
export const reportCategoryDays = pgTable(
  'report_category_days',
  {
    pemdaCode: text('pemda_code').notNull(),
    partnerId: uuid('partner_id').notNull(),
    categoryCode: text('category_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    transactionCount: integer('transaction_count').notNull(),
    valueIdr: bigint('value_idr', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.pemdaCode, table.categoryCode, table.partnerId, table.day] }),
    index('report_category_days_day_idx').on(table.categoryCode, table.day),
  ],
);

/** Per satker and day (officials' drill-down). */
export const reportSatkerDays = pgTable(
  'report_satker_days',
  {
    pemdaCode: text('pemda_code').notNull(),
    satkerCode: text('satker_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...measures,
  },
  (table) => [primaryKey({ columns: [table.pemdaCode, table.satkerCode, table.day] })],
);

/** Per buyer kabupaten/kota, seller and day: seller drill-down and distinct seller counts. */
export const reportSellerDays = pgTable(
  'report_seller_days',
  {
    pemdaCode: text('pemda_code').notNull(),
    sellerId: uuid('seller_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...measures,
  },
  (table) => [
    primaryKey({ columns: [table.pemdaCode, table.sellerId, table.day] }),
    index('report_seller_days_day_idx').on(table.day, table.pemdaCode, table.sellerId),
  ],
);

/** Sellers per bitmap row: bit i of chunk c is the seller with ordinal c × 4096 + i. */
export const SELLER_BITMAP_BITS = 4096;

const sellerBits = customType<{ data: string }>({ dataType: () => `bit(${SELLER_BITMAP_BITS})` });

/**
 * Per level (`y` year, `m` month, `d` day), period (its first day), buyer kabupaten/kota and
 * chunk of seller ordinals: which sellers had a counted transaction from a buyer of that region
 * in that period. Distinct sellers cannot be summed, but bitmaps can be OR-ed: a range reads its
 * whole years, whole months and edge days, ORs them per region and chunk and counts the bits,
 * so the cost follows the number of periods, not of orders. A row with no bit set is deleted.
 */
export const reportSellerBitmaps = pgTable(
  'report_seller_bitmaps',
  {
    level: char('level', { length: 1, enum: ['y', 'm', 'd'] }).notNull(),
    period: date('period', { mode: 'string' }).notNull(),
    pemdaCode: text('pemda_code').notNull(),
    chunk: integer('chunk').notNull(),
    bits: sellerBits('bits').notNull(),
  },
  (table) => [primaryKey({ columns: [table.level, table.period, table.pemdaCode, table.chunk] })],
);

/** Population per kabupaten/kota (optional reference data, `reference:population <csv>`). */
export const regionPopulations = pgTable('region_populations', {
  regionCode: text('region_code').primaryKey(),
  population: bigint('population', { mode: 'number' }).notNull(),
  source: text('source').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().default(sql`now()`),
});
