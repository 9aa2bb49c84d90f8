import { afterEach, describe, expect, it } from 'vitest';
import { computeSignature, signatureMatches, signedHeaders } from '../../src/shared/partner-signature';
import { type FakePlatform, startFakePlatform, waitFor } from './fake-platform';
import type { Faults } from './fulfilment';
import { createPartnerSim, type PartnerSim, type PartnerSimOptions } from './sim';

const CODE = 'gratis-ongkir';
const SECRET = 'test-secret-gratis-ongkir';
const TINY_DELAYS = { acceptMs: 5, shipMs: 5, deliverMs: 5, invoiceMs: 5, forwardMs: 5 };

let platform: FakePlatform;
let sim: PartnerSim;
let simUrl: string;

async function setUp(overrides: Partial<PartnerSimOptions> = {}, enforceTransitions = true) {
  platform = await startFakePlatform({ secrets: { [CODE]: SECRET }, enforceTransitions });
  sim = createPartnerSim({
    platformUrl: platform.url,
    partners: [{ code: CODE, secret: SECRET }],
    delays: TINY_DELAYS,
    retry: { initialDelayMs: 10, maxDelayMs: 40 },
    ...overrides,
  });
  simUrl = (await sim.start()).url;
}

afterEach(async () => {
  await sim?.stop();
  await platform?.close();
});

function order(number: string) {
  return {
    number,
    status: 'sent',
    seller: { id: 'x', externalId: 'S-00001', name: 'CV Berkah Jaya Batang' },
    lines: [
      { lineNo: 1, productExternalId: 'P-000001', name: 'Kertas HVS A4', qty: 10, unitPriceIdr: 55_000 },
      { lineNo: 2, productExternalId: 'P-000002', name: 'Map plastik', qty: 20, unitPriceIdr: 3_500 },
    ],
  };
}

/** Calls the sim the way the platform does: signed over the full path, base path included. */
async function callPartner(path: string, body: unknown, sign: { secret?: string; now?: Date } = {}) {
  const raw = JSON.stringify(body);
  const headers = signedHeaders(
    CODE,
    sign.secret ?? SECRET,
    { method: 'POST', pathWithQuery: path, body: raw },
    sign.now,
  );
  const response = await fetch(`${simUrl}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function setFaultsOverHttp(patch: Partial<Faults>) {
  const response = await fetch(`${simUrl}/_control/faults`, { method: 'POST', body: JSON.stringify(patch) });
  return (await response.json()) as { faults: Faults };
}

const eventTypes = (orderNumber: string) =>
  platform
    .acceptedEvents()
    .filter((event) => event.orderNumber === orderNumber)
    .map((event) => event.type);

describe('partner endpoints: authentication and deduplication', () => {
  it('refuses a call signed with the wrong secret with 401 and acts on nothing', async () => {
    await setUp();
    const result = await callPartner(`/${CODE}/orders`, order('BLK-1'), { secret: 'wrong' });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ error: { code: 'AUTH.INVALID_SIGNATURE' } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sim.state.orders['BLK-1']).toBeUndefined();
    expect(platform.requests).toHaveLength(0);
    expect(sim.state.received[0]).toMatchObject({ signatureValid: false, status: 401 });
  });

  it('refuses a timestamp more than 300 s old with 401', async () => {
    await setUp();
    const stale = new Date(Date.now() - 301_000);
    const result = await callPartner(`/${CODE}/orders`, order('BLK-2'), { now: stale });
    expect(result.status).toBe(401);
  });

  it('refuses a signature computed over the path without the base path', async () => {
    await setUp();
    const raw = JSON.stringify(order('BLK-3'));
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = computeSignature(SECRET, {
      timestamp,
      method: 'POST',
      pathWithQuery: '/orders',
      body: raw,
    });
    const response = await fetch(`${simUrl}/${CODE}/orders`, {
      method: 'POST',
      headers: { 'X-Partner-Code': CODE, 'X-Timestamp': String(timestamp), 'X-Signature': signature },
      body: raw,
    });
    expect(response.status).toBe(401);
  });

  it('answers a repeated order 200 like the first and sends only one accepted event', async () => {
    await setUp();
    const first = await callPartner(`/${CODE}/orders`, order('BLK-4'));
    const second = await callPartner(`/${CODE}/orders`, order('BLK-4'));
    expect(first).toEqual({ status: 200, body: { received: true } });
    expect(second).toEqual(first);
    await waitFor(() => sim.state.orders['BLK-4']?.status === 'delivered');
    expect(eventTypes('BLK-4').filter((type) => type === 'accepted')).toHaveLength(1);
    expect(sim.state.received.map((call) => call.duplicate)).toEqual([false, true]);
  });
});

describe('order fulfilment: events sent to the platform', () => {
  it('takes an order through accepted → shipped → delivered with events signed by the partner secret', async () => {
    await setUp();
    await callPartner(`/${CODE}/orders`, order('BLK-10'));
    await waitFor(() => eventTypes('BLK-10').length === 3);
    expect(eventTypes('BLK-10')).toEqual(['accepted', 'shipped', 'delivered']);
    const eventRequests = platform.requests.filter((request) => request.path.endsWith('/events'));
    for (const request of eventRequests) {
      expect(request.path).toBe('/api/partner/v1/orders/BLK-10/events');
      expect(request.headers['x-partner-code']).toBe(CODE);
      const input = {
        timestamp: request.headers['x-timestamp'] ?? '',
        method: 'POST',
        pathWithQuery: request.path,
        body: request.rawBody,
      };
      expect(signatureMatches(SECRET, input, request.headers['x-signature'] ?? '')).toBe(true);
    }
    const events = platform.acceptedEvents();
    expect(new Set(events.map((event) => event.eventId)).size).toBe(3);
    expect(new Set(events.map((event) => event.idempotencyKey)).size).toBe(3);
    expect(events[1]?.data).toMatchObject({ courier: 'JNE', trackingNo: expect.stringMatching(/^\d+$/) });
    for (const event of events) expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
  });

  it('invoices the accepted quantities at the order unit prices after a receipt', async () => {
    await setUp();
    await callPartner(`/${CODE}/orders`, order('BLK-11'));
    await waitFor(() => sim.state.orders['BLK-11']?.status === 'delivered');
    const receipt = {
      bastNumber: 'BAST-1',
      receivedAt: new Date().toISOString(),
      lines: [
        { lineNo: 1, qtyAccepted: 8 },
        { lineNo: 2, qtyAccepted: 20 },
      ],
    };
    expect((await callPartner(`/${CODE}/orders/BLK-11/receipt`, receipt)).status).toBe(200);
    await waitFor(() => eventTypes('BLK-11').includes('invoiced'));
    const invoiced = platform.acceptedEvents().find((event) => event.type === 'invoiced');
    expect(invoiced?.data).toMatchObject({
      amountIdr: 8 * 55_000 + 20 * 3_500,
      invoiceNo: expect.any(String),
    });
  });

  it('forwards a payment with the amount paid', async () => {
    await setUp({}, false);
    const payment = {
      method: 'va',
      amountIdr: 510_000,
      paidAt: new Date().toISOString(),
      reference: 'VA-123',
    };
    expect((await callPartner(`/${CODE}/orders/BLK-12/payment`, payment)).status).toBe(200);
    await waitFor(() => eventTypes('BLK-12').includes('payment_forwarded'));
    const forwarded = platform.acceptedEvents().find((event) => event.type === 'payment_forwarded');
    expect(forwarded?.data).toMatchObject({ amountIdr: 510_000, reference: expect.any(String) });
  });

  it('stops the pending steps of an order the platform cancels', async () => {
    await setUp({ delays: { ...TINY_DELAYS, acceptMs: 250 } });
    await callPartner(`/${CODE}/orders`, order('BLK-13'));
    expect((await callPartner(`/${CODE}/orders/BLK-13/cancel`, { reason: 'Salah pesan' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(eventTypes('BLK-13')).toEqual([]);
    expect(sim.state.orders['BLK-13']).toMatchObject({ status: 'cancelled', cancelReason: 'Salah pesan' });
  });

  it('retries an event after a 5xx with the same eventId, Idempotency-Key and body', async () => {
    await setUp();
    platform.failNextEvents = 2;
    await callPartner(`/${CODE}/orders`, order('BLK-14'));
    await waitFor(() => sim.state.sent[0]?.status === 200);
    const attempts = platform.requests.filter((request) => request.path.endsWith('/events')).slice(0, 3);
    expect(attempts.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(new Set(attempts.map((request) => request.rawBody)).size).toBe(1);
    expect(new Set(attempts.map((request) => request.headers['idempotency-key'])).size).toBe(1);
    expect(sim.state.sent[0]).toMatchObject({ type: 'accepted', status: 200, attempts: 3 });
  });
});

describe('faults', () => {
  it('down makes every partner endpoint answer 503 until it is switched off', async () => {
    await setUp({ faults: { down: true } });
    expect((await callPartner(`/${CODE}/orders`, order('BLK-20'))).status).toBe(503);
    expect((await callPartner(`/${CODE}/orders/BLK-20/cancel`, { reason: 'x' })).status).toBe(503);
    expect((await setFaultsOverHttp({ down: false })).faults.down).toBe(false);
    expect((await callPartner(`/${CODE}/orders`, order('BLK-20'))).status).toBe(200);
  });

  it('failNext answers 500 to the next N calls, and the retry that succeeds is not a duplicate', async () => {
    await setUp();
    await setFaultsOverHttp({ failNext: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await callPartner(`/${CODE}/orders`, order('BLK-21'))).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(sim.state.received.at(-1)).toMatchObject({ duplicate: false, fault: null });
    await waitFor(() => eventTypes('BLK-21').includes('accepted'));
  });

  it('timeoutNext holds the next call without an answer until its socket is destroyed', async () => {
    await setUp({ timeoutHoldMs: 100, faults: { timeoutNext: 1 } });
    await expect(callPartner(`/${CODE}/orders`, order('BLK-22'))).rejects.toThrow();
    expect((await callPartner(`/${CODE}/orders`, order('BLK-22'))).status).toBe(200);
    expect(sim.state.received[0]).toMatchObject({ fault: 'timeoutNext', status: null });
  });

  it('rejectOrders sends rejected with a reason instead of accepted', async () => {
    await setUp({ faults: { rejectOrders: true } });
    await callPartner(`/${CODE}/orders`, order('BLK-23'));
    await waitFor(() => eventTypes('BLK-23').length === 1);
    expect(platform.acceptedEvents()[0]).toMatchObject({
      type: 'rejected',
      data: { reason: expect.any(String) },
    });
  });

  it('duplicateEvents sends every event twice with the same eventId and Idempotency-Key', async () => {
    await setUp({ faults: { duplicateEvents: true } });
    await callPartner(`/${CODE}/orders`, order('BLK-24'));
    await waitFor(() => eventTypes('BLK-24').length === 6);
    const events = platform.acceptedEvents();
    expect(events.map((event) => event.type)).toEqual([
      'accepted',
      'accepted',
      'shipped',
      'shipped',
      'delivered',
      'delivered',
    ]);
    for (let i = 0; i < 6; i += 2) {
      expect(events[i + 1]?.eventId).toBe(events[i]?.eventId);
      expect(events[i + 1]?.idempotencyKey).toBe(events[i]?.idempotencyKey);
    }
  });

  it('reorderEvents sends delivered before shipped and retries it after the 409', async () => {
    await setUp({ faults: { reorderEvents: true } });
    await callPartner(`/${CODE}/orders`, order('BLK-25'));
    await waitFor(() => sim.state.orders['BLK-25']?.status === 'delivered');
    const attempts = platform.requests
      .filter((request) => request.path.endsWith('/events'))
      .map((request) => `${(request.json as { type: string }).type}:${request.status}`);
    expect(attempts.slice(0, 2)).toEqual(['accepted:200', 'delivered:409']);
    // Retries of `delivered` may hit 409 again until `shipped` lands; then it succeeds once.
    expect(attempts.indexOf('shipped:200')).toBeLessThan(attempts.indexOf('delivered:200'));
    expect(attempts.filter((attempt) => attempt === 'delivered:200')).toHaveLength(1);
  });
});

describe('control API', () => {
  it('reports received calls, sent events and orders, and reset clears them', async () => {
    await setUp();
    await callPartner(`/${CODE}/orders`, order('BLK-30'));
    await waitFor(() => sim.state.orders['BLK-30']?.status === 'delivered');
    const state = (await (await fetch(`${simUrl}/_control/state`)).json()) as Record<string, unknown>;
    expect(state.received).toEqual([
      expect.objectContaining({
        partnerCode: CODE,
        method: 'POST',
        path: `/${CODE}/orders`,
        orderNumber: 'BLK-30',
      }),
    ]);
    expect(state.sent).toHaveLength(3);
    expect(state.orders).toHaveProperty('BLK-30');
    await fetch(`${simUrl}/_control/reset`, { method: 'POST' });
    expect(sim.state).toMatchObject({ received: [], sent: [], orders: {} });
  });

  it('plays a partner added at run time through /_control/partners, with its new secret', async () => {
    await setUp({ partners: [] });
    expect((await callPartner(`/${CODE}/orders`, order('BLK-31'))).status).toBe(404);
    const added = await fetch(`${simUrl}/_control/partners`, {
      method: 'POST',
      body: JSON.stringify({ code: CODE, secret: SECRET }),
    });
    expect(await added.json()).toEqual({ partners: [CODE] });
    expect((await callPartner(`/${CODE}/orders`, order('BLK-31'))).status).toBe(200);
    await waitFor(() => eventTypes('BLK-31').includes('accepted'));
  });

  it('refuses an unknown fault name with 400', async () => {
    await setUp();
    const response = await fetch(`${simUrl}/_control/faults`, { method: 'POST', body: '{"dwn":true}' });
    expect(response.status).toBe(400);
  });
});
