import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows, withRetriedTransaction } from '../../db/client';
import { AppError } from '../../shared/errors';
import { findCategories } from '../catalog/categories.service';
import { updateReportsOf } from '../reports/report-projection';
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
 * order placed on the platform. The Partner API route reports one at a time through this.
 */
export async function reportPartnerTransaction(
  db: DbOrTx,
  partnerId: string,
  input: PartnerTransactionInput,
): Promise<TransactionResult> {
  const [result] = await reportPartnerTransactions(db, partnerId, [input]);
  return result!;
}

/**
 * `reportPartnerTransaction` for many reports at once, all or nothing: every report is checked
 * first (the first invalid one throws, with `index` in its details when there are several),
 * then one statement upserts them all. Results come back in input order; a repeated
 * externalOrderId within one call keeps the newest `updatedAt`.
 */
export async function reportPartnerTransactions(
  db: DbOrTx,
  partnerId: string,
  inputs: PartnerTransactionInput[],
  options: {
    /** false: the caller rebuilds the reports projection afterwards (bulk loads such as the demo history). */
    updateReports?: boolean;
  } = {},
): Promise<TransactionResult[]> {
  if (inputs.length === 0) return [];
  const many = inputs.length > 1;
  const at = (index: number) => (many ? { index } : {});
  for (const [index, input] of inputs.entries()) {
    const sum = input.lines.reduce((total, line) => total + line.qty * line.unitPriceIdr, 0);
    if (sum !== input.totalIdr) {
      throw new AppError(
        'TRANSACTION.TOTAL_MISMATCH',
        `totalIdr ${input.totalIdr} tidak sama dengan jumlah baris ${sum}.`,
        { expected: sum, received: input.totalIdr, ...at(index) },
      );
    }
  }
  // One after the other: `db` may be a transaction (one connection).
  const satkerRows = await findSatkersByCodes(db, [...new Set(inputs.map((input) => input.satkerCode))]);
  const listings = await findListings(db, partnerId, [
    ...new Set(inputs.map((input) => input.sellerExternalId)),
  ]);
  const categories = await findCategories(db, [
    ...new Set(inputs.flatMap((input) => input.lines.map((line) => line.categoryCode))),
  ]);
  const satkerByCode = new Map(satkerRows.map((satker) => [satker.code, satker]));
  for (const [index, input] of inputs.entries()) {
    const errors = [
      ...(satkerByCode.has(input.satkerCode)
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
      ...input.lines.flatMap((line, lineIndex) =>
        categories.has(line.categoryCode)
          ? []
          : [
              {
                field: `lines.${lineIndex}.categoryCode`,
                code: 'CATEGORY.UNKNOWN',
                message: `Kategori ${line.categoryCode} tidak ada.`,
              },
            ],
      ),
    ];
    if (errors.length > 0) {
      throw new AppError(
        'TRANSACTION.INVALID',
        'Transaksi merujuk data yang tidak dikenal.',
        many ? { index, errors } : errors,
      );
    }
  }
  // One row per externalOrderId (ON CONFLICT cannot touch a row twice in one statement).
  const newest = new Map<string, PartnerTransactionInput>();
  for (const input of inputs) {
    const seen = newest.get(input.externalOrderId);
    if (!seen || Date.parse(seen.updatedAt) < Date.parse(input.updatedAt)) {
      newest.set(input.externalOrderId, input);
    }
  }
  const payload = JSON.stringify(
    [...newest.values()].map((input) => {
      const satker = satkerByCode.get(input.satkerCode)!;
      return {
        external_order_id: input.externalOrderId,
        satker_code: satker.code,
        pemda_code: satker.pemdaCode,
        seller_id: listings.get(input.sellerExternalId)!.sellerId,
        seller_external_id: input.sellerExternalId,
        ordered_at: new Date(input.orderedAt).toISOString(),
        status: input.status,
        lines: input.lines,
        total_idr: input.totalIdr,
        source_updated_at: new Date(input.updatedAt).toISOString(),
      };
    }),
  );
  // The rows and the reports they move commit together.
  const written = await withRetriedTransaction(db, async (tx) => {
    const rows = await queryRows<{ id: string; externalOrderId: string }>(
      tx,
      sql`INSERT INTO partner_transactions (partner_id, external_order_id, satker_code, pemda_code, seller_id,
        seller_external_id, ordered_at, status, lines, total_idr, source_updated_at)
      SELECT ${partnerId}::uuid, r.external_order_id, r.satker_code, r.pemda_code, r.seller_id, r.seller_external_id,
        r.ordered_at, r.status, r.lines, r.total_idr, r.source_updated_at
      FROM jsonb_to_recordset(${payload}::jsonb) AS r(external_order_id text, satker_code text, pemda_code text,
        seller_id uuid, seller_external_id text, ordered_at timestamptz, status text, lines jsonb, total_idr bigint,
        source_updated_at timestamptz)
      -- One lock order for every batch, whatever order the partner sent: no deadlock between batches.
      ORDER BY r.external_order_id COLLATE "C"
      ON CONFLICT (partner_id, external_order_id) DO UPDATE SET
        satker_code = excluded.satker_code, pemda_code = excluded.pemda_code, seller_id = excluded.seller_id,
        seller_external_id = excluded.seller_external_id, ordered_at = excluded.ordered_at,
        status = excluded.status, lines = excluded.lines, total_idr = excluded.total_idr,
        source_updated_at = excluded.source_updated_at
      WHERE partner_transactions.source_updated_at < excluded.source_updated_at
      RETURNING id, external_order_id AS "externalOrderId"`,
    );
    if (options.updateReports !== false) {
      await updateReportsOf(
        tx,
        'partner',
        rows.map((row) => row.id),
      );
    }
    return rows;
  });
  const applied = new Set(written.map((row) => row.externalOrderId));
  const stored = await db
    .select({
      externalOrderId: partnerTransactions.externalOrderId,
      status: partnerTransactions.status,
      totalIdr: partnerTransactions.totalIdr,
    })
    .from(partnerTransactions)
    .where(
      and(
        eq(partnerTransactions.partnerId, partnerId),
        inArray(partnerTransactions.externalOrderId, [...newest.keys()]),
      ),
    );
  const byId = new Map(stored.map((row) => [row.externalOrderId, row]));
  return inputs.map((input) => {
    const row = byId.get(input.externalOrderId)!;
    return {
      externalOrderId: input.externalOrderId,
      status: row.status,
      totalIdr: row.totalIdr,
      applied: applied.has(input.externalOrderId) && newest.get(input.externalOrderId) === input,
    };
  });
}
