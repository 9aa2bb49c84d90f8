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

// Many users can share one address (an office behind NAT): past ten times the per-username
// limit, attempts from an address are slowed down, never refused, so one person's typos or an
// attacker's spraying cannot lock the whole office out.
const ADDRESS_FAILURE_FACTOR = 10;
/** Delay per failure past the address threshold, and its cap. */
const ADDRESS_DELAY_STEP_MS = 100;
const ADDRESS_DELAY_CAP_MS = 2_000;

/**
 * Checks a username and password and opens a session. Unknown user and wrong password fail
 * alike (AUTH.INVALID_CREDENTIALS). After `maxFailures` failures for a username within the
 * window, attempts are refused (AUTH.TOO_MANY_ATTEMPTS) until the window has passed, whatever
 * the password: at most `maxFailures` passwords are ever checked per username and window, even
 * with many attempts in flight on several servers, because each attempt is counted (as a
 * failure) before its password is checked and turned into a success after. Past ten times as
 * many failures from one address, every attempt from it waits up to 2 s first.
 */
export async function logIn(
  db: DbOrTx,
  input: { username: string; password: string; ipAddress: string },
  policy: LoginPolicy,
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const attempt = await recordAttempt(db, username, input.ipAddress, policy);
  if ('retryAfterSeconds' in attempt) {
    throw new AppError('AUTH.TOO_MANY_ATTEMPTS', 'Terlalu banyak percobaan masuk. Coba lagi nanti.', {
      retryAfterSeconds: attempt.retryAfterSeconds,
    });
  }
  if (attempt.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, attempt.delayMs));
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const valid = await verifyPassword(user?.isActive ? user.passwordHash : null, input.password);
  if (!user || !valid) {
    throw new AppError('AUTH.INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah.');
  }
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attempt.id));
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + policy.sessionTtlHours * 3_600_000);
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, expiresAt });
  const auth = await readAuthContext(db, { userId: user.id });
  if (!auth) throw new AppError('AUTH.INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah.');
  return { token, expiresAt, auth };
}

/**
 * In one short transaction serialised per username (an advisory lock, so attempts on other
 * servers queue too): counts the username's failures, and either refuses (seconds until the
 * caller may try again) or records this attempt as a failure before its password is checked,
 * with the slow-down its address has earned.
 */
async function recordAttempt(
  db: DbOrTx,
  username: string,
  ipAddress: string,
  policy: LoginPolicy,
): Promise<{ retryAfterSeconds: number } | { id: number; delayMs: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`login:${username}`}))`);
    const windowStart = sql`now() - make_interval(mins => ${policy.windowMinutes})`;
    // Failures count from the later of the window start and the last successful login.
    const [row] = await queryRows<{ user_failures: number; address_failures: number; oldest: string | null }>(
      tx,
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
    if (row && row.user_failures >= policy.maxFailures) {
      const oldest = row.oldest ? new Date(row.oldest).getTime() : Date.now();
      const unlockAt = oldest + policy.windowMinutes * 60_000;
      return { retryAfterSeconds: Math.max(1, Math.ceil((unlockAt - Date.now()) / 1000)) };
    }
    const [attempt] = await tx
      .insert(loginAttempts)
      .values({ username, ipAddress, succeeded: false })
      .returning({ id: loginAttempts.id });
    const excess = (row?.address_failures ?? 0) - policy.maxFailures * ADDRESS_FAILURE_FACTOR;
    const delayMs = excess < 0 ? 0 : Math.min(ADDRESS_DELAY_CAP_MS, ADDRESS_DELAY_STEP_MS * (excess + 1));
    return { id: attempt!.id, delayMs };
  });
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
