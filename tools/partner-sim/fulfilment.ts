import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventType, OrderEvent } from './partner-api-types';
import { type LogFunction, type PlatformTarget, sendSignedRequest, sleep } from './platform-client';

/**
 * What the partner does after acknowledging a platform call: it plays the seller and the
 * courier, reporting each step back as a signed event, one order at a time and in order.
 */
export interface Delays {
  /** Order received → `accepted` (or `rejected`). */
  acceptMs: number;
  /** `accepted` → `shipped`. */
  shipMs: number;
  /** `shipped` → `delivered`. */
  deliverMs: number;
  /** Receipt (BAST) received → `invoiced`. */
  invoiceMs: number;
  /** Payment received → `payment_forwarded`. */
  forwardMs: number;
}

export const DEFAULT_DELAYS: Delays = {
  acceptMs: 200,
  shipMs: 400,
  deliverMs: 400,
  invoiceMs: 300,
  forwardMs: 300,
};

export interface Faults {
  /** Every partner endpoint answers 503. */
  down: boolean;
  /** The next N partner calls answer 500. */
  failNext: number;
  /** The next N partner calls get no answer; the socket is destroyed after the hold time. */
  timeoutNext: number;
  /** Every event is sent twice with the same eventId and Idempotency-Key. */
  duplicateEvents: boolean;
  /** `delivered` is sent before `shipped` and retried while the platform answers 409. */
  reorderEvents: boolean;
  /** Orders are rejected instead of accepted. */
  rejectOrders: boolean;
}

/** A partial update of the faults, as `POST /_control/faults` and the config accept it. */
export const faultsPatchSchema = z.strictObject({
  down: z.boolean().optional(),
  failNext: z.number().int().min(0).optional(),
  timeoutNext: z.number().int().min(0).optional(),
  duplicateEvents: z.boolean().optional(),
  reorderEvents: z.boolean().optional(),
  rejectOrders: z.boolean().optional(),
});

export const NO_FAULTS: Faults = {
  down: false,
  failNext: 0,
  timeoutNext: 0,
  duplicateEvents: false,
  reorderEvents: false,
  rejectOrders: false,
};

export interface OrderLine {
  lineNo: number;
  qty: number;
  unitPriceIdr: number;
}

export type SimOrderStatus =
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'shipped'
  | 'delivered'
  | 'invoiced'
  | 'payment_forwarded'
  | 'cancelled';

export interface SimOrder {
  partnerCode: string;
  orderNumber: string;
  /** The last event the platform acknowledged, or `received` / `cancelled`. */
  status: SimOrderStatus;
  /** The order body as the platform sent it (null when only a later call was seen). */
  order: unknown;
  lines: OrderLine[];
  receipt: unknown;
  payment: unknown;
  cancelReason: string | null;
  invoice: { invoiceNo: string; amountIdr: number } | null;
  /** Why the last event could not be delivered, if it could not. */
  lastError: string | null;
  receivedAt: string;
}

export interface SentEvent {
  partnerCode: string;
  orderNumber: string;
  type: EventType;
  eventId: string;
  idempotencyKey: string;
  /** 1, or 2 for the deliberate duplicate of `duplicateEvents`. */
  copy: number;
  /** Last HTTP status; null while in flight or after network failures only. */
  status: number | null;
  attempts: number;
  at: string;
}

interface FulfilmentDeps {
  targetOf(partnerCode: string): PlatformTarget;
  delays: Delays;
  faults: Faults;
  sent: SentEvent[];
  log: LogFunction;
}

export function createFulfilment(deps: FulfilmentDeps) {
  const controllers = new Map<string, AbortController>();
  const chains = new Map<string, Promise<void>>();
  let invoiceSequence = 0;

  function controllerOf(order: SimOrder): AbortController {
    let controller = controllers.get(order.orderNumber);
    if (!controller) {
      controller = new AbortController();
      controllers.set(order.orderNumber, controller);
    }
    return controller;
  }

  // Steps of one order run one after another, so its events always leave in order.
  function enqueue(order: SimOrder, step: (signal: AbortSignal) => Promise<void>): void {
    const signal = controllerOf(order).signal;
    const previous = chains.get(order.orderNumber) ?? Promise.resolve();
    const next = previous
      .then(() => (signal.aborted ? undefined : step(signal)))
      .catch((error: unknown) => deps.log(`${order.orderNumber}: step failed: ${String(error)}`));
    chains.set(order.orderNumber, next);
  }

  /** Sends one event (twice under `duplicateEvents`); true when the platform took it. */
  async function emit(
    order: SimOrder,
    type: EventType,
    data: Record<string, unknown>,
    signal: AbortSignal,
    onFirstAttempt?: () => void,
  ): Promise<boolean> {
    const event: OrderEvent = { eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data };
    const idempotencyKey = randomUUID();
    const copies = deps.faults.duplicateEvents ? 2 : 1;
    let accepted = false;
    for (let copy = 1; copy <= copies; copy++) {
      const record: SentEvent = {
        partnerCode: order.partnerCode,
        orderNumber: order.orderNumber,
        type,
        eventId: event.eventId,
        idempotencyKey,
        copy,
        status: null,
        attempts: 0,
        at: new Date().toISOString(),
      };
      deps.sent.push(record);
      const response = await sendSignedRequest(deps.targetOf(order.partnerCode), {
        method: 'POST',
        path: `/api/partner/v1/orders/${encodeURIComponent(order.orderNumber)}/events`,
        body: event,
        idempotencyKey,
        signal,
        onAttempt: (attempt, status) => {
          record.attempts = attempt;
          record.status = status;
          if (attempt === 1 && copy === 1) onFirstAttempt?.();
        },
      });
      const ok = response.status !== null && response.status >= 200 && response.status < 300;
      deps.log(
        `${order.partnerCode} ${order.orderNumber} ${type}${copy > 1 ? ' (duplicate)' : ''} → ${response.status ?? 'network error'} after ${response.attempts} attempt(s)`,
      );
      if (ok) {
        accepted = true;
        // A late acknowledgement never overwrites a cancellation.
        if (order.status !== 'cancelled') order.status = type;
      } else if (copy === 1) {
        order.lastError = `${type}: ${response.status ?? 'network error'} ${JSON.stringify(response.body)}`;
      }
      if (signal.aborted) break;
    }
    return accepted;
  }

  return {
    /** A new order: accept (or reject), ship and deliver it after the configured delays. */
    onOrder(order: SimOrder): void {
      const reject = deps.faults.rejectOrders;
      enqueue(order, async (signal) => {
        await sleep(deps.delays.acceptMs, signal);
        if (signal.aborted) return;
        if (reject) {
          await emit(order, 'rejected', { reason: 'Stok penjual habis' }, signal);
          return;
        }
        if (!(await emit(order, 'accepted', {}, signal))) return;
        await sleep(deps.delays.shipMs, signal);
        if (signal.aborted) return;
        const shipped = { courier: 'JNE', trackingNo: `${randomInt(1e7, 1e8)}${randomInt(1e7, 1e8)}` };
        if (deps.faults.reorderEvents) {
          // `delivered` goes first; the platform answers 409 and it succeeds on a retry once
          // `shipped` has landed, which is what a partner with parallel workers looks like.
          let firstAttemptDone: () => void = () => {};
          const firstAttempt = new Promise<void>((resolve) => {
            firstAttemptDone = resolve;
          });
          const delivered = emit(order, 'delivered', {}, signal, firstAttemptDone);
          await Promise.race([firstAttempt, delivered]);
          await emit(order, 'shipped', shipped, signal);
          await delivered;
          return;
        }
        if (!(await emit(order, 'shipped', shipped, signal))) return;
        await sleep(deps.delays.deliverMs, signal);
        if (signal.aborted) return;
        await emit(order, 'delivered', {}, signal);
      });
    },

    /** A signed BAST: invoice the accepted quantities at the order's unit prices. */
    onReceipt(order: SimOrder, lines: { lineNo: number; qtyAccepted: number }[]): void {
      enqueue(order, async (signal) => {
        await sleep(deps.delays.invoiceMs, signal);
        if (signal.aborted) return;
        const priceOf = new Map(order.lines.map((line) => [line.lineNo, line.unitPriceIdr]));
        const amountIdr = lines.reduce(
          (sum, line) => sum + line.qtyAccepted * (priceOf.get(line.lineNo) ?? 0),
          0,
        );
        invoiceSequence += 1;
        const invoiceNo = `INV/${order.partnerCode.toUpperCase()}/${new Date().getUTCFullYear()}/${String(invoiceSequence).padStart(6, '0')}`;
        order.invoice = { invoiceNo, amountIdr };
        await emit(order, 'invoiced', { invoiceNo, amountIdr }, signal);
      });
    },

    /** The buyer paid into escrow: forward it to the seller and report the transfer. */
    onPayment(order: SimOrder, amountIdr: number): void {
      enqueue(order, async (signal) => {
        await sleep(deps.delays.forwardMs, signal);
        if (signal.aborted) return;
        const reference = `PAYOUT-${order.partnerCode.toUpperCase()}-${order.orderNumber}`;
        await emit(order, 'payment_forwarded', { amountIdr, reference }, signal);
      });
    },

    /** The platform cancelled: nothing more is sent for this order. */
    onCancel(order: SimOrder): void {
      controllerOf(order).abort();
    },

    /** Stops every pending step of every order (reset and shutdown). */
    stopAll(): void {
      for (const controller of controllers.values()) controller.abort();
      controllers.clear();
      chains.clear();
    },
  };
}
