import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { xid8 } from '../../db/column-types';
import { partners } from '../partners/partners.schema';
import { sellers } from '../sellers/sellers.schema';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The platform's category tree, kept as data (seeded from categories.data.ts). */
export const categories = pgTable('categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  parentCode: text('parent_code'),
  /** `pbjt` for food and drink (regional tax instead of PPN). */
  taxKind: text('tax_kind', { enum: ['ppn', 'pbjt'] }).notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** A partner's product offer. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    externalId: text('external_id').notNull(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    sellerExternalId: text('seller_external_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    categoryCode: text('category_code')
      .notNull()
      .references(() => categories.code),
    unit: text('unit').notNull(),
    priceIdr: bigint('price_idr', { mode: 'number' }).notNull(),
    /** null: made to order. */
    stock: integer('stock'),
    minOrderQty: integer('min_order_qty').notNull().default(1),
    isDomestic: boolean('is_domestic').notNull(),
    tkdnPercent: numeric('tkdn_percent', { precision: 5, scale: 2, mode: 'number' }),
    bmpPercent: numeric('bmp_percent', { precision: 5, scale: 2, mode: 'number' }),
    tkdnCertificateNo: text('tkdn_certificate_no'),
    tkdnValidUntil: date('tkdn_valid_until', { mode: 'string' }),
    isActive: boolean('is_active').notNull(),
    url: text('url'),
    imageUrl: text('image_url'),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** The seller's kabupaten/kota, copied from the seller so "local" filters without a join. */
    sellerKabkotaCode: text('seller_kabkota_code').notNull().default(''),
    /** Seller is mikro/kecil or a cooperative (UMKK), copied from the seller. */
    sellerIsUmk: boolean('seller_is_umk').notNull().default(false),
    /** The seller's scale (mikro … besar), copied from the seller for the scale facet. */
    sellerScale: text('seller_scale').notNull().default(''),
    /**
     * The transaction that last wrote the row (set by the `products_change` trigger): the
     * in-memory catalogue index reads the rows of transactions its previous read could not see
     * (running then, or started since), so no commit is missed whatever order they land in.
     */
    changeXid: xid8('change_xid').notNull().default(sql`pg_current_xact_id()`),
    /** Indonesian full-text document: the name weighs most, then the start of the description. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('indonesian'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('indonesian'::regconfig, left(coalesce(description, ''), 1000)), 'C')`,
    ),
    /**
     * The name's lexemes alone: searches look in names first (far smaller posting lists than
     * names and descriptions), and a stored column keeps the match cheap when PostgreSQL scans.
     */
    nameVector: tsvector('name_vector').generatedAlwaysAs(
      sql`to_tsvector('indonesian'::regconfig, coalesce(name, ''))`,
    ),
  },
  (table) => [
    uniqueIndex('products_partner_external_idx').on(table.partnerId, table.externalId),
    index('products_seller_idx').on(table.sellerId),
    index('products_category_idx').on(table.categoryCode, table.priceIdr),
    index('products_search_idx').using('gin', table.searchVector),
    index('products_name_search_idx').using('gin', table.nameVector),
    index('products_local_idx').on(table.sellerKabkotaCode),
    index('products_change_idx').on(table.changeXid),
  ],
);

/**
 * Every word of the active catalogue's product names (lowercase ASCII, as `normalizeQuery`
 * splits them): the vocabulary a misspelt query word is corrected against by trigram similarity,
 * so typo tolerance looks up a few thousand words instead of a million names. Only grows; a
 * stale word merely adds an alternative that matches nothing.
 */
export const catalogWords = pgTable(
  'catalog_words',
  {
    word: text('word').primaryKey(),
  },
  (table) => [index('catalog_words_trgm_idx').using('gin', table.word.op('gin_trgm_ops'))],
);
