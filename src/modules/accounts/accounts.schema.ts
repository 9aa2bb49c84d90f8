import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { pemdas } from '../regions/regions.schema';
import { satkers } from '../satkers/satkers.schema';

export const roles = ['operator', 'pp', 'ppk', 'bendahara', 'umkm_officer', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  name: text('name').notNull(),
  /** argon2id PHC string. */
  passwordHash: text('password_hash').notNull(),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * One row per role and scope. `operator`, `umkm_officer` and `auditor` are scoped to a pemda
 * (the province `33` means every region); `pp`, `ppk` and `bendahara` to one satker each.
 */
export const userRoles = pgTable(
  'user_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
    pemdaCode: text('pemda_code').references(() => pemdas.code),
    satkerCode: text('satker_code').references(() => satkers.code),
  },
  (table) => [
    index('user_roles_user_id_idx').on(table.userId),
    uniqueIndex('user_roles_unique_idx').on(
      table.userId,
      table.role,
      sql`coalesce(${table.pemdaCode}, '')`,
      sql`coalesce(${table.satkerCode}, '')`,
    ),
  ],
);

/** Server-side sessions, so any copy of the stateless server can serve any request. */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sessions_user_id_idx').on(table.userId)],
);

/** Login attempts, kept in the database so the slow-down holds across server copies. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    ipAddress: text('ip_address').notNull(),
    succeeded: boolean('succeeded').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    index('login_attempts_username_idx').on(table.username, table.attemptedAt),
    index('login_attempts_ip_idx').on(table.ipAddress, table.attemptedAt),
  ],
);
