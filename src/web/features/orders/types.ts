/** Order statuses of PUBLIC-API.md (the server's `orderStatuses`), happy path first. */
export const orderStatuses = [
  'pending_approval',
  'sent',
  'accepted',
  'shipped',
  'delivered',
  'received',
  'invoiced',
  'paid',
  'completed',
  'rejected',
  'cancelled',
  'routing_failed',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export function isOrderStatus(value: string | null | undefined): value is OrderStatus {
  return (orderStatuses as readonly string[]).includes(value ?? '');
}

export interface OrderTotals {
  grossIdr: number;
  dppIdr: number;
  ppnIdr: number;
  pbjtIdr: number;
  pph22Idr: number;
  totalIdr: number;
}

export interface OrderLine {
  lineNo: number;
  productId: string;
  name: string;
  qty: number;
  qtyAccepted: number | null;
  unit: string;
  unitPriceIdr: number;
  lineTotalIdr: number;
  tkdnPercent: number | null;
}

/** GET /api/v1/orders/{number} */
export interface Order {
  number: string;
  status: OrderStatus;
  source: 'platform' | 'partner';
  satkerCode: string;
  pemdaCode: string;
  partner: { code: string; name: string };
  seller: { id: string; name: string; scale: string; regionCode: string; isPkp: boolean };
  orderedAt: string;
  deliveryAddress: string;
  notes: string | null;
  lines: OrderLine[];
  totals: OrderTotals;
  flags: Array<{ code: string; message: string }>;
  bastNumber?: string;
  history: Array<{ status: string; at: string; by: string }>;
}

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

export interface CheckoutWarning {
  code: string;
  message: string;
  sellerId: string;
  /** The splitting warning: the order needs a written `splitReason`. */
  requiresReason: boolean;
}

/** POST /api/v1/orders/preview */
export interface CheckoutPreview {
  satker: { code: string; name: string; pemdaCode: string };
  directPurchaseLimitIdr: number;
  approvalThresholdIdr: number | null;
  orders: Array<{
    partner: { code: string; name: string };
    seller: { id: string; name: string; scale: string; regionCode: string };
    lines: Array<{
      productId: string;
      name: string;
      qty: number;
      unit: string;
      unitPriceIdr: number;
      lineTotalIdr: number;
      domesticClass: string;
    }>;
    totals: OrderTotals;
    status: 'sent' | 'pending_approval';
    warnings: CheckoutWarning[];
  }>;
  warnings: CheckoutWarning[];
}

export interface CheckoutBody {
  satkerCode: string;
  deliveryAddress: string;
  notes?: string | null;
  splitReason?: string | null;
  lines: Array<{ productId: string; qty: number }>;
}

/** POST /api/v1/orders */
export interface CheckoutResult {
  orders: Order[];
  warnings: CheckoutWarning[];
}

/** An item of GET /api/v1/admin/rules */
export interface PurchaseRule {
  id: string;
  pemdaCode: string | null;
  effectiveFrom: string;
  directPurchaseLimitIdr: number;
  approvalThresholdIdr: number | null;
  splitWindowDays: number;
  unansweredCancelWorkingDays: number;
  aboveLimitAdvice: string;
  separationOfDuties: boolean;
  separationOfDutiesOffReason: string | null;
  note: string | null;
  createdAt: string;
}

/** The documents of an order (served by the documents routes). */
export const orderDocumentPaths = {
  sp: (number: string) => `/api/v1/orders/${encodeURIComponent(number)}/documents/sp.pdf`,
  bast: (number: string) => `/api/v1/orders/${encodeURIComponent(number)}/documents/bast.pdf`,
};
