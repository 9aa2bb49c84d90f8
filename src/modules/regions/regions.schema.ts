import { sql } from 'drizzle-orm';
import { date, index, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every Kemendagri region code (from the npm package idn-area-data): level 1 province,
 * 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan. `kabkotaCode` resolves a kecamatan or desa
 * to its kabupaten/kota, which is what "local" means for sellers and buyers.
 */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: smallint('level').notNull(),
    parentCode: text('parent_code'),
    kabkotaCode: text('kabkota_code'),
  },
  (table) => [index('regions_parent_code_idx').on(table.parentCode, table.code)],
);

/** A regional government using the platform: the province or one of its kabupaten/kota. */
export const pemdas = pgTable('pemdas', {
  code: text('code')
    .primaryKey()
    .references(() => regions.code),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['province', 'kabupaten', 'kota'] }).notNull(),
  joinedAt: date('joined_at', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** Small key/value facts about the database itself (e.g. which reference data is loaded). */
export const systemFacts = pgTable('system_facts', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});
