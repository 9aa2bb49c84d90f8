import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { partners } from '../partners/partners.schema';
import { sellers } from '../sellers/sellers.schema';
import { orderStatuses } from './order-lifecycle';

/** An order placed on the platform for a satker, routed to one partner for one seller. */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    status: text('status', { enum: orderStatuses }).notNull(),
    satkerCode: text('satker_code').notNull(),
    pemdaCode: text('pemda_code').notNull(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    sellerExternalId: text('seller_external_id').notNull(),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull().default(sql`now()`),
    deliveryAddress: text('delivery_address').notNull(),
    notes: text('notes'),
    grossIdr: bigint('gross_idr', { mode: 'number' }).notNull(),
    dppIdr: bigint('dpp_idr', { mode: 'number' }).notNull(),
    ppnIdr: bigint('ppn_idr', { mode: 'number' }).notNull(),
    pbjtIdr: bigint('pbjt_idr', { mode: 'number' }).notNull(),
    pph22Idr: bigint('pph22_idr', { mode: 'number' }).notNull(),
    totalIdr: bigint('total_idr', { mode: 'number' }).notNull(),
    /** Partner-reported details of the fulfilment (courier, tracking, invoice, payment reference). */
    fulfilment: jsonb('fulfilment').notNull().default(sql`'{}'::jsonb`),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().default(sql`now()`),
    createdByUserId: uuid('created_by_user_id'),
    /** Checkout warnings kept on the order for auditors (`[{ code, message, … }]`). */
    flags: jsonb('flags').notNull().default(sql`'[]'::jsonb`),
    /** The PP's written reason when checkout warned of splitting. */
    splitReason: text('split_reason'),
    /** The purchase rule checkout applied. */
    ruleId: uuid('rule_id'),
  },
  (table) => [
    index('orders_satker_idx').on(table.satkerCode, table.orderedAt),
    index('orders_pemda_idx').on(table.pemdaCode, table.orderedAt),
    index('orders_partner_status_idx').on(table.partnerId, table.status),
    index('orders_satker_seller_idx').on(table.satkerCode, table.sellerId, table.orderedAt),
    index('orders_status_changed_idx').on(table.status, table.statusChangedAt),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id').notNull(),
    productExternalId: text('product_external_id').notNull(),
    name: text('name').notNull(),
    categoryCode: text('category_code').notNull(),
    taxKind: text('tax_kind', { enum: ['ppn', 'pbjt'] }).notNull(),
    qty: integer('qty').notNull(),
    qtyAccepted: integer('qty_accepted'),
    unit: text('unit').notNull(),
    unitPriceIdr: bigint('unit_price_idr', { mode: 'number' }).notNull(),
    lineTotalIdr: bigint('line_total_idr', { mode: 'number' }).notNull(),
    tkdnPercent: numeric('tkdn_percent', { precision: 5, scale: 2, mode: 'number' }),
    /** The product's Perpres 16/2018 art. 66 class when ordered (PDN realisation in reports). */
    domesticClass: text('domestic_class', { enum: ['tkdn_bmp_40', 'tkdn_25', 'pdn', 'import'] }),
  },
  (table) => [primaryKey({ columns: [table.orderId, table.lineNo] })],
);

/** Per pemda and year, the last order number handed out (`BLK-3325-2023-000123`). */
export const orderNumberCounters = pgTable(
  'order_number_counters',
  {
    pemdaCode: text('pemda_code').notNull(),
    year: integer('year').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (table) => [primaryKey({ columns: [table.pemdaCode, table.year] })],
);

/** Events a partner reported for an order; `eventId` is unique per partner (a repeat has no effect). */
export const partnerOrderEvents = pgTable(
  'partner_order_events',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    eventId: text('event_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    data: jsonb('data').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: jsonb('response_body').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    primaryKey({ columns: [table.partnerId, table.eventId] }),
    index('partner_order_events_order_idx').on(table.orderId),
  ],
);

/** Orders government buyers placed on a partner's own site, reported through the Partner API. */
export const partnerTransactions = pgTable(
  'partner_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    externalOrderId: text('external_order_id').notNull(),
    satkerCode: text('satker_code').notNull(),
    pemdaCode: text('pemda_code').notNull(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    sellerExternalId: text('seller_external_id').notNull(),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['accepted', 'delivered', 'paid', 'cancelled'] }).notNull(),
    lines: jsonb('lines').notNull(),
    totalIdr: bigint('total_idr', { mode: 'number' }).notNull(),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    uniqueIndex('partner_transactions_external_idx').on(table.partnerId, table.externalOrderId),
    index('partner_transactions_pemda_idx').on(table.pemdaCode, table.orderedAt),
  ],
);
