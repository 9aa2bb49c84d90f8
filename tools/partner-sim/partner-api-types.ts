/** The shapes of PARTNER-API.md as the reference partner sends and receives them. */

export interface PartnerCategory {
  code: string;
  name: string;
  parentCode: string | null;
  taxKind: 'ppn' | 'pbjt';
}

export interface SellerRow {
  externalId: string;
  name: string;
  kind: 'company' | 'individual';
  legalForm?: 'PT' | 'CV' | 'FIRMA' | 'KOPERASI' | 'UD' | 'OTHER';
  nib: string;
  npwp?: string;
  scale: 'mikro' | 'kecil' | 'menengah' | 'besar';
  isPkp: boolean;
  hasPp55Certificate?: boolean;
  regionCode: string;
  address?: string;
  registeredAt: string;
  updatedAt: string;
}

export interface ProductRow {
  externalId: string;
  sellerExternalId: string;
  name: string;
  description?: string;
  categoryCode: string;
  unit: string;
  priceIdr: number;
  stock?: number;
  minOrderQty?: number;
  isDomestic: boolean;
  tkdnPercent?: number;
  bmpPercent?: number;
  tkdnCertificateNo?: string;
  /** YYYY-MM-DD */
  tkdnValidUntil?: string;
  isActive: boolean;
  url?: string;
  imageUrl?: string;
  updatedAt: string;
}

export interface TransactionRow {
  externalOrderId: string;
  satkerCode: string;
  sellerExternalId: string;
  orderedAt: string;
  status: 'accepted' | 'delivered' | 'paid' | 'cancelled';
  lines: {
    productExternalId?: string;
    name: string;
    categoryCode: string;
    qty: number;
    unitPriceIdr: number;
    tkdnPercent?: number;
  }[];
  totalIdr: number;
  updatedAt: string;
}

/** The response of `PUT /sellers` and `PUT /products` for one batch. */
export interface PushResult {
  accepted: number;
  rejected: {
    index: number;
    externalId: string;
    errors: { field: string; code: string; message: string }[];
  }[];
}

export const EVENT_TYPES = [
  'accepted',
  'rejected',
  'shipped',
  'delivered',
  'invoiced',
  'payment_forwarded',
  'cancelled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The body of `POST /api/partner/v1/orders/{orderNumber}/events`. */
export interface OrderEvent {
  eventId: string;
  type: EventType;
  occurredAt: string;
  data: Record<string, unknown>;
}
