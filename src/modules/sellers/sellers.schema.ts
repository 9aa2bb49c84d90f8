import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { xid8 } from '../../db/column-types';
import { partners } from '../partners/partners.schema';

export const sellerKinds = ['company', 'individual'] as const;
export const legalForms = ['PT', 'CV', 'FIRMA', 'KOPERASI', 'UD', 'OTHER'] as const;
/** PP 7/2021 business scale. */
export const sellerScales = ['mikro', 'kecil', 'menengah', 'besar'] as const;

/** One legal seller (penyedia) per NIB, whichever partners it sells on. */
export const sellers = pgTable(
  'sellers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * A dense number per seller (1, 2, 3, …): the seller's bit in the reports' seller bitmaps
     * (`report_seller_bitmaps`), so a distinct seller count is a bit count.
     */
    ordinal: integer('ordinal').notNull().unique().generatedAlwaysAsIdentity(),
    nib: text('nib').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: sellerKinds }).notNull(),
    legalForm: text('legal_form', { enum: legalForms }),
    npwp: text('npwp'),
    scale: text('scale', { enum: sellerScales }).notNull(),
    isPkp: boolean('is_pkp').notNull(),
    hasPp55Certificate: boolean('has_pp55_certificate').notNull().default(false),
    /** The code the partner sent (kabupaten/kota, kecamatan or desa). */
    regionCode: text('region_code').notNull(),
    /** The kabupaten/kota that code lies in: what "local" means. */
    kabkotaCode: text('kabkota_code').notNull(),
    address: text('address'),
    /** The partner's updatedAt of the data stored here; older updates are ignored. */
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    /**
     * The transaction that last wrote the row (stamped by the `sellers_change` trigger): the
     * in-memory catalogue index rereads sellers written since its previous read, as it does
     * products (see catalog-index.ts), for the seller shown on result pages.
     */
    changeXid: xid8('change_xid').notNull().default(sql`pg_current_xact_id()`),
  },
  (table) => [
    index('sellers_kabkota_idx').on(table.kabkotaCode),
    index('sellers_change_idx').on(table.changeXid),
  ],
);

/** A seller's account on one partner. */
export const sellerListings = pgTable(
  'seller_listings',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    externalId: text('external_id').notNull(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    primaryKey({ columns: [table.partnerId, table.externalId] }),
    index('seller_listings_seller_idx').on(table.sellerId),
  ],
);
