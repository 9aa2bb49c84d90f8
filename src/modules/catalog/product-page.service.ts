import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import { loadDetails } from './search.service';

/**
 * The product page: the offer with its seller (and the partners that seller is on), its TKDN
 * certificate, the price spread of offers of the same category and unit, and comparable offers
 * of other sellers and partners.
 */
export async function getProductPage(db: DbOrTx, id: string, region: string) {
  const details = await loadDetails(db, [id], region);
  const item = details.get(id);
  const [extra] = await queryRows<{
    description: string | null;
    min_order_qty: number;
    is_active: boolean;
    url: string | null;
    image_url: string | null;
    tkdn_certificate_no: string | null;
    tkdn_valid_until: string | null;
    tkdn_valid: boolean;
    category_code: string;
    unit: string;
    seller_id: string;
    legal_form: string | null;
  }>(
    db,
    sql`SELECT p.description, p.min_order_qty, p.is_active, p.url, p.image_url, p.tkdn_certificate_no,
        p.tkdn_valid_until::text AS tkdn_valid_until,
        (p.tkdn_certificate_no IS NOT NULL AND (p.tkdn_valid_until IS NULL OR p.tkdn_valid_until >= (now() AT TIME ZONE 'Asia/Jakarta')::date)) AS tkdn_valid,
        p.category_code, p.unit, p.seller_id, s.legal_form
      FROM products p JOIN sellers s ON s.id = p.seller_id WHERE p.id = ${id}::uuid`,
  );
  if (!item || !extra) throw new AppError('PRODUCT.NOT_FOUND', 'Produk tidak ditemukan.', { id });
  const [partners, [spread], comparable] = await Promise.all([
    queryRows<{ code: string; name: string }>(
      db,
      sql`SELECT pa.code, pa.name FROM seller_listings l JOIN partners pa ON pa.id = l.partner_id
        WHERE l.seller_id = ${extra.seller_id}::uuid AND pa.status = 'active' ORDER BY pa.name`,
    ),
    queryRows<{ offer_count: number; min_idr: string; median_idr: string; max_idr: string }>(
      db,
      sql`SELECT count(*)::int AS offer_count, min(p.price_idr) AS min_idr,
          round(percentile_cont(0.5) WITHIN GROUP (ORDER BY p.price_idr))::bigint AS median_idr, max(p.price_idr) AS max_idr
        FROM products p JOIN partners pa ON pa.id = p.partner_id
        WHERE p.category_code = ${extra.category_code} AND p.unit = ${extra.unit} AND p.is_active AND pa.status = 'active'`,
    ),
    queryRows<{ id: string }>(
      db,
      sql`SELECT p.id FROM products p JOIN partners pa ON pa.id = p.partner_id
        WHERE p.category_code = ${extra.category_code} AND p.unit = ${extra.unit} AND p.is_active AND pa.status = 'active'
          AND p.id <> ${id}::uuid AND p.seller_id <> ${extra.seller_id}::uuid
        ORDER BY similarity(p.name, ${item.name}) DESC, p.price_idr ASC LIMIT 8`,
    ),
  ]);
  const comparableDetails = await loadDetails(
    db,
    comparable.map((row) => row.id),
    region,
  );
  const minIdr = Number(spread?.min_idr ?? item.priceIdr);
  const medianIdr = Number(spread?.median_idr ?? item.priceIdr);
  const maxIdr = Number(spread?.max_idr ?? item.priceIdr);
  const price = item.priceIdr;
  const position =
    price <= minIdr
      ? 'lowest'
      : price >= maxIdr
        ? 'highest'
        : price < medianIdr
          ? 'below_median'
          : price > medianIdr
            ? 'above_median'
            : 'median';
  const { regionName, ...rest } = item;
  return {
    product: {
      ...rest,
      description: extra.description,
      minOrderQty: extra.min_order_qty,
      isActive: extra.is_active,
      url: extra.url,
      imageUrl: extra.image_url,
      tkdnCertificateNo: extra.tkdn_certificate_no,
      tkdnValidUntil: extra.tkdn_valid_until,
      tkdnValid: extra.tkdn_valid,
      seller: { ...item.seller, legalForm: extra.legal_form, regionName, partners },
    },
    priceSpread: {
      categoryCode: extra.category_code,
      unit: extra.unit,
      offerCount: spread?.offer_count ?? 1,
      minIdr,
      medianIdr,
      maxIdr,
      position: position as 'lowest' | 'below_median' | 'median' | 'above_median' | 'highest',
    },
    comparableOffers: comparable.flatMap((row) => {
      const offer = comparableDetails.get(row.id);
      if (!offer) return [];
      const { regionName: _, ...offerRest } = offer;
      return [offerRest];
    }),
  };
}
