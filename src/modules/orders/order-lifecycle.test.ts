import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import {
  assertTransition,
  findTransition,
  type OrderStatus,
  orderStatuses,
  orderTransitions,
  partnerEventTargets,
  partnerEventTypes,
  type TransitionActor,
} from './order-lifecycle';

/**
 * The lifecycle written out by hand, independently of `orderTransitions`: who may move an
 * order from which status to which, and the action recorded. Every (status, status, role)
 * triple is checked against it, so deleting, adding or widening a row of the code's table
 * fails here.
 */
const expected: Array<[from: OrderStatus, to: OrderStatus, action: string, by: TransitionActor[]]> = [
  ['pending_approval', 'sent', 'approve', ['ppk']],
  ['pending_approval', 'cancelled', 'cancel', ['pp', 'ppk']],
  ['sent', 'accepted', 'accept', ['partner']],
  ['sent', 'rejected', 'reject', ['partner']],
  ['sent', 'cancelled', 'cancel', ['partner', 'pp', 'ppk', 'system']],
  ['sent', 'routing_failed', 'routing_fail', ['system']],
  ['routing_failed', 'sent', 'retry_routing', ['operator']],
  ['routing_failed', 'cancelled', 'cancel', ['pp', 'ppk', 'operator']],
  ['accepted', 'shipped', 'ship', ['partner']],
  ['accepted', 'cancelled', 'cancel', ['partner', 'pp', 'ppk']],
  ['shipped', 'delivered', 'deliver', ['partner']],
  ['delivered', 'received', 'receive', ['ppk']],
  ['received', 'invoiced', 'invoice', ['partner']],
  ['invoiced', 'paid', 'pay', ['bendahara']],
  ['paid', 'completed', 'forward_payment', ['partner']],
];

const statuses: OrderStatus[] = [
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
];
const roles: TransitionActor[] = ['pp', 'ppk', 'bendahara', 'partner', 'system', 'operator'];

function expectedRow(from: OrderStatus, to: OrderStatus, by: TransitionActor) {
  return expected.find(([f, t, , who]) => f === from && t === to && who.includes(by));
}

/** What the refusal must list: the targets `by` may reach from `from`, in table order. */
function expectedAllowed(from: OrderStatus, by: TransitionActor): OrderStatus[] {
  return expected.filter(([f, , , who]) => f === from && who.includes(by)).map(([, t]) => t);
}

function refusalOf(from: OrderStatus, to: OrderStatus, by: TransitionActor): AppError {
  try {
    assertTransition(from, to, by);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${from} → ${to} by ${by} was allowed`);
}

describe('the order lifecycle table', () => {
  it('has the statuses of PUBLIC-API.md, the happy path first, then the side exits', () => {
    expect(orderStatuses).toEqual(statuses);
  });

  it('has exactly the hand-written rows, with their actions and actors', () => {
    expect(orderTransitions.map((t) => [t.from, t.to, t.action, [...t.by]])).toEqual(expected);
  });

  const triples = statuses.flatMap((from) =>
    statuses.flatMap((to) => roles.map((by) => [from, to, by] as const)),
  );

  it.each(triples.filter(([from, to, by]) => expectedRow(from, to, by)))(
    '%s → %s by %s is allowed, with its action',
    (from, to, by) => {
      const row = expectedRow(from, to, by)!;
      const transition = assertTransition(from, to, by);
      expect(transition).toMatchObject({ from, to, action: row[2] });
      expect(transition.by).toContain(by);
      expect(findTransition(from, to, by)).toBe(transition);
    },
  );

  it.each(triples.filter(([from, to, by]) => !expectedRow(from, to, by)))(
    '%s → %s by %s is refused with ORDER.INVALID_TRANSITION naming what is allowed',
    (from, to, by) => {
      expect(findTransition(from, to, by)).toBeUndefined();
      const error = refusalOf(from, to, by);
      expect(error.code).toBe('ORDER.INVALID_TRANSITION');
      expect(error.status).toBe(409);
      expect(error.message).toBe(`Pesanan berstatus ${from} tidak dapat diubah menjadi ${to}.`);
      expect(error.details).toEqual({ from, to, allowed: expectedAllowed(from, by) });
    },
  );

  it('final statuses allow nothing to anyone', () => {
    for (const from of ['completed', 'rejected', 'cancelled'] as const) {
      for (const by of roles) expect(expectedAllowed(from, by)).toEqual([]);
      expect(orderTransitions.filter((t) => t.from === from)).toEqual([]);
    }
  });
});

describe('partner events', () => {
  it('are the seven of PARTNER-API.md, each moving the order to its status', () => {
    expect(partnerEventTypes).toEqual([
      'accepted',
      'rejected',
      'shipped',
      'delivered',
      'invoiced',
      'payment_forwarded',
      'cancelled',
    ]);
    expect(partnerEventTargets).toEqual({
      accepted: 'accepted',
      rejected: 'rejected',
      shipped: 'shipped',
      delivered: 'delivered',
      invoiced: 'invoiced',
      payment_forwarded: 'completed',
      cancelled: 'cancelled',
    });
  });

  it('each event is a transition the partner may make from some status', () => {
    for (const type of partnerEventTypes) {
      const to = partnerEventTargets[type];
      expect(statuses.some((from) => findTransition(from, to, 'partner'))).toBe(true);
    }
  });
});
