import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  isTimestampFresh,
  SIGNATURE_MAX_SKEW_SECONDS,
  sha256Hex,
  signatureMatches,
  signedHeaders,
} from './partner-signature';

/**
 * Known-answer vectors for PARTNER-API.md "Authentication", computed outside this code with
 * OpenSSL (the contract gives no example), so signer and verifier cannot agree on a wrong
 * canonical string:
 *
 *   B='{"products":[{"externalId":"P-1","priceIdr":55000}]}'
 *   printf '%s' "$B" | openssl dgst -sha256 -r
 *   printf '%s' "1767225600.PUT./api/partner/v1/products?dryRun=1.<that hash>" \
 *     | openssl dgst -sha256 -hmac 'rahasia-mitra-uji-2026' -r
 *   printf '' | openssl dgst -sha256 -r                     # the empty body
 *   printf '%s' "1767225600.GET./api/partner/v1/categories.<that hash>" | openssl dgst …
 *   printf '%s' "<the PUT canonical string>" | tr a-z A-Z | openssl dgst …   # uppercased
 */
const SECRET = 'rahasia-mitra-uji-2026';
const TIMESTAMP = 1_767_225_600; // 2026-01-01T00:00:00Z
const BODY = '{"products":[{"externalId":"P-1","priceIdr":55000}]}';
const BODY_SHA256 = 'd6ae055461a4ef8ce4794a06d5a84d7a0d593132b28e398e4aa0162af5cd1512';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const PUT_SIGNATURE = 'v1=bac016ed8985d0fc03fdb96ca27135848af17cc260bab515775c03db14b4ab17';
const GET_SIGNATURE = 'v1=458d421b7d202f637f8e4b9d1f31f95e6db28726bd62adbee144de1c48e557e5';
/** HMAC of the PUT canonical string uppercased: what a signer that uppercased it would send. */
const UPPERCASED_SIGNATURE = 'v1=19ff1e2889eba643873c431685546ab53ebd264b3ed366980436758ec34b7aec';

const put = { method: 'PUT', pathWithQuery: '/api/partner/v1/products?dryRun=1', body: BODY };
const get = { method: 'GET', pathWithQuery: '/api/partner/v1/categories', body: '' };

describe('request signature (known-answer vectors from OpenSSL)', () => {
  it('hashes the raw body as lowercase hex SHA-256, the empty body as the empty string', () => {
    expect(sha256Hex(BODY)).toBe(BODY_SHA256);
    expect(sha256Hex(new TextEncoder().encode(BODY))).toBe(BODY_SHA256);
    expect(sha256Hex('')).toBe(EMPTY_SHA256);
  });

  it('signs `<timestamp>.<METHOD>.<path with query>.<body hash>` as v1=<lowercase hex HMAC-SHA256>', () => {
    expect(computeSignature(SECRET, { ...put, timestamp: TIMESTAMP })).toBe(PUT_SIGNATURE);
    expect(computeSignature(SECRET, { ...put, timestamp: String(TIMESTAMP) })).toBe(PUT_SIGNATURE);
    expect(computeSignature(SECRET, { ...get, timestamp: TIMESTAMP })).toBe(GET_SIGNATURE);
  });

  it('uppercases the method, whatever case it is given in', () => {
    expect(computeSignature(SECRET, { ...put, method: 'put', timestamp: TIMESTAMP })).toBe(PUT_SIGNATURE);
  });

  it('accepts exactly the vector: not the uppercased canonical string, another secret, body, path or time', () => {
    const input = { ...put, timestamp: String(TIMESTAMP) };
    expect(signatureMatches(SECRET, input, PUT_SIGNATURE)).toBe(true);
    expect(signatureMatches(SECRET, input, UPPERCASED_SIGNATURE)).toBe(false);
    expect(signatureMatches(SECRET, input, PUT_SIGNATURE.toUpperCase())).toBe(false);
    expect(signatureMatches(`${SECRET}x`, input, PUT_SIGNATURE)).toBe(false);
    expect(signatureMatches(SECRET, { ...input, body: `${BODY} ` }, PUT_SIGNATURE)).toBe(false);
    expect(
      signatureMatches(SECRET, { ...input, pathWithQuery: '/api/partner/v1/products' }, PUT_SIGNATURE),
    ).toBe(false);
    expect(signatureMatches(SECRET, { ...input, timestamp: TIMESTAMP + 1 }, PUT_SIGNATURE)).toBe(false);
  });

  it('refuses a signature of the wrong length without throwing', () => {
    const input = { ...put, timestamp: TIMESTAMP };
    for (const received of [
      '',
      'v1=',
      PUT_SIGNATURE.slice(0, -1),
      `${PUT_SIGNATURE}0`,
      PUT_SIGNATURE.slice(3),
    ]) {
      expect(signatureMatches(SECRET, input, received)).toBe(false);
    }
  });

  it('signed headers carry the partner code, the whole second of `now` and the vector', () => {
    const headers = signedHeaders('mitra-uji', SECRET, put, new Date(TIMESTAMP * 1000 + 999));
    expect(headers).toEqual({
      'X-Partner-Code': 'mitra-uji',
      'X-Timestamp': String(TIMESTAMP),
      'X-Signature': PUT_SIGNATURE,
    });
  });
});

describe('timestamp window (300 s either way)', () => {
  /** `now` in the middle of a second, so rounding up instead of down would show. */
  const now = new Date(TIMESTAMP * 1000 + 999);
  const at = (offset: number) => String(TIMESTAMP + offset);

  it('is 300 seconds', () => {
    expect(SIGNATURE_MAX_SKEW_SECONDS).toBe(300);
  });

  it.each([-301, 301])('%i s away is stale', (offset) => {
    expect(isTimestampFresh(at(offset), now)).toBe(false);
  });

  it.each([-300, -299, 0, 299, 300])('%i s away is fresh', (offset) => {
    expect(isTimestampFresh(at(offset), now)).toBe(true);
  });

  it.each([
    'abc',
    '',
    `${TIMESTAMP}.5`,
    `-${TIMESTAMP}`,
    `+${TIMESTAMP}`,
    ` ${TIMESTAMP}`,
    `${TIMESTAMP} `,
    `0x${TIMESTAMP.toString(16)}`,
    '1.7672256e9',
    `000${TIMESTAMP}`,
    `${TIMESTAMP}000`,
  ])('the non-numeric or malformed timestamp %j is refused', (timestamp) => {
    expect(isTimestampFresh(timestamp, now)).toBe(false);
  });

  it('the current clock is used when no `now` is given', () => {
    expect(isTimestampFresh(String(Math.floor(Date.now() / 1000)))).toBe(true);
    expect(isTimestampFresh(String(Math.floor(Date.now() / 1000) - 3600))).toBe(false);
  });
});
