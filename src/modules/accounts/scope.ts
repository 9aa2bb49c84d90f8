import { inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Role } from './accounts.schema';

/** Kemendagri code of the province: a pemda-scoped grant on it covers every region. */
const PROVINCE_CODE = '33';

export interface RoleGrant {
  role: Role;
  pemdaCode: string | null;
  satkerCode: string | null;
}

/**
 * What a caller may see, derived once from their role grants when the session is read.
 * Every query that returns region- or satker-owned data filters through `scopeCondition`,
 * so the rule is written here and nowhere else.
 */
export interface Scope {
  /** Province-level operator, auditor or UMKM officer: no region filter. */
  allRegions: boolean;
  /** Pemda whose data is visible in full (operator, auditor, umkm_officer of a kabupaten/kota). */
  pemdaCodes: string[];
  /** Satkers visible one by one (pp, ppk, bendahara). */
  satkerCodes: string[];
}

export function scopeFromGrants(grants: RoleGrant[]): Scope {
  const pemdaCodes = new Set<string>();
  const satkerCodes = new Set<string>();
  let allRegions = false;
  for (const grant of grants) {
    if (grant.pemdaCode === PROVINCE_CODE) allRegions = true;
    else if (grant.pemdaCode) pemdaCodes.add(grant.pemdaCode);
    if (grant.satkerCode) satkerCodes.add(grant.satkerCode);
  }
  return { allRegions, pemdaCodes: [...pemdaCodes].sort(), satkerCodes: [...satkerCodes].sort() };
}

export interface ScopedColumns {
  /** The column holding the pemda (kabupaten/kota or province) code that owns the row. */
  pemda: PgColumn;
  /** The column holding the satker code that owns the row, when rows belong to a satker. */
  satker?: PgColumn;
}

/**
 * The WHERE condition limiting rows to the caller's scope. It fails closed: the answer is always
 * a condition (`true` only for a province-wide scope), never "no filter", so a caller with no
 * grants (a seller account, say) matches no row, and so does a caller with satker grants only
 * on a table without a satker column. Pemda and satker grants together match the union.
 */
export function scopeCondition(scope: Scope, columns: ScopedColumns): SQL {
  if (scope.allRegions) return sql`true`;
  const ofPemda = scope.pemdaCodes.length > 0 ? inArray(columns.pemda, scope.pemdaCodes) : null;
  const ofSatker =
    columns.satker && scope.satkerCodes.length > 0 ? inArray(columns.satker, scope.satkerCodes) : null;
  if (ofPemda && ofSatker) return sql`(${ofPemda} or ${ofSatker})`;
  return ofPemda ?? ofSatker ?? sql`false`;
}

/** Whether a pemda's data as a whole is in scope (operator/auditor/officer of it, or province). */
export function coversPemda(scope: Scope, pemdaCode: string): boolean {
  return scope.allRegions || scope.pemdaCodes.includes(pemdaCode);
}

/** Whether a satker of the given pemda is in scope. */
export function coversSatker(scope: Scope, satker: { code: string; pemdaCode: string }): boolean {
  return coversPemda(scope, satker.pemdaCode) || scope.satkerCodes.includes(satker.code);
}
