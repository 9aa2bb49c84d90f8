import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Request signing of the Partner API (PARTNER-API.md "Authentication"), used in both
 * directions: `X-Signature: v1=<hex HMAC-SHA256>` over
 * `<timestamp>.<METHOD>.<path with query>.<hex SHA-256 of the raw body>`.
 */
export const SIGNATURE_MAX_SKEW_SECONDS = 300;

export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

export interface SignatureInput {
  /** Unix seconds, as sent in X-Timestamp. */
  timestamp: number | string;
  method: string;
  /** Path with query string, exactly as sent, e.g. `/api/partner/v1/products?x=1`. */
  pathWithQuery: string;
  /** The raw body bytes (empty string when there is none). */
  body: string | Uint8Array;
}

export function computeSignature(secret: string, input: SignatureInput): string {
  const canonical = `${input.timestamp}.${input.method.toUpperCase()}.${input.pathWithQuery}.${sha256Hex(input.body)}`;
  return `v1=${createHmac('sha256', secret).update(canonical).digest('hex')}`;
}

/** The three headers of a signed request from `partnerCode`. */
export function signedHeaders(
  partnerCode: string,
  secret: string,
  request: Omit<SignatureInput, 'timestamp'>,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'X-Partner-Code': partnerCode,
    'X-Timestamp': String(timestamp),
    'X-Signature': computeSignature(secret, { ...request, timestamp }),
  };
}

/** Whether a timestamp header lies within the allowed window of `now`. */
export function isTimestampFresh(timestamp: string, now: Date = new Date()): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) <= SIGNATURE_MAX_SKEW_SECONDS;
}

/** Constant-time comparison of a received signature against the expected one. */
export function signatureMatches(secret: string, input: SignatureInput, received: string): boolean {
  const expected = Buffer.from(computeSignature(secret, input));
  const actual = Buffer.from(received);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
