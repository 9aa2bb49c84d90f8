import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { type DbOrTx, isoTimestamp, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import { loginAttempts, sessions, userRoles, users } from './accounts.schema';
import { verifyPassword } from './passwords';
import { type RoleGrant, type Scope, scopeFromGrants } from './scope';

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  roles: string[];
}

/** The signed-in caller as every route sees it. */
export interface AuthContext {
  user: SessionUser;
  grants: RoleGrant[];
  scope: Scope;
}

export interface LoginPolicy {
  maxFailures: number;
  windowMinutes: number;
  sessionTtlHours: number;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  auth: AuthContext;
}

// Many users can share one address (an office behind NAT), so the per-address limit is looser.
const ADDRESS_FAILURE_FACTOR = 10;

/**
 * Checks a username and password and opens a session. Unknown user and wrong password fail
 * alike (AUTH.INVALID_CREDENTIALS); after `maxFailures` failures for a username within the
 * window, or ten times as many from one address, attempts are refused (AUTH.TOO_MANY_ATTEMPTS)
 * until the window has passed, whatever the password.
 */
export async function logIn(
  db: DbOrTx,
  input: { username: string; password: string; ipAddress: string },
  policy: LoginPolicy,
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const retryAfterSeconds = await findLockout(db, username, input.ipAddress, policy);
  if (retryAfterSeconds !== null) {
    throw new AppError('AUTH.TOO_MANY_ATTEMPTS', 'Terlalu banyak percobaan masuk. Coba lagi nanti.', {
      retryAfterSeconds,
    });
  }
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const valid = await verifyPassword(user?.isActive ? user.passwordHash : null, input.password);
  await db.insert(loginAttempts).values({ username, ipAddress: input.ipAddress, succeeded: valid });
  if (!user || !valid) {
    throw new AppError('AUTH.INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah.');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + policy.sessionTtlHours * 3_600_000);
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, expiresAt });
  const auth = await readAuthContext(db, { userId: user.id });
  if (!auth) throw new AppError('AUTH.INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah.');
  return { token, expiresAt, auth };
}

/** Seconds until the caller may try again, or null when not locked out. */
async function findLockout(
  db: DbOrTx,
  username: string,
  ipAddress: string,
  policy: LoginPolicy,
): Promise<number | null> {
  const windowStart = sql`now() - make_interval(mins => ${policy.windowMinutes})`;
  // Failures count from the later of the window start and the last successful login.
  const rows = await queryRows<{ user_failures: number; address_failures: number; oldest: string | null }>(
    db,
    sql`
    WITH last_success AS (
      SELECT max(attempted_at) AS at FROM ${loginAttempts}
      WHERE username = ${username} AND succeeded AND attempted_at > ${windowStart}
    ),
    user_failures AS (
      SELECT attempted_at FROM ${loginAttempts}
      WHERE username = ${username} AND NOT succeeded AND attempted_at > ${windowStart}
        AND attempted_at > coalesce((SELECT at FROM last_success), '-infinity')
    )
    SELECT
      (SELECT count(*)::int FROM user_failures) AS user_failures,
      (SELECT count(*)::int FROM ${loginAttempts}
        WHERE ip_address = ${ipAddress} AND NOT succeeded AND attempted_at > ${windowStart}) AS address_failures,
      (SELECT ${isoTimestamp('min(attempted_at)')} FROM user_failures) AS oldest
  `,
  );
  const row = rows[0];
  if (!row) return null;
  const locked =
    row.user_failures >= policy.maxFailures ||
    row.address_failures >= policy.maxFailures * ADDRESS_FAILURE_FACTOR;
  if (!locked) return null;
  const oldest = row.oldest ? new Date(row.oldest).getTime() : Date.now();
  const unlockAt = oldest + policy.windowMinutes * 60_000;
  return Math.max(1, Math.ceil((unlockAt - Date.now()) / 1000));
}

/** Ends the session of this token (no-op when unknown). */
export async function logOut(db: DbOrTx, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** The caller behind a session token, or null when the token is unknown or expired. */
export async function findSession(db: DbOrTx, token: string): Promise<AuthContext | null> {
  return readAuthContext(db, { tokenHash: hashToken(token) });
}

/** Removes expired sessions and login attempts older than a day. */
export async function purgeExpiredSessions(db: DbOrTx): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, sql`now() - interval '1 day'`));
}

/**
 * The active user with their role grants, by user id or by a live session's token hash, in one
 * statement (every authenticated request asks this).
 */
async function readAuthContext(
  db: DbOrTx,
  by: { userId: string } | { tokenHash: string },
): Promise<AuthContext | null> {
  const columns = {
    id: users.id,
    username: users.username,
    name: users.name,
    role: userRoles.role,
    pemdaCode: userRoles.pemdaCode,
    satkerCode: userRoles.satkerCode,
  };
  const activeUser = eq(users.isActive, true);
  const rows =
    'tokenHash' in by
      ? await db
          .select(columns)
          .from(sessions)
          .innerJoin(users, and(eq(users.id, sessions.userId), activeUser))
          .leftJoin(userRoles, eq(userRoles.userId, users.id))
          .where(and(eq(sessions.tokenHash, by.tokenHash), gt(sessions.expiresAt, sql`now()`)))
      : await db
          .select(columns)
          .from(users)
          .leftJoin(userRoles, eq(userRoles.userId, users.id))
          .where(and(eq(users.id, by.userId), activeUser));
  const user = rows[0];
  if (!user) return null;
  const grants = rows.flatMap(({ role, pemdaCode, satkerCode }) =>
    role ? [{ role, pemdaCode, satkerCode }] : [],
  );
  return {
    user: {
      id: user.id,
      username: user.username,
      name: user.name,
      roles: [...new Set(grants.map((g) => g.role))].sort(),
    },
    grants,
    scope: scopeFromGrants(grants),
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
