import { and, eq } from 'drizzle-orm';
import { categories, products } from '../db/schema';
import { createRoutedOrder } from '../modules/orders/orders.service';
import { partners } from '../modules/partners/partners.schema';
import { sellerListings, sellers } from '../modules/sellers/sellers.schema';
import { productRow, sellerRow, type TestPartner } from './partner-client';
import type { TestApp } from './test-app';

/**
 * A routed order for tests, until checkout exists (order issue): syncs a seller and products
 * through the Partner API, then creates the order through the orders service as checkout will,
 * with its outbox call to the partner.
 */
export async function createTestOrder(
  t: TestApp,
  partner: TestPartner,
  options: {
    lines?: Array<{
      priceIdr: number;
      qty: number;
      categoryCode?: string;
      name?: string;
      unit?: string;
      product?: Record<string, unknown>;
    }>;
    satkerCode?: string;
    pemdaCode?: string;
    /** Overrides of the synced seller row (scale, regionCode, legalForm, …). */
    seller?: Record<string, unknown>;
    /** The order's orderedAt (ISO), set while it is still `sent` (reports tests). */
    orderedAt?: string;
    /** The PP who places it (the orders' created_by_user_id). */
    createdByUserId?: string;
    /** `pending_approval`: waiting for the PPK, not routed yet. */
    status?: 'sent' | 'pending_approval';
  } = {},
): Promise<{ number: string; id: string; totalIdr: number }> {
  const seller = sellerRow(options.seller);
  const lines = options.lines ?? [{ priceIdr: 55_000, qty: 10 }];
  const rows = lines.map((line) =>
    productRow(seller.externalId, {
      priceIdr: line.priceIdr,
      categoryCode: line.categoryCode ?? 'KRT-HVS',
      ...(line.name ? { name: line.name } : {}),
      ...(line.unit ? { unit: line.unit } : {}),
      ...line.product,
    }),
  );
  const synced = await partner.call('PUT', '/sellers', { sellers: [seller] });
  if (synced.json().accepted !== 1) throw new Error(`seller sync failed: ${synced.body}`);
  const syncedProducts = await partner.call('PUT', '/products', { products: rows });
  if (syncedProducts.json().accepted !== rows.length)
    throw new Error(`product sync failed: ${syncedProducts.body}`);
  const db = t.handle.db;
  const [listing] = await db
    .select({
      partnerId: partners.id,
      sellerId: sellers.id,
      isPkp: sellers.isPkp,
      hasPp55: sellers.hasPp55Certificate,
    })
    .from(sellerListings)
    .innerJoin(partners, eq(partners.id, sellerListings.partnerId))
    .innerJoin(sellers, eq(sellers.id, sellerListings.sellerId))
    .where(and(eq(partners.code, partner.code), eq(sellerListings.externalId, seller.externalId)));
  const orderLines = [];
  for (const [index, row] of rows.entries()) {
    const [product] = await db
      .select({ product: products, taxKind: categories.taxKind })
      .from(products)
      .innerJoin(categories, eq(categories.code, products.categoryCode))
      .where(and(eq(products.partnerId, listing!.partnerId), eq(products.externalId, row.externalId)));
    orderLines.push({
      productId: product!.product.id,
      productExternalId: row.externalId,
      name: product!.product.name,
      categoryCode: product!.product.categoryCode,
      taxKind: product!.taxKind,
      qty: lines[index]!.qty,
      unit: product!.product.unit,
      unitPriceIdr: product!.product.priceIdr,
      tkdnPercent: product!.product.tkdnPercent,
    });
  }
  const order = await createRoutedOrder(
    db,
    { routingDeadlineHours: t.config.routingDeadlineHours },
    { userId: null, label: 'test' },
    {
      satkerCode: options.satkerCode ?? '3325-SETDA',
      pemdaCode: options.pemdaCode ?? '33.25',
      partnerId: listing!.partnerId,
      sellerId: listing!.sellerId,
      sellerExternalId: seller.externalId,
      seller: { isPkp: listing!.isPkp, hasPp55Certificate: listing!.hasPp55 },
      deliveryAddress: 'Jl. Veteran No. 1, Kauman, Batang',
      lines: orderLines,
      status: options.status ?? 'sent',
      createdByUserId: options.createdByUserId ?? null,
      ...(options.orderedAt ? { orderedAt: new Date(options.orderedAt) } : {}),
    },
  );
  return { ...order, totalIdr: orderLines.reduce((sum, line) => sum + line.qty * line.unitPriceIdr, 0) };
}

export interface TestOffer {
  productId: string;
  externalId: string;
  sellerExternalId: string;
}

/**
 * Syncs one seller and its products through the Partner API (as a partner would) and returns
 * the platform's product ids, for checkout tests.
 */
export async function syncTestOffers(
  t: TestApp,
  partner: TestPartner,
  options: { seller?: Record<string, unknown>; products: Array<Record<string, unknown>> },
): Promise<{ sellerExternalId: string; offers: TestOffer[] }> {
  const seller = sellerRow(options.seller ?? {});
  const rows = options.products.map((overrides) => productRow(seller.externalId, overrides));
  const synced = await partner.call('PUT', '/sellers', { sellers: [seller] });
  if (synced.json().accepted !== 1) throw new Error(`seller sync failed: ${synced.body}`);
  const syncedProducts = await partner.call('PUT', '/products', { products: rows });
  if (syncedProducts.json().accepted !== rows.length)
    throw new Error(`product sync failed: ${syncedProducts.body}`);
  const [partnerRow] = await t.handle.db
    .select({ id: partners.id })
    .from(partners)
    .where(eq(partners.code, partner.code));
  const offers: TestOffer[] = [];
  for (const row of rows) {
    const [product] = await t.handle.db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.partnerId, partnerRow!.id), eq(products.externalId, row.externalId)));
    offers.push({ productId: product!.id, externalId: row.externalId, sellerExternalId: seller.externalId });
  }
  return { sellerExternalId: seller.externalId, offers };
}
