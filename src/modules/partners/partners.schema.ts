import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A partner marketplace (mitra PPMSE) that talks to the platform through the Partner API. */
export const partners = pgTable('partners', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  baseUrl: text('base_url').notNull(),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  joinedAt: date('joined_at', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * A partner's HMAC secrets, encrypted (AES-256-GCM) because the platform needs the secret
 * itself to verify and to sign. After a rotation the old secret verifies until `expiresAt`.
 */
export const partnerSecrets = pgTable(
  'partner_secrets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    ciphertext: text('ciphertext').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (table) => [index('partner_secrets_partner_idx').on(table.partnerId, table.createdAt)],
);

/** Stored answers to partner writes, so a retry with the same Idempotency-Key gets the same answer. */
export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of method, path and raw body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: jsonb('response_body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    primaryKey({ columns: [table.partnerId, table.key] }),
    index('idempotency_created_idx').on(table.createdAt),
  ],
);

/** Rows a partner sent that were rejected, kept for the operator's sync page. */
export const syncRejections = pgTable(
  'sync_rejections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    resource: text('resource', { enum: ['sellers', 'products', 'transactions'] }).notNull(),
    externalId: text('external_id'),
    errors: jsonb('errors').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index('sync_rejections_partner_idx').on(table.partnerId, table.receivedAt)],
);
