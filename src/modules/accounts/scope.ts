import { inArray, or, type SQL, sql } from 'drizzle-orm';
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
 * The WHERE condition limiting rows to the caller's scope; `undefined` means no limit.
 * A caller with no grants matches nothing.
 */
export function scopeCondition(scope: Scope, columns: ScopedColumns): SQL | undefined {
  if (scope.allRegions) return undefined;
  const parts: SQL[] = [];
  if (scope.pemdaCodes.length > 0) parts.push(inArray(columns.pemda, scope.pemdaCodes));
  if (columns.satker && scope.satkerCodes.length > 0) parts.push(inArray(columns.satker, scope.satkerCodes));
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0] : or(...parts);
}

/** Whether a pemda's data as a whole is in scope (operator/auditor/officer of it, or province). */
export function coversPemda(scope: Scope, pemdaCode: string): boolean {
  return scope.allRegions || scope.pemdaCodes.includes(pemdaCode);
}

/** Whether a satker of the given pemda is in scope. */
export function coversSatker(scope: Scope, satker: { code: string; pemdaCode: string }): boolean {
  return coversPemda(scope, satker.pemdaCode) || scope.satkerCodes.includes(satker.code);
}
