import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, withRetriedTransaction } from '../../db/client';
import { noteCatalogWrite } from '../catalog/catalog-writes';
import { type RejectedRow, recordSyncRejections } from '../partners/partners.service';
import { externalIdField, latestPerKey, validateRows } from '../partners/row-validation';
import { regions } from '../regions/regions.schema';
import { legalForms, sellerKinds, sellerListings, sellerScales, sellers } from './sellers.schema';

/** One row of `PUT /api/partner/v1/sellers` (PARTNER-API.md). Unknown fields are ignored. */
export const sellerRowSchema = z
  .object({
    externalId: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(sellerKinds),
    legalForm: z.enum(legalForms).nullish(),
    nib: z.string().regex(/^\d{13}$/, 'NIB harus 13 digit'),
    npwp: z
      .string()
      .regex(/^(\d{15}|\d{16})$/, 'NPWP harus 15 atau 16 digit')
      .nullish(),
    scale: z.enum(sellerScales),
    isPkp: z.boolean(),
    hasPp55Certificate: z.boolean().nullish(),
    regionCode: z
      .string()
      .regex(
        /^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/,
        'kode wilayah Kemendagri kabupaten/kota, kecamatan atau desa',
      ),
    address: z.string().max(500).nullish(),
    registeredAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
    updatedAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
  })
  .superRefine((row, context) => {
    if (row.kind === 'company' && !row.legalForm) {
      context.addIssue({
        code: 'custom',
        path: ['legalForm'],
        message: 'wajib untuk penyedia berbentuk badan usaha',
      });
    }
  });
export type SellerRow = z.output<typeof sellerRowSchema>;

export interface SyncResult {
  accepted: number;
  rejected: RejectedRow[];
}

/**
 * Upserts a partner's sellers: one seller per NIB across partners, one listing per
 * (partner, externalId). A row older than what is stored (by the partner's updatedAt) is
 * accepted and ignored.
 */
export async function syncSellers(db: DbOrTx, partnerId: string, rows: unknown[]): Promise<SyncResult> {
  const { valid, rejected } = validateRows(rows, sellerRowSchema, externalIdField('externalId'));
  const regionCodes = [...new Set(valid.map((row) => row.value.regionCode))];
  const knownRegions = new Map(
    regionCodes.length === 0
      ? []
      : (
          await db
            .select({ code: regions.code, kabkotaCode: regions.kabkotaCode })
            .from(regions)
            .where(inArray(regions.code, regionCodes))
        ).map((r) => [r.code, r.kabkotaCode]),
  );
  const accepted = valid.filter((row) => {
    if (knownRegions.get(row.value.regionCode)) return true;
    rejected.push({
      index: row.index,
      externalId: row.value.externalId,
      errors: [
        {
          field: 'regionCode',
          code: 'REGION.UNKNOWN',
          message: `Kode wilayah ${row.value.regionCode} tidak dikenal.`,
        },
      ],
    });
    return false;
  });

  // Rows are written in key order (NIB, external id, product id) whatever order the partner
  // sent, so concurrent syncs and checkouts lock shared rows in one order and cannot deadlock.
  await withRetriedTransaction(db, async (tx) => {
    const perNib = byKey(
      latestPerKey(accepted, (row) => row.nib),
      (row) => row.value.nib,
    );
    if (perNib.length > 0) {
      await tx
        .insert(sellers)
        .values(
          perNib.map(({ value }) => ({
            nib: value.nib,
            name: value.name,
            kind: value.kind,
            legalForm: value.legalForm ?? null,
            npwp: value.npwp ?? null,
            scale: value.scale,
            isPkp: value.isPkp,
            hasPp55Certificate: value.hasPp55Certificate ?? false,
            regionCode: value.regionCode,
            kabkotaCode: knownRegions.get(value.regionCode)!,
            address: value.address ?? null,
            sourceUpdatedAt: value.updatedAt,
          })),
        )
        .onConflictDoUpdate({
          target: sellers.nib,
          set: {
            name: sql`excluded.name`,
            kind: sql`excluded.kind`,
            legalForm: sql`excluded.legal_form`,
            npwp: sql`excluded.npwp`,
            scale: sql`excluded.scale`,
            isPkp: sql`excluded.is_pkp`,
            hasPp55Certificate: sql`excluded.has_pp55_certificate`,
            regionCode: sql`excluded.region_code`,
            kabkotaCode: sql`excluded.kabkota_code`,
            address: sql`excluded.address`,
            sourceUpdatedAt: sql`excluded.source_updated_at`,
          },
          setWhere: sql`${sellers.sourceUpdatedAt} < excluded.source_updated_at`,
        });
    }
    const perListing = byKey(
      latestPerKey(accepted, (row) => row.externalId),
      (row) => row.value.externalId,
    );
    if (perListing.length > 0) {
      const ids = new Map(
        (
          await tx
            .select({ id: sellers.id, nib: sellers.nib })
            .from(sellers)
            .where(inArray(sellers.nib, [...new Set(perListing.map((row) => row.value.nib))]))
        ).map((s) => [s.nib, s.id]),
      );
      await tx
        .insert(sellerListings)
        .values(
          perListing.map(({ value }) => ({
            partnerId,
            externalId: value.externalId,
            sellerId: ids.get(value.nib)!,
            registeredAt: value.registeredAt,
            sourceUpdatedAt: value.updatedAt,
          })),
        )
        .onConflictDoUpdate({
          target: [sellerListings.partnerId, sellerListings.externalId],
          set: {
            sellerId: sql`excluded.seller_id`,
            registeredAt: sql`excluded.registered_at`,
            sourceUpdatedAt: sql`excluded.source_updated_at`,
          },
          setWhere: sql`${sellerListings.sourceUpdatedAt} < excluded.source_updated_at`,
        });
    }
    if (perNib.length > 0) {
      // Offers carry their seller's region and class for the catalogue filters: keep them in step.
      // The offers to change are locked first in product id order, the order checkout takes stock in.
      await tx.execute(sql`
        WITH stale AS MATERIALIZED (
          SELECT p.id FROM products p JOIN sellers s ON s.id = p.seller_id
          WHERE s.nib IN (${sql.join(
            perNib.map((row) => sql`${row.value.nib}`),
            sql`, `,
          )})
            AND (p.seller_kabkota_code IS DISTINCT FROM s.kabkota_code OR p.seller_scale IS DISTINCT FROM s.scale
              OR p.seller_is_umk IS DISTINCT FROM (s.scale IN ('mikro', 'kecil') OR coalesce(s.legal_form = 'KOPERASI', false)))
          ORDER BY p.id
          FOR UPDATE OF p
        )
        UPDATE products p SET seller_kabkota_code = s.kabkota_code,
          seller_is_umk = (s.scale IN ('mikro', 'kecil') OR coalesce(s.legal_form = 'KOPERASI', false)),
          seller_scale = s.scale
        FROM stale, sellers s
        WHERE p.id = stale.id AND s.id = p.seller_id`);
    }
    await recordSyncRejections(tx, partnerId, 'sellers', rejected);
  });
  noteCatalogWrite();
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: accepted.length, rejected };
}

/** The rows sorted by a text key in code-unit order (the same order as PostgreSQL's "C" collation). */
function byKey<T>(rows: T[], keyOf: (row: T) => string): T[] {
  return rows.sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The seller ids behind a partner's external seller ids (only those it sent). */
export async function findListings(
  db: DbOrTx,
  partnerId: string,
  externalIds: string[],
): Promise<Map<string, { sellerId: string }>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .select({ externalId: sellerListings.externalId, sellerId: sellerListings.sellerId })
    .from(sellerListings)
    .where(
      sql`${sellerListings.partnerId} = ${partnerId} AND ${inArray(sellerListings.externalId, externalIds)}`,
    );
  return new Map(rows.map((row) => [row.externalId, { sellerId: row.sellerId }]));
}
