import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { pemdas } from '../regions/regions.schema';

/** A work unit (satker / perangkat daerah) of a pemda; orders are made for and paid by it. */
export const satkers = pgTable(
  'satkers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    pemdaCode: text('pemda_code')
      .notNull()
      .references(() => pemdas.code),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index('satkers_pemda_code_idx').on(table.pemdaCode, table.code)],
);
