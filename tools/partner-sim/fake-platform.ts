import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTimestampFresh, signatureMatches } from '../../src/shared/partner-signature';
import { error, header, parseJson, type Reply, readBody, reply } from './http-helpers';
import type { OrderEvent, PartnerCategory } from './partner-api-types';

/**
 * A tiny stand-in for the platform's Partner API, for the simulator's own tests: it checks
 * signatures like the platform must, records every request, and (optionally) enforces the
 * order event transitions of PARTNER-API.md with 409 and dedupes events by eventId.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
  json: unknown;
  signatureValid: boolean;
  status: number;
}

export interface FakePlatform {
  url: string;
  requests: RecordedRequest[];
  /** Event requests the fake answered 2xx, in arrival order (repeats included). */
  acceptedEvents(): (OrderEvent & { orderNumber: string; idempotencyKey: string })[];
  /** Answers the next N event requests with 503 before looking at them. */
  failNextEvents: number;
  /** Overrides the answer to a request; return undefined to fall through to the default. */
  override?: (request: RecordedRequest) => Reply | undefined;
  close(): Promise<void>;
}

export const TEST_CATEGORIES: PartnerCategory[] = [
  { code: 'ATK', name: 'Alat Tulis Kantor', parentCode: null, taxKind: 'ppn' },
  { code: 'ATK.KERTAS', name: 'Kertas HVS dan fotokopi', parentCode: 'ATK', taxKind: 'ppn' },
  { code: 'ATK.UMUM', name: 'Alat tulis dan map', parentCode: 'ATK', taxKind: 'ppn' },
  { code: 'ATK.MEJA', name: 'Perlengkapan meja (stapler, lem)', parentCode: 'ATK', taxKind: 'ppn' },
  { code: 'MEBEL', name: 'Mebel dan Perabot Kantor', parentCode: null, taxKind: 'ppn' },
  { code: 'MEBEL.MEJA', name: 'Meja dan kursi', parentCode: 'MEBEL', taxKind: 'ppn' },
  { code: 'KONSUMSI', name: 'Makanan dan Minuman', parentCode: null, taxKind: 'pbjt' },
  { code: 'KONSUMSI.KATERING', name: 'Katering nasi kotak', parentCode: 'KONSUMSI', taxKind: 'pbjt' },
  { code: 'KONSUMSI.MINUMAN', name: 'Air minum dan minuman', parentCode: 'KONSUMSI', taxKind: 'pbjt' },
  { code: 'KOMPUTER', name: 'Komputer', parentCode: null, taxKind: 'ppn' },
  { code: 'KOMPUTER.TONER', name: 'Tinta dan toner printer', parentCode: 'KOMPUTER', taxKind: 'ppn' },
  { code: 'LAIN', name: 'Lain-lain', parentCode: null, taxKind: 'ppn' },
];

/** Which state each event type needs, and where it leads (the fake skips `received`). */
const TRANSITIONS: Record<string, { from: string[]; to: string }> = {
  accepted: { from: ['sent'], to: 'accepted' },
  rejected: { from: ['sent'], to: 'rejected' },
  shipped: { from: ['accepted'], to: 'shipped' },
  delivered: { from: ['shipped'], to: 'delivered' },
  invoiced: { from: ['delivered'], to: 'invoiced' },
  payment_forwarded: { from: ['invoiced'], to: 'completed' },
  cancelled: { from: ['sent', 'accepted'], to: 'cancelled' },
};

export async function startFakePlatform(options: {
  secrets: Record<string, string>;
  enforceTransitions?: boolean;
}): Promise<FakePlatform> {
  const orderStatus = new Map<string, string>();
  const seenEventIds = new Set<string>();
  const requests: RecordedRequest[] = [];

  function answer(request: RecordedRequest, partnerCode: string): Reply {
    if (!request.signatureValid) return error(401, 'AUTH.INVALID_SIGNATURE', 'bad signature');
    const overridden = fake.override?.(request);
    if (overridden) return overridden;
    if (request.method === 'GET' && request.path === '/api/partner/v1/categories') {
      return { status: 200, body: { categories: TEST_CATEGORIES } };
    }
    if (request.method === 'PUT' && /^\/api\/partner\/v1\/(sellers|products)$/.test(request.path)) {
      const rows = Object.values(request.json as Record<string, unknown[]>)[0] ?? [];
      return { status: 200, body: { accepted: rows.length, rejected: [] } };
    }
    const event = /^\/api\/partner\/v1\/orders\/([^/]+)\/events$/.exec(request.path);
    if (request.method === 'POST' && event) {
      const orderNumber = decodeURIComponent(event[1] ?? '');
      const body = request.json as OrderEvent;
      const key = `${partnerCode}:${body.eventId}`;
      if (seenEventIds.has(key)) return { status: 200, body: { eventId: body.eventId } };
      const rule = TRANSITIONS[body.type];
      const current = orderStatus.get(orderNumber) ?? 'sent';
      if (options.enforceTransitions && !rule?.from.includes(current)) {
        return error(409, 'ORDER.INVALID_TRANSITION', `${body.type} not allowed from ${current}`);
      }
      seenEventIds.add(key);
      if (rule) orderStatus.set(orderNumber, rule.to);
      return { status: 200, body: { eventId: body.eventId } };
    }
    return error(404, 'REQUEST.NOT_FOUND', 'no route');
  }

  const server = createServer((incoming, response) => {
    void (async () => {
      const raw = (await readBody(incoming)) ?? Buffer.alloc(0);
      const path = incoming.url ?? '/';
      const partnerCode = header(incoming, 'x-partner-code');
      const timestamp = header(incoming, 'x-timestamp');
      const secret = options.secrets[partnerCode];
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        path,
        headers: Object.fromEntries(Object.entries(incoming.headers).map(([k, v]) => [k, String(v)])),
        rawBody: raw.toString('utf8'),
        json: parseJson(raw),
        signatureValid:
          secret !== undefined &&
          isTimestampFresh(timestamp) &&
          signatureMatches(
            secret,
            { timestamp, method: incoming.method ?? '', pathWithQuery: path, body: raw },
            header(incoming, 'x-signature'),
          ),
        status: 0,
      };
      let result: Reply;
      if (path.endsWith('/events') && fake.failNextEvents > 0) {
        fake.failNextEvents -= 1;
        result = error(503, 'INTERNAL.UNAVAILABLE', 'try later');
      } else {
        result = answer(request, partnerCode);
      }
      request.status = result.status;
      requests.push(request);
      reply(response, result);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakePlatform = {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNextEvents: 0,
    acceptedEvents: () =>
      requests
        .filter((r) => r.path.endsWith('/events') && r.status >= 200 && r.status < 300)
        .map((r) => ({
          ...(r.json as OrderEvent),
          orderNumber: decodeURIComponent(r.path.split('/')[5] ?? ''),
          idempotencyKey: r.headers['idempotency-key'] ?? '',
        })),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return fake;
}

/** Polls until `check` returns a truthy value (tests keep every delay tiny). */
export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
