import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import type { Scope } from '../accounts/scope';
import { listUsers, type UserView } from '../accounts/users.service';
import { getVisibleOrder } from '../orders/order-actions.service';
import { orders } from '../orders/orders.schema';
import { getOrderView, type OrderView } from '../orders/orders.service';
import { getPemda, getRegion, PROVINCE_CODE } from '../regions/regions.service';
import { findSatkersByCodes } from '../satkers/satkers.service';
import { sellers } from '../sellers/sellers.schema';
import { renderBast } from './bast.pdf';
import { renderSuratPesanan } from './surat-pesanan.pdf';

/** An official who signs: PP or PPK. NIP is not stored on the platform; documents leave it to fill in. */
export interface Official {
  username: string;
  name: string;
}

/** What the partner and the PPK recorded on the order after it was placed (orders.fulfilment). */
export interface OrderFulfilment {
  bastNumber?: string;
  receipt?: {
    receivedAt: string;
    note: string | null;
    lines?: Array<{ lineNo: number; note: string | null }>;
  };
  shipped?: { courier: string; trackingNo: string; occurredAt: string };
  invoiced?: { invoiceNo: string; amountIdr: number; occurredAt: string };
  payment?: { method: 'va' | 'kkpd' | 'cms'; amountIdr: number; paidAt: string; reference: string };
  payment_forwarded?: { amountIdr: number; reference: string; occurredAt: string };
}

/** Everything the Surat Pesanan, the BAST and the invoice view print about one order. */
export interface OrderDocumentData {
  order: OrderView;
  fulfilment: OrderFulfilment;
  pemda: { code: string; name: string; kind: 'province' | 'kabupaten' | 'kota' };
  provinceName: string;
  satker: { code: string; name: string; address: string | null };
  seller: {
    name: string;
    nib: string;
    npwp: string | null;
    kind: 'company' | 'individual';
    legalForm: string | null;
    scale: string;
    isPkp: boolean;
    hasPp55Certificate: boolean;
    address: string | null;
    regionCode: string;
    /** "Kecamatan Wonotunggal, Kabupaten Batang" style description of the seller's region code. */
    regionName: string;
  };
  partner: { code: string; name: string };
  /** The PP who placed the order (null for orders placed before accounts were recorded). */
  pp: Official | null;
  /** The PPK: who approved (SP) or signed the receipt (BAST), else a PPK serving the satker. */
  ppk: Official | null;
  /** The PPK who recorded the receipt, when there is one. */
  receivingPpk: Official | null;
  /** When the order was sent to the partner (the Surat Pesanan's date), from the order's history. */
  sentAt: string | null;
  /** When the PPK recorded the receipt (the BAST's date), from the order's history. */
  receivedAt: string | null;
}

/**
 * Gathers a document's data from the orders, satkers, regions, sellers and accounts modules.
 * Unscoped: routes go through `loadVisibleOrderDocumentData`.
 *
 * The order's fulfilment record and creator, and the seller's legal identity (NIB, NPWP,
 * address), have no service function in their modules yet, so they are read here directly,
 * by primary key (see ARCHITECTURE.md, module boundaries).
 */
export async function loadOrderDocumentData(
  db: DbOrTx,
  number: string,
  view?: OrderView,
): Promise<OrderDocumentData> {
  const order = view ?? (await getOrderView(db, number));
  const [record] = await db
    .select({
      fulfilment: orders.fulfilment,
      createdByUserId: orders.createdByUserId,
      seller: {
        name: sellers.name,
        nib: sellers.nib,
        npwp: sellers.npwp,
        kind: sellers.kind,
        legalForm: sellers.legalForm,
        scale: sellers.scale,
        isPkp: sellers.isPkp,
        hasPp55Certificate: sellers.hasPp55Certificate,
        address: sellers.address,
        regionCode: sellers.regionCode,
        kabkotaCode: sellers.kabkotaCode,
      },
    })
    .from(orders)
    .innerJoin(sellers, eq(sellers.id, orders.sellerId))
    .where(eq(orders.number, number));
  if (!record) throw new AppError('ORDER.NOT_FOUND', `Pesanan ${number} tidak ditemukan.`, { number });

  const [pemda, province, satkerRows, sellerRegionName, satkerUsers] = await Promise.all([
    getPemda(db, order.pemdaCode),
    getPemda(db, PROVINCE_CODE),
    findSatkersByCodes(db, [order.satkerCode]),
    describeRegion(db, record.seller.regionCode, record.seller.kabkotaCode),
    // Everyone holding a grant on the order's satker: its PP, PPK and bendahara.
    listUsers(db, { allRegions: false, pemdaCodes: [], satkerCodes: [order.satkerCode] }),
  ]);
  const satker = satkerRows[0];
  if (!satker) {
    throw new AppError('SATKER.NOT_FOUND', `Satker ${order.satkerCode} tidak ditemukan.`, {
      code: order.satkerCode,
    });
  }

  const fulfilment = record.fulfilment as OrderFulfilment;
  const sentEntry = order.history.find((entry) => entry.status === 'sent');
  const receivedEntry = order.history.findLast((entry) => entry.status === 'received');
  const holdsRole = (user: UserView, role: 'pp' | 'ppk') =>
    user.roles.some((grant) => grant.role === role && grant.satkerCode === order.satkerCode);
  const official = (user: UserView | undefined): Official | null =>
    user ? { username: user.username, name: user.name } : null;
  const ppkByUsername = (username: string | undefined) =>
    satkerUsers.find((user) => user.username === username && holdsRole(user, 'ppk'));
  const anyPpk = satkerUsers.find((user) => user.isActive && holdsRole(user, 'ppk'));
  const receivingPpk = official(ppkByUsername(receivedEntry?.by));

  return {
    order,
    fulfilment,
    pemda: { code: pemda.code, name: pemda.name, kind: pemda.kind },
    provinceName: province.name.replace(/^Provinsi /, ''),
    satker: { code: satker.code, name: satker.name, address: satker.address },
    seller: {
      name: record.seller.name,
      nib: record.seller.nib,
      npwp: record.seller.npwp,
      kind: record.seller.kind,
      legalForm: record.seller.legalForm,
      scale: record.seller.scale,
      isPkp: record.seller.isPkp,
      hasPp55Certificate: record.seller.hasPp55Certificate,
      address: record.seller.address,
      regionCode: record.seller.regionCode,
      regionName: sellerRegionName,
    },
    partner: order.partner,
    pp: official(satkerUsers.find((user) => user.id === record.createdByUserId)),
    ppk: receivingPpk ?? official(ppkByUsername(sentEntry?.by)) ?? official(anyPpk),
    receivingPpk,
    sentAt: sentEntry?.at ?? null,
    receivedAt: receivedEntry?.at ?? null,
  };
}

/** "Kecamatan Wonotunggal, Kabupaten Batang" for a kecamatan code; the region's own name otherwise. */
async function describeRegion(db: DbOrTx, regionCode: string, kabkotaCode: string): Promise<string> {
  const [region, kabkota] = await Promise.all([
    getRegion(db, regionCode).catch(() => null),
    getRegion(db, kabkotaCode).catch(() => null),
  ]);
  if (!region) return kabkota?.name ?? regionCode;
  const prefix = region.level === 3 ? 'Kecamatan ' : region.level === 4 ? 'Desa/Kelurahan ' : '';
  const own = `${prefix}${region.name}`;
  return kabkota && kabkota.code !== region.code ? `${own}, ${kabkota.name}` : own;
}

/**
 * The order's data for a document if the caller's scope covers its satker; ORDER.NOT_FOUND
 * otherwise, the same answer as for a number that does not exist (orders' "not found" rule).
 */
export async function loadVisibleOrderDocumentData(
  db: DbOrTx,
  scope: Scope,
  number: string,
): Promise<OrderDocumentData> {
  return loadOrderDocumentData(db, number, await getVisibleOrder(db, scope, number));
}

/**
 * A Surat Pesanan exists once the order went to the partner: not while it waits for the PPK's
 * approval, nor for an order cancelled before it was ever sent.
 */
export function assertSuratPesananAvailable(data: OrderDocumentData): void {
  if (data.order.status === 'pending_approval' || !data.sentAt) {
    throw new AppError(
      'DOCUMENT.NOT_AVAILABLE',
      data.order.status === 'pending_approval'
        ? `Surat Pesanan ${data.order.number} belum terbit: pesanan masih menunggu persetujuan PPK.`
        : `Surat Pesanan ${data.order.number} tidak terbit: pesanan dibatalkan sebelum dikirim ke mitra.`,
      { document: 'sp', status: data.order.status },
    );
  }
}

/** A BAST exists once the PPK recorded the receipt (status received or later, with a BAST number). */
export function assertBastAvailable(data: OrderDocumentData): void {
  if (!data.fulfilment.bastNumber) {
    throw new AppError(
      'DOCUMENT.NOT_AVAILABLE',
      `BAST pesanan ${data.order.number} belum tersedia: PPK belum mencatat penerimaan barang. ` +
        'BAST terbit setelah barang diterima dan diperiksa.',
      { document: 'bast', status: data.order.status },
    );
  }
}

export type InvoicePaymentStatus = 'not_invoiced' | 'awaiting_payment' | 'paid' | 'forwarded_to_seller';

export interface InvoiceView {
  orderNumber: string;
  status: OrderView['status'];
  satker: { code: string; name: string };
  pemda: { code: string; name: string };
  seller: { name: string; nib: string; npwp: string | null; isPkp: boolean };
  partner: { code: string; name: string };
  bastNumber: string | null;
  /** As reported by the partner in its `invoiced` event; null until then. */
  invoice: { number: string; date: string; amountIdr: number } | null;
  /** Billed lines: the accepted quantity once there is a BAST, else the ordered quantity. */
  lines: Array<{
    lineNo: number;
    name: string;
    qty: number;
    unit: string;
    unitPriceIdr: number;
    lineTotalIdr: number;
  }>;
  totals: OrderView['totals'];
  paymentStatus: InvoicePaymentStatus;
  payment: { method: 'va' | 'kkpd' | 'cms'; amountIdr: number; paidAt: string; reference: string } | null;
}

/** The invoice of an order as the UI shows it: the partner's invoice, billed lines, taxes and payment. */
export async function getInvoiceView(db: DbOrTx, number: string, scope?: Scope): Promise<InvoiceView> {
  const data = scope
    ? await loadVisibleOrderDocumentData(db, scope, number)
    : await loadOrderDocumentData(db, number);
  const { order, fulfilment } = data;
  return {
    orderNumber: order.number,
    status: order.status,
    satker: { code: data.satker.code, name: data.satker.name },
    pemda: { code: data.pemda.code, name: data.pemda.name },
    seller: {
      name: data.seller.name,
      nib: data.seller.nib,
      npwp: data.seller.npwp,
      isPkp: data.seller.isPkp,
    },
    partner: data.partner,
    bastNumber: fulfilment.bastNumber ?? null,
    invoice: fulfilment.invoiced
      ? {
          number: fulfilment.invoiced.invoiceNo,
          date: fulfilment.invoiced.occurredAt,
          amountIdr: fulfilment.invoiced.amountIdr,
        }
      : null,
    lines: order.lines.map((line) => {
      const qty = line.qtyAccepted ?? line.qty;
      return {
        lineNo: line.lineNo,
        name: line.name,
        qty,
        unit: line.unit,
        unitPriceIdr: line.unitPriceIdr,
        lineTotalIdr: qty * line.unitPriceIdr,
      };
    }),
    totals: order.totals,
    paymentStatus: paymentStatusOf(order.status, fulfilment),
    payment: fulfilment.payment ?? null,
  };
}

function paymentStatusOf(status: OrderView['status'], fulfilment: OrderFulfilment): InvoicePaymentStatus {
  if (status === 'completed') return 'forwarded_to_seller';
  if (status === 'paid' || fulfilment.payment) return 'paid';
  if (status === 'invoiced' || fulfilment.invoiced) return 'awaiting_payment';
  return 'not_invoiced';
}

export interface PdfDocument {
  filename: string;
  content: Buffer;
}

/** The Surat Pesanan PDF of an order the caller may see (`SP-BLK-3325-2026-000001.pdf`). */
export async function getSuratPesananPdf(db: DbOrTx, scope: Scope, number: string): Promise<PdfDocument> {
  const data = await loadVisibleOrderDocumentData(db, scope, number);
  assertSuratPesananAvailable(data);
  return { filename: `SP-${data.order.number}.pdf`, content: await renderSuratPesanan(data) };
}

/** The BAST PDF of a received order the caller may see (`BAST-3325-2026-000001.pdf`). */
export async function getBastPdf(db: DbOrTx, scope: Scope, number: string): Promise<PdfDocument> {
  const data = await loadVisibleOrderDocumentData(db, scope, number);
  assertBastAvailable(data);
  return { filename: `${data.fulfilment.bastNumber}.pdf`, content: await renderBast(data) };
}
