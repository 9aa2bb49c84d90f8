import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { recordSyncRejections } from '../partners/partners.service';
import { externalIdField, latestPerKey, type RowError, validateRows } from '../partners/row-validation';
import { findListings, type SyncResult } from '../sellers/sellers.sync';
import { products } from './catalog.schema';
import { findCategories } from './categories.service';

const percent = (max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, 'paling banyak dua desimal');

const httpsUrl = z
  .string()
  .max(2000)
  .regex(/^https:\/\/[^\s]+$/, 'harus URL https');

/** One row of `PUT /api/partner/v1/products` (PARTNER-API.md). Unknown fields are ignored. */
export const productRowSchema = z
  .object({
    externalId: z.string().min(1).max(64),
    sellerExternalId: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(300),
    description: z.string().max(10_000).nullish(),
    categoryCode: z.string().min(1).max(64),
    unit: z.string().trim().min(1).max(32),
    priceIdr: z.number().int('harus bilangan bulat rupiah').positive().max(1_000_000_000_000),
    stock: z.number().int().min(0).max(2_000_000_000).nullish(),
    minOrderQty: z.number().int().min(1).max(1_000_000).nullish(),
    isDomestic: z.boolean(),
    tkdnPercent: percent(100).nullish(),
    bmpPercent: percent(15).nullish(),
    tkdnCertificateNo: z.string().trim().min(1).max(100).nullish(),
    tkdnValidUntil: z.iso.date().nullish(),
    isActive: z.boolean(),
    url: httpsUrl.nullish(),
    imageUrl: httpsUrl.nullish(),
    updatedAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
  })
  .superRefine((row, context) => {
    if (row.tkdnPercent != null && !row.tkdnCertificateNo) {
      context.addIssue({
        code: 'custom',
        path: ['tkdnCertificateNo'],
        message: 'wajib bila tkdnPercent diisi',
      });
    }
  });
export type ProductRow = z.output<typeof productRowSchema>;

/**
 * Upserts a partner's product offers by (partner, externalId); newer `updatedAt` wins.
 * Rows naming a seller the partner never sent (`SELLER.UNKNOWN`) or a category outside the
 * tree (`CATEGORY.UNKNOWN`) are rejected; the rest are stored.
 */
export async function syncProducts(db: DbOrTx, partnerId: string, rows: unknown[]): Promise<SyncResult> {
  const { valid, rejected } = validateRows(rows, productRowSchema, externalIdField('externalId'));
  const [listings, knownCategories] = await Promise.all([
    findListings(db, partnerId, [...new Set(valid.map((row) => row.value.sellerExternalId))]),
    findCategories(db, [...new Set(valid.map((row) => row.value.categoryCode))]),
  ]);
  const accepted = valid.filter((row) => {
    const errors: RowError[] = [];
    if (!listings.has(row.value.sellerExternalId)) {
      errors.push({
        field: 'sellerExternalId',
        code: 'SELLER.UNKNOWN',
        message: `Penyedia ${row.value.sellerExternalId} belum dikirim oleh mitra ini.`,
      });
    }
    if (!knownCategories.has(row.value.categoryCode)) {
      errors.push({
        field: 'categoryCode',
        code: 'CATEGORY.UNKNOWN',
        message: `Kategori ${row.value.categoryCode} tidak ada di pohon kategori.`,
      });
    }
    if (errors.length === 0) return true;
    rejected.push({ index: row.index, externalId: row.value.externalId, errors });
    return false;
  });

  const latest = latestPerKey(accepted, (row) => row.externalId);
  await db.transaction(async (tx) => {
    if (latest.length > 0) {
      await tx
        .insert(products)
        .values(
          latest.map(({ value }) => ({
            partnerId,
            externalId: value.externalId,
            sellerId: listings.get(value.sellerExternalId)!.sellerId,
            sellerExternalId: value.sellerExternalId,
            name: value.name,
            description: value.description ?? null,
            categoryCode: value.categoryCode,
            unit: value.unit,
            priceIdr: value.priceIdr,
            stock: value.stock ?? null,
            minOrderQty: value.minOrderQty ?? 1,
            isDomestic: value.isDomestic,
            tkdnPercent: value.tkdnPercent ?? null,
            bmpPercent: value.bmpPercent ?? null,
            tkdnCertificateNo: value.tkdnCertificateNo ?? null,
            tkdnValidUntil: value.tkdnValidUntil ?? null,
            isActive: value.isActive,
            url: value.url ?? null,
            imageUrl: value.imageUrl ?? null,
            sourceUpdatedAt: value.updatedAt,
          })),
        )
        .onConflictDoUpdate({
          target: [products.partnerId, products.externalId],
          set: {
            syncedAt: sql`now()`,
            ...Object.fromEntries(
              [
                'seller_id',
                'seller_external_id',
                'name',
                'description',
                'category_code',
                'unit',
                'price_idr',
                'stock',
                'min_order_qty',
                'is_domestic',
                'tkdn_percent',
                'bmp_percent',
                'tkdn_certificate_no',
                'tkdn_valid_until',
                'is_active',
                'url',
                'image_url',
                'source_updated_at',
              ].map((column) => [camel(column), sql.raw(`excluded.${column}`)]),
            ),
          },
          setWhere: sql`${products.sourceUpdatedAt} < excluded.source_updated_at`,
        });
    }
    await recordSyncRejections(tx, partnerId, 'products', rejected);
  });
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: accepted.length, rejected };
}

function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
