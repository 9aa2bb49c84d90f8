import { and, asc, eq, exists, gt, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { getPemda } from '../regions/regions.service';
import { satkers } from '../satkers/satkers.schema';
import { findSatkersByCodes, type SatkerView } from '../satkers/satkers.service';
import { type Role, userRoles, users } from './accounts.schema';
import { hashPassword } from './passwords';
import { coversPemda, coversSatker, type RoleGrant, type Scope, scopeCondition } from './scope';

/** Roles held for a pemda as a whole; the others are held for one satker each. */
const pemdaRoles: ReadonlySet<Role> = new Set(['operator', 'umkm_officer', 'auditor']);

export interface UserView {
  id: string;
  username: string;
  name: string;
  isActive: boolean;
  roles: RoleGrant[];
}

export interface CreateUserInput {
  username: string;
  name: string;
  password: string;
  roles: RoleGrant[];
}

/**
 * Creates a user with role grants. Pemda roles need a pemdaCode, satker roles a satkerCode;
 * the caller must cover every pemda and satker granted.
 */
export async function createUser(
  db: DbOrTx,
  actor: Actor,
  scope: Scope,
  input: CreateUserInput,
): Promise<UserView> {
  const username = input.username.trim().toLowerCase();
  const grants = await validateGrants(db, scope, input.roles);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values({ username, name: input.name, passwordHash })
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id });
    const user = inserted[0];
    if (!user) throw new AppError('USER.USERNAME_TAKEN', `Nama pengguna ${username} sudah dipakai.`);
    await tx.insert(userRoles).values(grants.map((grant) => ({ ...grant, userId: user.id })));
    await recordAudit(tx, actor, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      details: { username, roles: grants },
    });
    return { id: user.id, username, name: input.name, isActive: true, roles: grants };
  });
}

async function validateGrants(db: DbOrTx, scope: Scope, grants: RoleGrant[]): Promise<RoleGrant[]> {
  if (grants.length === 0) {
    throw new AppError('USER.INVALID_ROLE_SCOPE', 'Pengguna harus memiliki setidaknya satu peran.');
  }
  const satkerCodes = grants.flatMap((g) => (g.satkerCode ? [g.satkerCode] : []));
  const known = new Map(
    (await findSatkersByCodes(db, satkerCodes)).map((s): [string, SatkerView] => [s.code, s]),
  );
  const result: RoleGrant[] = [];
  for (const grant of grants) {
    if (pemdaRoles.has(grant.role)) {
      if (!grant.pemdaCode || grant.satkerCode) {
        throw new AppError(
          'USER.INVALID_ROLE_SCOPE',
          `Peran ${grant.role} harus dikaitkan dengan satu pemda.`,
          {
            role: grant.role,
          },
        );
      }
      const pemda = await getPemda(db, grant.pemdaCode);
      if (!coversPemda(scope, pemda.code)) {
        throw new AppError('AUTH.FORBIDDEN', `Anda tidak berwenang memberi peran untuk ${pemda.name}.`);
      }
      result.push({ role: grant.role, pemdaCode: pemda.code, satkerCode: null });
    } else {
      const satker = grant.satkerCode ? known.get(grant.satkerCode) : undefined;
      if (!grant.satkerCode || grant.pemdaCode || !satker) {
        throw new AppError(
          'USER.INVALID_ROLE_SCOPE',
          `Peran ${grant.role} harus dikaitkan dengan satker yang ada.`,
          {
            role: grant.role,
            satkerCode: grant.satkerCode,
          },
        );
      }
      if (!coversSatker(scope, satker)) {
        throw new AppError(
          'AUTH.FORBIDDEN',
          `Anda tidak berwenang memberi peran untuk satker ${satker.code}.`,
        );
      }
      result.push({ role: grant.role, pemdaCode: null, satkerCode: satker.code });
    }
  }
  return result;
}

/**
 * Users the caller may see: those holding any grant inside the caller's scope
 * (a grant on a pemda they cover, or on a satker of it).
 */
export async function listUsers(
  db: DbOrTx,
  scope: Scope,
  page: { after?: string | undefined; limit: number } = { limit: 1000 },
): Promise<UserView[]> {
  const grantInScope = exists(
    db
      .select({ one: sql`1` })
      .from(userRoles)
      .leftJoin(satkers, eq(satkers.code, userRoles.satkerCode))
      .where(
        and(
          eq(userRoles.userId, users.id),
          or(
            scopeCondition(scope, { pemda: userRoles.pemdaCode }),
            scopeCondition(scope, { pemda: satkers.pemdaCode, satker: satkers.code }),
          ),
        ),
      ),
  );
  const rows = await db
    .select({ id: users.id, username: users.username, name: users.name, isActive: users.isActive })
    .from(users)
    .where(
      and(
        scope.allRegions ? undefined : grantInScope,
        page.after ? gt(users.username, page.after) : undefined,
      ),
    )
    .orderBy(asc(users.username))
    .limit(page.limit);
  const ids = rows.map((r) => r.id);
  const grants =
    ids.length === 0
      ? []
      : await db
          .select({
            userId: userRoles.userId,
            role: userRoles.role,
            pemdaCode: userRoles.pemdaCode,
            satkerCode: userRoles.satkerCode,
          })
          .from(userRoles)
          .where(inArray(userRoles.userId, ids));
  return rows.map((row) => ({
    ...row,
    roles: grants
      .filter((g) => g.userId === row.id)
      .map(({ role, pemdaCode, satkerCode }) => ({ role, pemdaCode, satkerCode })),
  }));
}
