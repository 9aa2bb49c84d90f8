import { randomUUID } from 'node:crypto';
import { signedHeaders } from '../../src/shared/partner-signature';
import type { PartnerCategory, ProductRow, PushResult, SellerRow, TransactionRow } from './partner-api-types';

/**
 * The partner's side of the calls it makes to the platform (PARTNER-API.md "Partner →
 * platform"): signed, with an Idempotency-Key, and retried with the same key and body so that a
 * lost answer never does the work twice.
 */
export type LogFunction = (message: string) => void;

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** How long one attempt may take before it counts as a network failure. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 10,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  attemptTimeoutMs: 10_000,
};

/** One partner as seen from the platform: where to call and with which credentials. */
export interface PlatformTarget {
  platformUrl: string;
  code: string;
  secret: string;
  retry?: Partial<RetryPolicy>;
  log?: LogFunction;
}

export interface SignedRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the platform URL, e.g. `/api/partner/v1/sellers`. */
  path: string;
  body?: unknown;
  /** Reused on every retry; a fresh one is made when absent on PUT/POST. */
  idempotencyKey?: string;
  /** Aborts the waits between retries (an attempt already sent still completes). */
  signal?: AbortSignal;
  /** Called after each attempt with its HTTP status, or null on a network failure. */
  onAttempt?: (attempt: number, status: number | null) => void;
}

export interface SignedResponse {
  /** The last HTTP status, or null when every attempt failed on the network. */
  status: number | null;
  body: unknown;
  attempts: number;
  idempotencyKey: string | null;
}

export class PlatformRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'PlatformRequestError';
  }
}

/**
 * Sends one signed request, retrying network failures, 5xx, 429 and 409 (an event that arrives
 * before the one it follows) with doubling backoff. Other 4xx answers are final. Each attempt is
 * signed afresh, so a long retry never goes stale, but the body and key never change.
 */
export async function sendSignedRequest(
  target: PlatformTarget,
  request: SignedRequest,
): Promise<SignedResponse> {
  const policy = { ...DEFAULT_RETRY, ...target.retry };
  const url = joinUrl(target.platformUrl, request.path);
  const pathWithQuery = url.pathname + url.search;
  const rawBody = request.body === undefined ? '' : JSON.stringify(request.body);
  const idempotencyKey = request.method === 'GET' ? null : (request.idempotencyKey ?? randomUUID());
  let delay = policy.initialDelayMs;
  let last: SignedResponse = { status: null, body: null, attempts: 0, idempotencyKey };
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (request.signal?.aborted) break;
    last = {
      ...(await attemptOnce(target, request, url, pathWithQuery, rawBody, idempotencyKey, policy)),
      attempts: attempt,
    };
    request.onAttempt?.(attempt, last.status);
    if (!isRetryable(last.status, last.body) || attempt === policy.maxAttempts) break;
    target.log?.(
      `${target.code} ${request.method} ${request.path}: ${last.status ?? 'network error'}, retry in ${delay} ms`,
    );
    await sleep(delay, request.signal);
    delay = Math.min(delay * 2, policy.maxDelayMs);
  }
  return last;
}

async function attemptOnce(
  target: PlatformTarget,
  request: SignedRequest,
  url: URL,
  pathWithQuery: string,
  rawBody: string,
  idempotencyKey: string | null,
  policy: RetryPolicy,
): Promise<Omit<SignedResponse, 'attempts'>> {
  const headers: Record<string, string> = {
    ...signedHeaders(target.code, target.secret, { method: request.method, pathWithQuery, body: rawBody }),
    accept: 'application/json',
  };
  if (rawBody !== '') headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: rawBody === '' ? undefined : rawBody,
      signal: AbortSignal.timeout(policy.attemptTimeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text), idempotencyKey };
  } catch (error) {
    return { status: null, body: { error: String(error) }, idempotencyKey };
  }
}

function isRetryable(status: number | null, body: unknown): boolean {
  if (status === null || status >= 500 || status === 429) return true;
  // Reusing a key with another body will never succeed, whatever the wait.
  if (status === 409) return errorCodeOf(body) !== 'IDEMPOTENCY.KEY_REUSED';
  return false;
}

export function errorCodeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
}

/** `GET /api/partner/v1/categories`: the category tree products are filed under. */
export async function fetchCategories(target: PlatformTarget): Promise<PartnerCategory[]> {
  const response = await requireOk(target, { method: 'GET', path: '/api/partner/v1/categories' });
  return (response as { categories: PartnerCategory[] }).categories;
}

export const MAX_BATCH_ROWS = 1000;

/** `PUT /api/partner/v1/sellers` in batches of at most 1000 rows; one response per batch. */
export async function pushSellers(target: PlatformTarget, rows: readonly SellerRow[]): Promise<PushResult[]> {
  return pushInBatches(target, '/api/partner/v1/sellers', 'sellers', rows);
}

/** `PUT /api/partner/v1/products` in batches of at most 1000 rows; one response per batch. */
export async function pushProducts(
  target: PlatformTarget,
  rows: readonly ProductRow[],
): Promise<PushResult[]> {
  return pushInBatches(target, '/api/partner/v1/products', 'products', rows);
}

async function pushInBatches<Row>(
  target: PlatformTarget,
  path: string,
  field: 'sellers' | 'products',
  rows: readonly Row[],
): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (let start = 0; start < rows.length; start += MAX_BATCH_ROWS) {
    const batch = rows.slice(start, start + MAX_BATCH_ROWS);
    const body = await requireOk(target, { method: 'PUT', path, body: { [field]: batch } });
    results.push(body as PushResult);
  }
  return results;
}

/** `POST /api/partner/v1/transactions`: an order a government buyer placed on the partner's own site. */
export async function reportTransaction(
  target: PlatformTarget,
  transaction: TransactionRow,
): Promise<unknown> {
  return requireOk(target, { method: 'POST', path: '/api/partner/v1/transactions', body: transaction });
}

async function requireOk(target: PlatformTarget, request: SignedRequest): Promise<unknown> {
  const response = await sendSignedRequest(target, request);
  if (response.status === null || response.status < 200 || response.status >= 300) {
    throw new PlatformRequestError(
      `${request.method} ${request.path} for ${target.code} failed: ${response.status ?? 'network error'} ${JSON.stringify(response.body)}`,
      response.status,
      response.body,
    );
  }
  return response.body;
}

/** Keeps a path prefix of the platform URL (`http://host/blangkon` + `/api/…`). */
function joinUrl(base: string, path: string): URL {
  const url = new URL(base);
  const [pathname = '', query] = path.split('?');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${pathname}`;
  url.search = query ? `?${query}` : '';
  return url;
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Resolves after `ms`, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
