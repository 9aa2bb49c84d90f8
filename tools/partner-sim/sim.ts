import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTimestampFresh, signatureMatches } from '../../src/shared/partner-signature';
import {
  createFulfilment,
  DEFAULT_DELAYS,
  type Delays,
  type Faults,
  faultsPatchSchema,
  NO_FAULTS,
  type SentEvent,
  type SimOrder,
} from './fulfilment';
import { error, header, isLoopback, parseJson, type Reply, readBody, reply } from './http-helpers';
import {
  cancelBody,
  invalid,
  matchRoute,
  orderBody,
  orderNumberInBody,
  partnerSchema,
  paymentBody,
  type Route,
  receiptBody,
} from './partner-routes';
import type { LogFunction, PlatformTarget, RetryPolicy } from './platform-client';

/**
 * The reference partner marketplace: an HTTP server that implements the partner side of
 * PARTNER-API.md ("Platform → partner") for one or more partners under `/<partnerCode>`, acts
 * on each call asynchronously by sending signed events back, and can misbehave on request
 * (faults) so tests can prove the platform survives retries, duplicates and failures.
 */
export interface PartnerSimOptions {
  /** Where the platform listens, e.g. `http://127.0.0.1:3000`. */
  platformUrl: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  partners: { code: string; secret: string }[];
  delays?: Partial<Delays>;
  faults?: Partial<Faults>;
  /** Retry of the events sent to the platform (default 10 tries, 200 ms doubling, capped at 5 s). */
  retry?: Partial<RetryPolicy>;
  /** How long a call caught by `timeoutNext` is held before its socket is destroyed. */
  timeoutHoldMs?: number;
  log?: LogFunction;
}

export interface ReceivedCall {
  partnerCode: string;
  method: string;
  /** Path with query as received, base path included. */
  path: string;
  orderNumber: string | null;
  signatureValid: boolean;
  duplicate: boolean;
  /** The status answered; null for a call held by `timeoutNext`. */
  status: number | null;
  fault: 'down' | 'failNext' | 'timeoutNext' | null;
  at: string;
}

export interface SimState {
  received: ReceivedCall[];
  sent: SentEvent[];
  /** By order number. */
  orders: Record<string, SimOrder>;
  faults: Faults;
}

export interface StartedSim {
  port: number;
  /** `http://<host>:<port>` */
  url: string;
  /** The partner's baseUrl to register on the platform: `http://<host>:<port>/<code>`. */
  baseUrlOf(code: string): string;
}

export interface PartnerSim {
  start(): Promise<StartedSim>;
  stop(): Promise<void>;
  /** Live state, the same object `GET /_control/state` serialises. */
  state: SimState;
  /** Same as `POST /_control/faults`: merges and returns the faults in force. */
  setFaults(patch: Partial<Faults>): Faults;
  /** Same as `POST /_control/reset`. */
  reset(): void;
  /**
   * Same as `POST /_control/partners`: plays another partner or replaces its secret (the
   * platform issues secrets only once the partner, with its baseUrl, is registered).
   */
  setPartner(partner: { code: string; secret: string }): void;
}

const DEFAULT_TIMEOUT_HOLD_MS = 60_000;

export function createPartnerSim(options: PartnerSimOptions): PartnerSim {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const delays: Delays = { ...DEFAULT_DELAYS, ...options.delays };
  const startFaults: Faults = { ...NO_FAULTS, ...options.faults };
  const secrets = new Map(options.partners.map((partner) => [partner.code, partner.secret]));
  const state: SimState = { received: [], sent: [], orders: {}, faults: { ...startFaults } };
  const handled = new Set<string>();
  const held = new Set<IncomingMessage>();
  const fulfilment = createFulfilment({
    targetOf: (code): PlatformTarget => ({
      platformUrl: options.platformUrl,
      code,
      secret: secrets.get(code) ?? '',
      retry: options.retry,
      log,
    }),
    delays,
    faults: state.faults,
    sent: state.sent,
    log,
  });

  function setFaults(patch: Partial<Faults>): Faults {
    Object.assign(state.faults, patch);
    log(`faults: ${JSON.stringify(state.faults)}`);
    return state.faults;
  }

  function setPartner(partner: { code: string; secret: string }): void {
    secrets.set(partner.code, partner.secret);
    log(`partner ${partner.code}: secret set`);
  }

  function releaseHeld(): void {
    for (const request of held) request.socket.destroy();
    held.clear();
  }

  function reset(): void {
    fulfilment.stopAll();
    releaseHeld();
    // Arrays and objects are emptied in place: the fulfilment holds references to them.
    state.received.length = 0;
    state.sent.length = 0;
    for (const key of Object.keys(state.orders)) delete state.orders[key];
    Object.assign(state.faults, startFaults);
    handled.clear();
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawPath = request.url ?? '/';
    const pathname = new URL(rawPath, 'http://sim.invalid').pathname;
    if (pathname.startsWith('/_control/')) {
      reply(response, await handleControl(request, pathname));
      return;
    }
    const [, partnerCode = '', ...rest] = pathname.split('/');
    const secret = secrets.get(partnerCode);
    if (!secret) {
      reply(response, error(404, 'PARTNER.UNKNOWN', `No partner ${partnerCode} is played here`));
      return;
    }
    const raw = await readBody(request);
    if (raw === null) {
      reply(response, error(413, 'REQUEST.TOO_LARGE', 'Body larger than 5 MB'));
      return;
    }
    const route = matchRoute(request.method ?? '', rest);
    const json = parseJson(raw);
    const timestamp = header(request, 'x-timestamp');
    const signatureValid =
      header(request, 'x-partner-code') === partnerCode &&
      isTimestampFresh(timestamp) &&
      signatureMatches(
        secret,
        { timestamp, method: request.method ?? '', pathWithQuery: rawPath, body: raw },
        header(request, 'x-signature'),
      );
    const call: ReceivedCall = {
      partnerCode,
      method: request.method ?? '',
      path: rawPath,
      orderNumber: route && 'orderNumber' in route ? route.orderNumber : orderNumberInBody(json),
      signatureValid,
      duplicate: false,
      status: null,
      fault: null,
      at: new Date().toISOString(),
    };
    state.received.push(call);

    // Faults come first: a broken partner system answers before checking anything.
    const faults = state.faults;
    if (!faults.down && faults.timeoutNext > 0) {
      faults.timeoutNext -= 1;
      call.fault = 'timeoutNext';
      hold(request);
      log(`${partnerCode} ${request.method} ${rawPath}: held (timeoutNext)`);
      return;
    }
    if (faults.down) call.fault = 'down';
    else if (faults.failNext > 0) {
      faults.failNext -= 1;
      call.fault = 'failNext';
    }
    const result = answer(call, route, json, pathname);
    call.status = result.status;
    log(
      `${partnerCode} ${request.method} ${rawPath} → ${result.status}${call.duplicate ? ' (duplicate)' : ''}`,
    );
    reply(response, result);
  }

  function hold(request: IncomingMessage): void {
    held.add(request);
    const timer = setTimeout(() => {
      held.delete(request);
      request.socket.destroy();
    }, options.timeoutHoldMs ?? DEFAULT_TIMEOUT_HOLD_MS);
    request.socket.once('close', () => {
      clearTimeout(timer);
      held.delete(request);
    });
  }

  function answer(call: ReceivedCall, route: Route | null, json: unknown, pathname: string): Reply {
    if (call.fault === 'down') return error(503, 'PARTNER.UNAVAILABLE', 'Partner is down (fault)');
    if (call.fault === 'failNext') return error(500, 'PARTNER.FAILURE', 'Partner failed (fault)');
    if (!call.signatureValid)
      return error(401, 'AUTH.INVALID_SIGNATURE', 'Missing, stale or wrong signature');
    if (!route) return error(404, 'REQUEST.NOT_FOUND', `No route ${call.method} ${pathname}`);
    if (json === undefined) return error(400, 'REQUEST.MALFORMED_JSON', 'Body is not JSON');
    const partnerCode = call.partnerCode;
    switch (route.action) {
      case 'order': {
        const parsed = orderBody.safeParse(json);
        if (!parsed.success) return invalid(parsed.error);
        return once(call, pathname, parsed.data.number, () => {
          const orderNumber = parsed.data.number;
          const order = orderOrStub(partnerCode, orderNumber);
          order.order = json;
          order.lines = parsed.data.lines.map(({ lineNo, qty, unitPriceIdr }) => ({
            lineNo,
            qty,
            unitPriceIdr,
          }));
          // A cancel that overtook its order leaves nothing to fulfil.
          if (order.status !== 'cancelled') fulfilment.onOrder(order);
          return null;
        });
      }
      case 'receipt': {
        const parsed = receiptBody.safeParse(json);
        if (!parsed.success) return invalid(parsed.error);
        return once(call, pathname, route.orderNumber, (orderNumber) => {
          const order = state.orders[orderNumber];
          // The invoice is priced from the stored order lines, so the order must be known.
          if (!order?.order) return error(404, 'ORDER.UNKNOWN', `Order ${orderNumber} was never received`);
          const lineNos = new Set(order.lines.map((line) => line.lineNo));
          const unknown = parsed.data.lines
            .filter((line) => !lineNos.has(line.lineNo))
            .map((line) => line.lineNo);
          if (unknown.length > 0)
            return error(422, 'RECEIPT.UNKNOWN_LINE', `Unknown lines ${unknown.join(', ')}`);
          order.receipt = json;
          fulfilment.onReceipt(order, parsed.data.lines);
          return null;
        });
      }
      case 'payment': {
        const parsed = paymentBody.safeParse(json);
        if (!parsed.success) return invalid(parsed.error);
        return once(call, pathname, route.orderNumber, (orderNumber) => {
          const order = orderOrStub(partnerCode, orderNumber);
          order.payment = json;
          fulfilment.onPayment(order, parsed.data.amountIdr);
          return null;
        });
      }
      case 'cancel': {
        const parsed = cancelBody.safeParse(json);
        if (!parsed.success) return invalid(parsed.error);
        return once(call, pathname, route.orderNumber, (orderNumber) => {
          const order = orderOrStub(partnerCode, orderNumber);
          order.status = 'cancelled';
          order.cancelReason = parsed.data.reason ?? null;
          fulfilment.onCancel(order);
          return null;
        });
      }
    }
  }

  /**
   * PARTNER-API.md: partners dedupe by orderNumber + path. The first successful call has its
   * effect; a repeat answers the same 200 and has none. A refused call does not count.
   */
  function once(
    call: ReceivedCall,
    pathname: string,
    orderNumber: string,
    effect: (orderNumber: string) => Reply | null,
  ): Reply {
    call.orderNumber = orderNumber;
    const key = `${pathname}#${orderNumber}`;
    if (handled.has(key)) {
      call.duplicate = true;
      return { status: 200, body: { received: true } };
    }
    const refusal = effect(orderNumber);
    if (refusal) return refusal;
    handled.add(key);
    return { status: 200, body: { received: true } };
  }

  function orderOrStub(partnerCode: string, orderNumber: string): SimOrder {
    state.orders[orderNumber] ??= newOrder(partnerCode, orderNumber);
    return state.orders[orderNumber];
  }

  async function handleControl(request: IncomingMessage, pathname: string): Promise<Reply> {
    // Unsigned by design, so only reachable from the same machine.
    if (!isLoopback(request.socket.remoteAddress)) return error(403, 'CONTROL.FORBIDDEN', 'Loopback only');
    const route = `${request.method} ${pathname}`;
    if (route === 'GET /_control/state') return { status: 200, body: state };
    if (route === 'POST /_control/reset') {
      reset();
      return { status: 200, body: { faults: state.faults } };
    }
    if (route === 'POST /_control/partners') {
      const parsed = partnerSchema.safeParse(parseJson((await readBody(request)) ?? Buffer.alloc(0)));
      if (!parsed.success) return invalid(parsed.error);
      setPartner(parsed.data);
      return { status: 200, body: { partners: [...secrets.keys()] } };
    }
    if (route === 'POST /_control/faults') {
      const raw = await readBody(request);
      const parsed = faultsPatchSchema.safeParse(raw === null ? undefined : parseJson(raw));
      if (!parsed.success)
        return error(400, 'REQUEST.INVALID', 'Unknown or invalid fault', parsed.error.issues);
      return { status: 200, body: { faults: setFaults(parsed.data) } };
    }
    return error(404, 'REQUEST.NOT_FOUND', `No route ${route}`);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((failure: unknown) => {
      log(`internal error: ${String(failure)}`);
      if (!response.headersSent) reply(response, error(500, 'INTERNAL.ERROR', 'Partner simulator failed'));
    });
  });

  return {
    state,
    setFaults,
    setPartner,
    reset,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return { port, url, baseUrlOf: (code: string) => `${url}/${code}` };
    },
    async stop() {
      fulfilment.stopAll();
      releaseHeld();
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function newOrder(partnerCode: string, orderNumber: string): SimOrder {
  return {
    partnerCode,
    orderNumber,
    status: 'received',
    order: null,
    lines: [],
    receipt: null,
    payment: null,
    cancelReason: null,
    invoice: null,
    lastError: null,
    receivedAt: new Date().toISOString(),
  };
}
