/**
 * The one error type of the platform. Every code is namespaced (`AREA.REASON`), has one HTTP
 * status and one Indonesian message in the catalogue; the server maps it to
 * `{ "error": { "code", "message", "details" } }` in one place (src/server/error-handler.ts).
 */
export const errorStatus = {
  /** Body or query failed its schema. */
  'REQUEST.INVALID': 400,
  /** Body is not parseable JSON. */
  'REQUEST.MALFORMED_JSON': 400,
  /** Body larger than the route's limit. */
  'REQUEST.TOO_LARGE': 413,
  /** Content-Type the route does not accept (forms are refused, which also blocks CSRF by form). */
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  /** No route for this method and path. */
  'REQUEST.NOT_FOUND': 404,
  /** A path parameter longer than the router accepts. */
  'REQUEST.URI_TOO_LONG': 414,
  /** Request headers larger than the HTTP parser accepts. */
  'REQUEST.HEADERS_TOO_LARGE': 431,
  /** The client did not finish sending its request in time. */
  'REQUEST.TIMEOUT': 408,
  /** A state-changing browser request from another site (Origin / Sec-Fetch-Site mismatch). */
  'AUTH.CSRF_REJECTED': 403,
  /** Unknown username or wrong password; deliberately the same for both. */
  'AUTH.INVALID_CREDENTIALS': 401,
  /** Too many failed logins for this username or address within the window. */
  'AUTH.TOO_MANY_ATTEMPTS': 429,
  /** The route needs a session and there is none (or it expired). */
  'AUTH.UNAUTHENTICATED': 401,
  /** The caller's roles or region scope do not allow this. */
  'AUTH.FORBIDDEN': 403,
  /** A region code that does not exist. */
  'REGION.NOT_FOUND': 404,
  /** A pemda code that is not one of the platform's pemda. */
  'PEMDA.NOT_FOUND': 404,
  /** A satker code that does not exist or is outside the caller's scope. */
  'SATKER.NOT_FOUND': 404,
  /** A satker with this code already exists. */
  'SATKER.CODE_TAKEN': 409,
  /** A user with this username already exists. */
  'USER.USERNAME_TAKEN': 409,
  /** A role assignment that does not fit the role (e.g. a PP without satkers). */
  'USER.INVALID_ROLE_SCOPE': 422,
  /** A partner request without X-Partner-Code, X-Timestamp or X-Signature. */
  'PARTNER.SIGNATURE_MISSING': 401,
  /** The signature does not verify with any current secret of the partner (or the partner is unknown). */
  'PARTNER.SIGNATURE_INVALID': 401,
  /** X-Timestamp more than 300 s away from the platform's clock. */
  'PARTNER.TIMESTAMP_STALE': 401,
  /** The partner is suspended by an operator. */
  'PARTNER.SUSPENDED': 403,
  /** No partner with this code. */
  'PARTNER.NOT_FOUND': 404,
  /** A partner with this code already exists. */
  'PARTNER.CODE_TAKEN': 409,
  /** A partner write without an Idempotency-Key header (1-128 chars). */
  'IDEMPOTENCY.KEY_REQUIRED': 400,
  /** The Idempotency-Key was used before with a different request. */
  'IDEMPOTENCY.KEY_REUSED': 409,
  /** The same request with this Idempotency-Key is still being processed by an earlier copy (retry later). */
  'IDEMPOTENCY.IN_PROGRESS': 409,
  /** No order with this number (or not routed to the calling partner). */
  'ORDER.NOT_FOUND': 404,
  /** The order's current status does not allow this change. */
  'ORDER.INVALID_TRANSITION': 409,
  /** Checkout: an order's total is not below the pemda's direct-purchase limit (message says where to buy instead). */
  'ORDER.ABOVE_LIMIT': 422,
  /** Checkout: with this order the satker's orders with the seller in the window reach the limit; a written reason is needed. */
  'ORDER.SPLIT_REASON_REQUIRED': 422,
  /** Checkout: a line's quantity is below the product's minimum order quantity. */
  'ORDER.QTY_BELOW_MINIMUM': 422,
  /** Checkout: not enough stock left for a line (nothing was taken). */
  'ORDER.OUT_OF_STOCK': 422,
  /** Checkout: a product is inactive, unknown, or its partner is suspended. */
  'ORDER.PRODUCT_INACTIVE': 422,
  /** A PP orders for a satker they do not serve, or a PPK/bendahara acts outside their satkers. */
  'ORDER.SATKER_NOT_SERVED': 403,
  /** A payment or receipt that does not fit the order (amount not the exact total, quantities out of range). */
  'ORDER.INVALID_AMOUNT': 422,
  /**
   * Separation of duties: the same user placed the order and now approves it or signs its BAST,
   * or pays an order they placed, approved or received. 403, not 409: the order's state is fine,
   * the caller is not allowed this step on this order; another official must take it.
   */
  'ORDER.SEPARATION_OF_DUTIES': 403,
  /** No purchase rule applies to the pemda on the day. */
  'RULE.NOT_FOUND': 404,
  /** A purchase rule that contradicts itself or the national ceiling. */
  'RULE.INVALID': 422,
  /** A document the order does not have yet (SP before approval, BAST before the receipt). */
  'DOCUMENT.NOT_AVAILABLE': 409,
  /** A reported transaction whose totalIdr is not the sum of its lines. */
  'TRANSACTION.TOTAL_MISMATCH': 422,
  /** A reported transaction names a seller or satker the platform does not know. */
  'TRANSACTION.INVALID': 422,
  /** No product with this id. */
  'PRODUCT.NOT_FOUND': 404,
  /** No outbox message with this id. */
  'OUTBOX.NOT_FOUND': 404,
  /** A report range whose `from` is after `to`, or longer than the reports allow. */
  'REPORT.RANGE_INVALID': 400,
  /** A population file that is not the documented CSV (kode, jumlah) of kabupaten/kota. */
  'REPORT.POPULATION_INVALID': 422,
  /** The dashboard map asked for boundaries, but no BOUNDARIES_GEOJSON is configured. */
  'REPORT.NO_BOUNDARIES': 404,
  /** Anything unexpected; details are logged, never sent. */
  'INTERNAL.ERROR': 500,
  /** The server is shutting down or not ready. */
  'INTERNAL.UNAVAILABLE': 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
