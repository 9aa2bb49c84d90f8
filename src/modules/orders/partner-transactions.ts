import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { findCategories } from '../catalog/categories.service';
import { updateOrderReports } from '../reports/report-projection';
import { findSatkersByCodes } from '../satkers/satkers.service';
import { findListings } from '../sellers/sellers.sync';
import { partnerTransactions } from './orders.schema';

/** `POST /api/partner/v1/transactions` body (PARTNER-API.md). */
export const partnerTransactionSchema = z.object({
  externalOrderId: z.string().min(1).max(64),
  satkerCode: z.string().min(1).max(40),
  sellerExternalId: z.string().min(1).max(64),
  orderedAt: z.iso.datetime({ offset: true }),
  status: z.enum(['accepted', 'delivered', 'paid', 'cancelled']),
  lines: z
    .array(
      z.object({
        productExternalId: z.string().min(1).max(64).nullish(),
        name: z.string().trim().min(1).max(300),
        categoryCode: z.string().min(1).max(64),
        qty: z.number().int().positive().max(1_000_000),
        unitPriceIdr: z.number().int().positive().max(1_000_000_000_000),
        tkdnPercent: z.number().min(0).max(100).nullish(),
      }),
    )
    .min(1)
    .max(500),
  totalIdr: z.number().int().positive(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type PartnerTransactionInput = z.output<typeof partnerTransactionSchema>;

export interface TransactionResult {
  externalOrderId: string;
  status: string;
  totalIdr: number;
  /** false when a newer version was already stored (the report is accepted and ignored). */
  applied: boolean;
}

/**
 * Upserts an order a government buyer placed on the partner's own site, by
 * (partner, externalOrderId); newer `updatedAt` wins. It counts in every report like an
 * order placed on the platform.
 */
export async function reportPartnerTransaction(
  db: DbOrTx,
  partnerId: string,
  input: PartnerTransactionInput,
): Promise<TransactionResult> {
  const sum = input.lines.reduce((total, line) => total + line.qty * line.unitPriceIdr, 0);
  if (sum !== input.totalIdr) {
    throw new AppError(
      'TRANSACTION.TOTAL_MISMATCH',
      `totalIdr ${input.totalIdr} tidak sama dengan jumlah baris ${sum}.`,
      {
        expected: sum,
        received: input.totalIdr,
      },
    );
  }
  const [[satker], listings, categories] = await Promise.all([
    findSatkersByCodes(db, [input.satkerCode]),
    findListings(db, partnerId, [input.sellerExternalId]),
    findCategories(db, [...new Set(input.lines.map((line) => line.categoryCode))]),
  ]);
  const errors = [
    ...(satker
      ? []
      : [
          {
            field: 'satkerCode',
            code: 'SATKER.UNKNOWN',
            message: `Satker ${input.satkerCode} tidak dikenal.`,
          },
        ]),
    ...(listings.has(input.sellerExternalId)
      ? []
      : [
          {
            field: 'sellerExternalId',
            code: 'SELLER.UNKNOWN',
            message: `Penyedia ${input.sellerExternalId} belum dikirim.`,
          },
        ]),
    ...input.lines.flatMap((line, index) =>
      categories.has(line.categoryCode)
        ? []
        : [
            {
              field: `lines.${index}.categoryCode`,
              code: 'CATEGORY.UNKNOWN',
              message: `Kategori ${line.categoryCode} tidak ada.`,
            },
          ],
    ),
  ];
  if (errors.length > 0 || !satker) {
    throw new AppError('TRANSACTION.INVALID', 'Transaksi merujuk data yang tidak dikenal.', errors);
  }
  const values = {
    partnerId,
    externalOrderId: input.externalOrderId,
    satkerCode: satker.code,
    pemdaCode: satker.pemdaCode,
    sellerId: listings.get(input.sellerExternalId)!.sellerId,
    sellerExternalId: input.sellerExternalId,
    orderedAt: new Date(input.orderedAt),
    status: input.status,
    lines: input.lines,
    totalIdr: input.totalIdr,
    sourceUpdatedAt: new Date(input.updatedAt),
  };
  // The row and the reports it moves commit together.
  const written = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(partnerTransactions)
      .values(values)
      .onConflictDoUpdate({
        target: [partnerTransactions.partnerId, partnerTransactions.externalOrderId],
        set: {
          satkerCode: sql`excluded.satker_code`,
          pemdaCode: sql`excluded.pemda_code`,
          sellerId: sql`excluded.seller_id`,
          sellerExternalId: sql`excluded.seller_external_id`,
          orderedAt: sql`excluded.ordered_at`,
          status: sql`excluded.status`,
          lines: sql`excluded.lines`,
          totalIdr: sql`excluded.total_idr`,
          sourceUpdatedAt: sql`excluded.source_updated_at`,
        },
        setWhere: sql`${partnerTransactions.sourceUpdatedAt} < excluded.source_updated_at`,
      })
      .returning({ id: partnerTransactions.id });
    if (rows[0]) await updateOrderReports(tx, 'partner', rows[0].id);
    return rows;
  });
  const [stored] = await db
    .select({ status: partnerTransactions.status, totalIdr: partnerTransactions.totalIdr })
    .from(partnerTransactions)
    .where(
      and(
        eq(partnerTransactions.partnerId, partnerId),
        eq(partnerTransactions.externalOrderId, input.externalOrderId),
      ),
    );
  return {
    externalOrderId: input.externalOrderId,
    status: stored!.status,
    totalIdr: stored!.totalIdr,
    applied: written.length > 0,
  };
}
