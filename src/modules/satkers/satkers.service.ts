import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { coversPemda, type Scope, scopeCondition } from '../accounts/scope';
import { type Actor, recordAudit } from '../audit/audit.service';
import { getPemda } from '../regions/regions.service';
import { satkers } from './satkers.schema';

export interface SatkerView {
  code: string;
  name: string;
  pemdaCode: string;
  address: string | null;
}

const satkerColumns = {
  code: satkers.code,
  name: satkers.name,
  pemdaCode: satkers.pemdaCode,
  address: satkers.address,
};

/** The satkers the caller may see, optionally of one pemda, ordered by code. */
export async function listSatkers(
  db: DbOrTx,
  scope: Scope,
  filter: { pemdaCode?: string },
): Promise<SatkerView[]> {
  return db
    .select(satkerColumns)
    .from(satkers)
    .where(
      and(
        scopeCondition(scope, { pemda: satkers.pemdaCode, satker: satkers.code }),
        filter.pemdaCode ? eq(satkers.pemdaCode, filter.pemdaCode) : undefined,
      ),
    )
    .orderBy(asc(satkers.pemdaCode), asc(satkers.code));
}

/** A satker in the caller's scope; throws SATKER.NOT_FOUND otherwise (no hint it exists). */
export async function getSatker(db: DbOrTx, scope: Scope, code: string): Promise<SatkerView> {
  const [row] = await db
    .select(satkerColumns)
    .from(satkers)
    .where(
      and(eq(satkers.code, code), scopeCondition(scope, { pemda: satkers.pemdaCode, satker: satkers.code })),
    );
  if (!row) throw new AppError('SATKER.NOT_FOUND', `Satker ${code} tidak ditemukan.`, { code });
  return row;
}

/** Satkers by code, unscoped: for resolving grants. */
export async function findSatkersByCodes(db: DbOrTx, codes: string[]): Promise<SatkerView[]> {
  if (codes.length === 0) return [];
  return db
    .select(satkerColumns)
    .from(satkers)
    .where(inArray(satkers.code, codes))
    .orderBy(asc(satkers.code));
}

export interface CreateSatkerInput {
  code: string;
  name: string;
  pemdaCode: string;
  address?: string | null | undefined;
}

/** Creates a satker of a pemda the caller operates (province operators: any pemda). */
export async function createSatker(
  db: DbOrTx,
  actor: Actor,
  scope: Scope,
  input: CreateSatkerInput,
): Promise<SatkerView> {
  const pemda = await getPemda(db, input.pemdaCode);
  if (!coversPemda(scope, pemda.code)) {
    throw new AppError('AUTH.FORBIDDEN', `Anda tidak berwenang menambah satker untuk ${pemda.name}.`);
  }
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(satkers)
      .values({ code: input.code, name: input.name, pemdaCode: pemda.code, address: input.address ?? null })
      .onConflictDoNothing({ target: satkers.code })
      .returning(satkerColumns);
    const satker = inserted[0];
    if (!satker) throw new AppError('SATKER.CODE_TAKEN', `Kode satker ${input.code} sudah dipakai.`);
    await recordAudit(tx, actor, {
      action: 'satker.created',
      entityType: 'satker',
      entityId: satker.code,
      details: { name: satker.name, pemdaCode: satker.pemdaCode },
    });
    return satker;
  });
}
