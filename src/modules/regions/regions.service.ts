import { asc, eq, isNull, sql } from 'drizzle-orm';
import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { pemdas, regions, systemFacts } from './regions.schema';

/** Kemendagri code of Provinsi Jawa Tengah; its kabupaten/kota are the platform's pemda. */
export const PROVINCE_CODE = '33';
const REFERENCE_VERSION = 'idn-area-data@4.0.1';
const INSERT_CHUNK = 25_000;

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  kabkotaCode: string | null;
}

/**
 * Loads every Indonesian region code from idn-area-data and creates the pemda records
 * (the province and its kabupaten/kota) once per database. Safe to call on every start.
 */
export async function ensureReferenceRegions(db: DbOrTx): Promise<{ loaded: boolean; regionCount: number }> {
  const [fact] = await db.select().from(systemFacts).where(eq(systemFacts.key, 'regions.version'));
  if (fact?.value === REFERENCE_VERSION) {
    return { loaded: false, regionCount: await countRegions(db) };
  }
  const rows = await readReferenceRegions();
  await db.transaction(async (tx) => {
    // A first start waits for these 91,000 rows: a few statements with one text parameter per
    // column (split by unnest on the server) instead of thousands of bound parameters each.
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const column = (pick: (row: RegionRow) => string | number | null) =>
        chunk
          .map((row) => {
            const value = String(pick(row) ?? '');
            if (value.includes('\n'))
              throw new Error(`region ${row.code}: a line break in the reference data`);
            return value;
          })
          .join('\n');
      await tx.execute(sql`
        INSERT INTO regions (code, name, level, parent_code, kabkota_code)
        SELECT code, name, level::int, nullif(parent_code, ''), nullif(kabkota_code, '')
        FROM unnest(
          string_to_array(${column((row) => row.code)}, E'\n'),
          string_to_array(${column((row) => row.name)}, E'\n'),
          string_to_array(${column((row) => row.level)}, E'\n'),
          string_to_array(${column((row) => row.parentCode)}, E'\n'),
          string_to_array(${column((row) => row.kabkotaCode)}, E'\n')
        ) AS r(code, name, level, parent_code, kabkota_code)
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
          parent_code = excluded.parent_code, kabkota_code = excluded.kabkota_code`);
    }
    const pemdaRows = rows
      .filter((row) => row.code === PROVINCE_CODE || row.parentCode === PROVINCE_CODE)
      .map((row) => ({
        code: row.code,
        name: row.level === 1 ? `Provinsi ${row.name}` : row.name,
        kind: pemdaKind(row),
      }));
    await tx.insert(pemdas).values(pemdaRows).onConflictDoNothing();
    await tx
      .insert(systemFacts)
      .values({ key: 'regions.version', value: REFERENCE_VERSION })
      .onConflictDoUpdate({
        target: systemFacts.key,
        set: { value: REFERENCE_VERSION, updatedAt: sql`now()` },
      });
  });
  return { loaded: true, regionCount: rows.length };
}

function pemdaKind(row: RegionRow): 'province' | 'kabupaten' | 'kota' {
  if (row.level === 1) return 'province';
  return row.name.startsWith('Kota ') ? 'kota' : 'kabupaten';
}

async function countRegions(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(regions);
  return row?.count ?? 0;
}

async function readReferenceRegions(): Promise<RegionRow[]> {
  const [provinces, regencies, districts, villages] = await Promise.all([
    getProvinces(),
    getRegencies(),
    getDistricts(),
    getVillages(),
  ]);
  const rows: RegionRow[] = [];
  for (const p of provinces)
    rows.push({ code: p.code, name: p.name, level: 1, parentCode: null, kabkotaCode: null });
  for (const r of regencies) {
    rows.push({ code: r.code, name: r.name, level: 2, parentCode: r.province_code, kabkotaCode: r.code });
  }
  for (const d of districts) {
    rows.push({
      code: d.code,
      name: d.name,
      level: 3,
      parentCode: d.regency_code,
      kabkotaCode: d.regency_code,
    });
  }
  for (const v of villages) {
    const kabkota = v.district_code.split('.').slice(0, 2).join('.');
    rows.push({ code: v.code, name: v.name, level: 4, parentCode: v.district_code, kabkotaCode: kabkota });
  }
  return rows;
}

/** The children of a region (`parent` omitted: the provinces), ordered by code. */
export async function listRegions(db: DbOrTx, parentCode: string | undefined): Promise<RegionRow[]> {
  if (parentCode !== undefined) await getRegion(db, parentCode);
  return db
    .select()
    .from(regions)
    .where(parentCode === undefined ? isNull(regions.parentCode) : eq(regions.parentCode, parentCode))
    .orderBy(asc(regions.code));
}

/** A region by code; throws REGION.NOT_FOUND. */
export async function getRegion(db: DbOrTx, code: string): Promise<RegionRow> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  if (!row) throw new AppError('REGION.NOT_FOUND', `Kode wilayah ${code} tidak dikenal.`, { code });
  return row;
}

/** The kabupaten/kota a region code belongs to (a desa or kecamatan counts for its kabupaten/kota). */
export async function findKabkotaOf(db: DbOrTx, code: string): Promise<string | null> {
  const [row] = await db
    .select({ kabkotaCode: regions.kabkotaCode })
    .from(regions)
    .where(eq(regions.code, code));
  return row?.kabkotaCode ?? null;
}

export interface PemdaRow {
  code: string;
  name: string;
  kind: 'province' | 'kabupaten' | 'kota';
  joinedAt: string | null;
}

/** The province and its 35 kabupaten/kota, province first. */
export async function listPemdas(db: DbOrTx): Promise<PemdaRow[]> {
  return db
    .select({ code: pemdas.code, name: pemdas.name, kind: pemdas.kind, joinedAt: pemdas.joinedAt })
    .from(pemdas)
    .orderBy(asc(pemdas.code));
}

/** A pemda by code; throws PEMDA.NOT_FOUND. */
export async function getPemda(db: DbOrTx, code: string): Promise<PemdaRow> {
  const [row] = await db
    .select({ code: pemdas.code, name: pemdas.name, kind: pemdas.kind, joinedAt: pemdas.joinedAt })
    .from(pemdas)
    .where(eq(pemdas.code, code));
  if (!row) throw new AppError('PEMDA.NOT_FOUND', `Pemda ${code} tidak terdaftar di Blangkon.`, { code });
  return row;
}

/** Sets the date a pemda joined the platform (null: not joined), with its audit entry. */
export async function setPemdaJoinedAt(
  db: DbOrTx,
  actor: Actor,
  code: string,
  joinedAt: string | null,
): Promise<PemdaRow> {
  return db.transaction(async (tx) => {
    const before = await getPemda(tx, code);
    await tx.update(pemdas).set({ joinedAt }).where(eq(pemdas.code, code));
    await recordAudit(tx, actor, {
      action: 'pemda.joined_at_set',
      entityType: 'pemda',
      entityId: code,
      details: { from: before.joinedAt, to: joinedAt },
    });
    return getPemda(tx, code);
  });
}
