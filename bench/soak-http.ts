import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { signedHeaders } from '../src/shared/partner-signature';
import type { Outcome, SoakStats } from './soak-stats';

/**
 * The soak clients' HTTP: node:http over kept-alive connections, paced to a total request
 * rate shared by all clients, each answer classified and recorded per route.
 */

export interface Answer {
  status: number;
  /** The parsed JSON body, or undefined (a PDF, an empty or broken body, no answer). */
  json: unknown;
  setCookie?: string | undefined;
}

export interface CallOptions {
  body?: unknown;
  cookie?: string | undefined;
  headers?: Record<string, string>;
  /** Statuses that are a success for this call (default: 200). */
  expect?: number[];
  /** Error codes of a 4xx the mix expects now and then (e.g. ORDER.OUT_OF_STOCK). */
  refusals?: string[];
}

const TIMEOUT_MS = 60_000;

export class SoakHttp {
  readonly #agent: http.Agent;
  readonly #url: URL;
  readonly #interval: number;
  #nextSlot = 0;

  constructor(
    base: string,
    clients: number,
    /** Requests per second over all clients; 0: as fast as the clients go. */
    rate: number,
    readonly stats: SoakStats,
  ) {
    this.#url = new URL(base);
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    this.#interval = rate > 0 ? 1000 / rate : 0;
  }

  /** Waits for the next request slot of the shared rate. */
  async #pace(): Promise<void> {
    if (this.#interval === 0) return;
    const now = performance.now();
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + this.#interval;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  async call(route: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    await this.#pace();
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const started = performance.now();
    const raw = await this.#send(method, path, payload, {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    });
    const ms = performance.now() - started;
    let json: unknown;
    if (raw.contentType?.includes('json')) {
      try {
        json = JSON.parse(raw.body);
      } catch {
        json = undefined;
      }
    }
    const code = (json as { error?: { code?: string } } | undefined)?.error?.code;
    const outcome: Outcome =
      raw.status === 0 || raw.status >= 500
        ? 'error'
        : (options.expect ?? [200]).includes(raw.status)
          ? 'ok'
          : raw.status >= 400 && raw.status < 500 && code && options.refusals?.includes(code)
            ? 'refused'
            : 'unexpected';
    const sample =
      outcome === 'error' || outcome === 'unexpected'
        ? `${raw.status || raw.failure} ${method} ${path.slice(0, 90)} ${raw.body.slice(0, 300)}`
        : undefined;
    this.stats.record(route, ms, outcome, sample);
    return {
      status: outcome === 'error' && raw.status === 0 ? 0 : raw.status,
      json,
      setCookie: raw.setCookie,
    };
  }

  /** A Partner API call, signed with the partner's secret, with a fresh Idempotency-Key. */
  partnerCall(
    route: string,
    partner: { code: string; secret: string },
    method: string,
    path: string,
    body: unknown,
    options: Omit<CallOptions, 'body' | 'headers'> = {},
  ): Promise<Answer> {
    const raw = JSON.stringify(body);
    return this.call(route, method, path, {
      ...options,
      body,
      headers: {
        'idempotency-key': randomUUID(),
        ...signedHeaders(partner.code, partner.secret, { method, pathWithQuery: path, body: raw }),
      },
    });
  }

  #send(
    method: string,
    path: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string; contentType?: string; setCookie?: string; failure?: string }> {
    return new Promise((resolve) => {
      const request = http.request(
        {
          host: this.#url.hostname,
          port: this.#url.port,
          method,
          path,
          agent: this.#agent,
          headers:
            payload === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              contentType: response.headers['content-type'],
              setCookie: response.headers['set-cookie']?.[0]?.split(';')[0],
            }),
          );
          response.on('error', (error) => resolve({ status: 0, body: '', failure: error.message }));
        },
      );
      request.setTimeout(TIMEOUT_MS, () => request.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
      request.on('error', (error) => resolve({ status: 0, body: '', failure: error.message }));
      request.end(payload);
    });
  }

  close() {
    this.#agent.destroy();
  }
}
