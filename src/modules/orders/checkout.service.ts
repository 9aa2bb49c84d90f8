import { and, eq, gte, notInArray, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows, withRetriedTransaction } from '../../db/client';
import { AppError } from '../../shared/errors';
import { formatRupiah } from '../../shared/money';
import { wibDay } from '../../shared/time';
import { coversSatker, type Scope } from '../accounts/scope';
import type { Actor } from '../audit/audit.service';
import { products } from '../catalog/catalog.schema';
import { classByRank, classRankSql, type DomesticClass } from '../catalog/search.service';
import { getEffectiveRule, type PurchaseRule } from '../rules/rules.service';
import { addCalendarDays } from '../rules/working-days';
import { satkers } from '../satkers/satkers.schema';
import { computeOrderTotals, type OrderTotals, taxRuleSetOn } from '../taxes/taxes';
import { orders } from './orders.schema';
import {
  insertRoutedOrders,
  type OrderPolicy,
  type OrderView,
  type RoutedOrderLine,
  withoutPartnerIds,
} from './orders.service';

interface ProductRow {
  id: string;
  externalId: string;
  name: string;
  categoryCode: string;
  taxKind: 'ppn' | 'pbjt';
  unit: string;
  priceIdr: number;
  stock: number | null;
  minOrderQty: number;
  tkdnPercent: number | null;
  isActive: boolean;
  classRank: number;
  partnerId: string;
  partnerCode: string;
  partnerName: string;
  partnerStatus: string;
  sellerId: string;
  sellerExternalId: string;
  sellerName: string;
  sellerScale: string;
  sellerRegionCode: string;
  isPkp: boolean;
  hasPp55Certificate: boolean;
}

export interface CheckoutInput {
  satkerCode: string;
  deliveryAddress: string;
  notes?: string | null | undefined;
  splitReason?: string | null | undefined;
  lines: Array<{ productId: string; qty: number }>;
}

/** Who is buying: a PP and the satkers their PP grants cover. */
export interface Buyer {
  actor: Actor;
  scope: Scope;
}

export interface CheckoutWarning {
  code: 'ORDER.SPLIT_SUSPECTED' | 'ORDER.HIGHER_DOMESTIC_CLASS_AVAILABLE' | 'ORDER.NEEDS_PPK_APPROVAL';
  message: string;
  /** The seller's group the warning is about. */
  sellerId: string;
  /** Whether placing the order needs the PP's written reason (splitting). */
  requiresReason: boolean;
  details?: Record<string, unknown>;
}

export interface PlannedOrder {
  partner: { id: string; code: string; name: string };
  seller: {
    id: string;
    name: string;
    externalId: string;
    scale: string;
    regionCode: string;
    isPkp: boolean;
    hasPp55Certificate: boolean;
  };
  lines: Array<RoutedOrderLine & { domesticClass: DomesticClass; lineTotalIdr: number }>;
  totals: OrderTotals;
  status: 'sent' | 'pending_approval';
  warnings: CheckoutWarning[];
}

export interface CheckoutPlan {
  satker: { code: string; name: string; pemdaCode: string };
  rule: PurchaseRule;
  orders: PlannedOrder[];
  warnings: CheckoutWarning[];
}

const classLabel: Record<DomesticClass, string> = {
  tkdn_bmp_40: 'TKDN+BMP ≥ 40%',
  tkdn_25: 'TKDN ≥ 25%',
  pdn: 'produk dalam negeri',
  import: 'impor',
};

/**
 * Runs the checkout rules of DOMAIN.md on a cart without changing anything: the satker must be
 * the PP's, every product active (partner not suspended) and ordered at least its minimum; the
 * cart splits into one order per seller (and partner); each order must stay below the pemda's
 * direct-purchase limit; it waits for the PPK above the approval threshold; it warns of
 * splitting and of a higher domestic class in the same category and region. Refusals throw
 * with their code; warnings come back.
 */
export async function planCheckout(
  db: DbOrTx,
  buyer: Buyer,
  input: CheckoutInput,
  now: Date = new Date(),
): Promise<CheckoutPlan> {
  const [satker] = await db
    .select({ code: satkers.code, name: satkers.name, pemdaCode: satkers.pemdaCode })
    .from(satkers)
    .where(eq(satkers.code, input.satkerCode));
  // A PP serves satkers one by one: a pemda-wide grant of another role does not make one a buyer.
  if (!satker || !buyer.scope.satkerCodes.includes(satker.code) || !coversSatker(buyer.scope, satker)) {
    throw new AppError(
      'ORDER.SATKER_NOT_SERVED',
      `Anda bukan Pejabat Pengadaan untuk satker ${input.satkerCode}. Pilih satker yang Anda layani.`,
      { satkerCode: input.satkerCode },
    );
  }
  const today = wibDay(now);
  const rule = await getEffectiveRule(db, satker.pemdaCode, today);
  const lines = mergeLines(input.lines);
  const rows = await queryRows<ProductRow>(
    db,
    sql`SELECT p.id, p.external_id AS "externalId", p.name, p.category_code AS "categoryCode",
          c.tax_kind AS "taxKind", p.unit, p.price_idr::float8 AS "priceIdr", p.stock,
          p.min_order_qty AS "minOrderQty", p.tkdn_percent::float8 AS "tkdnPercent",
          p.is_active AS "isActive", ${classRankSql} AS "classRank",
          pa.id AS "partnerId", pa.code AS "partnerCode", pa.name AS "partnerName", pa.status AS "partnerStatus",
          s.id AS "sellerId", p.seller_external_id AS "sellerExternalId", s.name AS "sellerName",
          s.scale AS "sellerScale", s.region_code AS "sellerRegionCode", s.is_pkp AS "isPkp",
          s.has_pp55_certificate AS "hasPp55Certificate"
        FROM products p
        JOIN categories c ON c.code = p.category_code
        JOIN partners pa ON pa.id = p.partner_id
        JOIN sellers s ON s.id = p.seller_id
        WHERE p.id IN (${sql.join(
          lines.map((line) => sql`${line.productId}::uuid`),
          sql`, `,
        )})`,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const groups = new Map<string, PlannedOrder>();
  for (const line of lines) {
    const product = byId.get(line.productId);
    if (!product?.isActive || product.partnerStatus !== 'active') {
      throw new AppError(
        'ORDER.PRODUCT_INACTIVE',
        product
          ? `"${product.name}" tidak dijual lagi atau mitranya sedang dibekukan. Hapus dari keranjang dan pilih penawaran lain.`
          : 'Sebuah produk di keranjang tidak ditemukan lagi. Hapus dari keranjang dan cari penawaran lain.',
        { productId: line.productId },
      );
    }
    if (line.qty < product.minOrderQty) {
      throw new AppError(
        'ORDER.QTY_BELOW_MINIMUM',
        `Pembelian minimum "${product.name}" adalah ${product.minOrderQty} ${product.unit}. Tambah jumlahnya atau pilih penawaran lain.`,
        { productId: product.id, minOrderQty: product.minOrderQty, qty: line.qty },
      );
    }
    if (product.stock !== null && product.stock < line.qty) {
      throw outOfStock(product.name, product.id, product.stock, product.unit);
    }
    const key = `${product.partnerId}/${product.sellerId}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        partner: { id: product.partnerId, code: product.partnerCode, name: product.partnerName },
        seller: {
          id: product.sellerId,
          name: product.sellerName,
          externalId: product.sellerExternalId,
          scale: product.sellerScale,
          regionCode: product.sellerRegionCode,
          isPkp: product.isPkp,
          hasPp55Certificate: product.hasPp55Certificate,
        },
        lines: [],
        totals: computeOrderTotals([], product),
        status: 'sent',
        warnings: [],
      };
      groups.set(key, group);
    }
    group.lines.push({
      productId: product.id,
      productExternalId: product.externalId,
      name: product.name,
      categoryCode: product.categoryCode,
      taxKind: product.taxKind,
      qty: line.qty,
      unit: product.unit,
      unitPriceIdr: product.priceIdr,
      tkdnPercent: product.tkdnPercent,
      domesticClass: classByRank[product.classRank]!,
      lineTotalIdr: line.qty * product.priceIdr,
    });
  }

  const planned = [...groups.values()];
  for (const order of planned) {
    order.totals = computeOrderTotals(order.lines, order.seller, taxRuleSetOn(today));
    if (order.totals.totalIdr >= rule.directPurchaseLimitIdr) {
      throw new AppError(
        'ORDER.ABOVE_LIMIT',
        `Pesanan ke ${order.seller.name} senilai ${formatRupiah(order.totals.totalIdr)} tidak di bawah batas pembelian langsung ${formatRupiah(rule.directPurchaseLimitIdr)}. ${rule.aboveLimitAdvice}`,
        {
          sellerId: order.seller.id,
          totalIdr: order.totals.totalIdr,
          limitIdr: rule.directPurchaseLimitIdr,
          advice: rule.aboveLimitAdvice,
        },
      );
    }
    if (rule.approvalThresholdIdr !== null && order.totals.totalIdr > rule.approvalThresholdIdr) {
      order.status = 'pending_approval';
      order.warnings.push({
        code: 'ORDER.NEEDS_PPK_APPROVAL',
        message: `Pesanan di atas ${formatRupiah(rule.approvalThresholdIdr)} menunggu persetujuan PPK sebelum dikirim ke mitra.`,
        sellerId: order.seller.id,
        requiresReason: false,
      });
    }
    await addSplitWarning(db, satker.code, rule, order, today);
  }
  await addDomesticWarnings(db, satker.pemdaCode, planned);
  return { satker, rule, orders: planned, warnings: planned.flatMap((order) => order.warnings) };
}

/**
 * Places the cart: the rules of `planCheckout`, then in one transaction the stock of every line
 * is taken (all or nothing: two buyers never both get the last unit), one order per seller is
 * created with its history entry and, when no approval is needed, its outbox call to the
 * partner. A splitting warning without a written reason refuses the checkout.
 *
 * `orderedAt` is the instant of the checkout (default: now). Only the demo history passes one in
 * the past: the rules, splitting window, tax rule set and order number year then follow that day.
 */
export async function placeOrders(
  db: DbOrTx,
  policy: OrderPolicy,
  buyer: Buyer,
  input: CheckoutInput,
  orderedAt?: Date,
): Promise<{ orders: OrderView[]; warnings: CheckoutWarning[] }> {
  return withRetriedTransaction(db, async (tx) => {
    // One checkout per satker at a time, so the splitting sum sees the satker's other orders.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`checkout:${input.satkerCode}`}))`);
    const plan = await planCheckout(tx, buyer, input, orderedAt);
    const splitReason = input.splitReason?.trim() || null;
    const split = plan.warnings.find((warning) => warning.requiresReason);
    if (split && !splitReason) {
      throw new AppError('ORDER.SPLIT_REASON_REQUIRED', split.message, split.details);
    }
    await takeStock(tx, plan.orders);
    const { orders: created } = await insertRoutedOrders(
      tx,
      policy,
      buyer.actor,
      plan.orders.map((order) => ({
        satkerCode: plan.satker.code,
        pemdaCode: plan.satker.pemdaCode,
        partnerId: order.partner.id,
        sellerId: order.seller.id,
        sellerExternalId: order.seller.externalId,
        seller: order.seller,
        deliveryAddress: input.deliveryAddress,
        notes: input.notes ?? null,
        lines: order.lines,
        status: order.status,
        createdByUserId: buyer.actor.userId,
        flags: order.warnings
          .filter((warning) => warning.code !== 'ORDER.NEEDS_PPK_APPROVAL')
          .map((warning) => ({
            code: warning.code,
            message: warning.message,
            ...(warning.requiresReason ? { reason: splitReason } : {}),
            ...(warning.details ?? {}),
          })),
        splitReason: order.warnings.some((warning) => warning.requiresReason) ? splitReason : null,
        ruleId: plan.rule.id,
        orderedAt,
      })),
    );
    // The answer is the views read for the partners' calls, less the partners' own ids.
    return { orders: created.map((order) => withoutPartnerIds(order.partnerView)), warnings: plan.warnings };
  });
}

/** Same product twice in a cart counts once with the quantities added. */
function mergeLines(lines: CheckoutInput['lines']): CheckoutInput['lines'] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.qty);
  return [...merged].map(([productId, qty]) => ({ productId, qty }));
}

function outOfStock(name: string, productId: string, stock: number, unit: string) {
  return new AppError(
    'ORDER.OUT_OF_STOCK',
    `Stok "${name}" tinggal ${stock} ${unit}. Kurangi jumlahnya atau pilih penawaran lain.`,
    { productId, stock },
  );
}

/**
 * Takes the stock of every line with a conditional UPDATE (never below zero), in product id
 * order so concurrent checkouts lock rows in the same order and cannot deadlock.
 */
async function takeStock(tx: DbOrTx, planned: PlannedOrder[]) {
  const lines = planned
    .flatMap((order) => order.lines)
    // Code-unit order of the lowercase uuid text = PostgreSQL's uuid order, which the product
    // sync writes existing offers in (products.sync.ts).
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  for (const line of lines) {
    const [row] = await tx
      .update(products)
      .set({
        stock: sql`CASE WHEN ${products.stock} IS NULL THEN NULL ELSE ${products.stock} - ${line.qty} END`,
      })
      .where(
        and(
          eq(products.id, line.productId),
          eq(products.isActive, true),
          sql`(${products.stock} IS NULL OR ${products.stock} >= ${line.qty})`,
        ),
      )
      .returning({ id: products.id });
    if (!row) {
      const [current] = await tx
        .select({ stock: products.stock })
        .from(products)
        .where(eq(products.id, line.productId));
      throw outOfStock(line.name, line.productId, current?.stock ?? 0, line.unit);
    }
  }
}

/**
 * Splitting (DOMAIN.md): the satker's live orders with the same seller in the rule's window,
 * plus this one, reach the direct-purchase limit.
 */
async function addSplitWarning(
  db: DbOrTx,
  satkerCode: string,
  rule: PurchaseRule,
  order: PlannedOrder,
  today: string,
) {
  const windowStart = addCalendarDays(today, -rule.splitWindowDays);
  const [row] = await db
    .select({
      totalIdr: sql<number>`coalesce(sum(${orders.totalIdr}), 0)`.mapWith(Number),
      numbers: sql<string[]>`coalesce(array_agg(${orders.number} ORDER BY ${orders.orderedAt}), '{}')`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.satkerCode, satkerCode),
        eq(orders.sellerId, order.seller.id),
        gte(orders.orderedAt, sql`(${windowStart}::date::timestamp AT TIME ZONE 'Asia/Jakarta')`),
        notInArray(orders.status, ['cancelled', 'rejected', 'routing_failed']),
      ),
    );
  const earlierIdr = row?.totalIdr ?? 0;
  if (earlierIdr > 0 && earlierIdr + order.totals.totalIdr >= rule.directPurchaseLimitIdr) {
    order.warnings.push({
      code: 'ORDER.SPLIT_SUSPECTED',
      message:
        `Dalam ${rule.splitWindowDays} hari terakhir satker ini sudah memesan ${formatRupiah(earlierIdr)} dari ${order.seller.name}; ` +
        `dengan pesanan ini jumlahnya ${formatRupiah(earlierIdr + order.totals.totalIdr)}, mencapai batas ${formatRupiah(rule.directPurchaseLimitIdr)}. ` +
        'Pemecahan paket dilarang (Perpres 16/2018 ps. 20): tulis alasan mengapa ini bukan pemecahan paket, atau gabungkan kebutuhan dan beli melalui jalur di atas batas. Pesanan akan ditandai untuk auditor.',
      sellerId: order.seller.id,
      requiresReason: true,
      details: {
        earlierOrders: row?.numbers ?? [],
        earlierTotalIdr: earlierIdr,
        windowDays: rule.splitWindowDays,
        limitIdr: rule.directPurchaseLimitIdr,
      },
    });
  }
}

/**
 * Domestic preference (Perpres 16/2018 art. 66): for each line, whether an active offer of a
 * higher class exists in the same category from a seller in the buyer's region.
 */
async function addDomesticWarnings(db: DbOrTx, pemdaCode: string, planned: PlannedOrder[]) {
  const categoryCodes = [
    ...new Set(
      planned.flatMap((order) =>
        order.lines.filter((l) => l.domesticClass !== 'tkdn_bmp_40').map((l) => l.categoryCode),
      ),
    ),
  ];
  if (categoryCodes.length === 0) return;
  const rows = await queryRows<{ categoryCode: string; bestRank: number }>(
    db,
    sql`SELECT p.category_code AS "categoryCode", max(${classRankSql}) AS "bestRank"
        FROM products p JOIN partners pa ON pa.id = p.partner_id
        WHERE p.category_code IN (${sql.join(
          categoryCodes.map((code) => sql`${code}`),
          sql`, `,
        )})
          AND p.seller_kabkota_code = ${pemdaCode} AND p.is_active AND pa.status = 'active'
        GROUP BY p.category_code`,
  );
  const best = new Map(rows.map((row) => [row.categoryCode, row.bestRank]));
  for (const order of planned) {
    for (const line of order.lines) {
      const bestRank = best.get(line.categoryCode);
      const rank = classByRank.indexOf(line.domesticClass);
      if (bestRank === undefined || bestRank <= rank) continue;
      order.warnings.push({
        code: 'ORDER.HIGHER_DOMESTIC_CLASS_AVAILABLE',
        message: `"${line.name}" berkelas ${classLabel[line.domesticClass]}, padahal di wilayah Anda ada penawaran ${classLabel[classByRank[bestRank]!]} pada kategori yang sama. Utamakan produk dalam negeri (Perpres 16/2018 ps. 66) bila memenuhi kebutuhan.`,
        sellerId: order.seller.id,
        requiresReason: false,
        details: {
          productId: line.productId,
          categoryCode: line.categoryCode,
          betterClass: classByRank[bestRank],
        },
      });
    }
  }
}
