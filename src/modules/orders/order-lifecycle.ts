import { AppError } from '../../shared/errors';

/** Order statuses of PUBLIC-API.md, in the order of the happy path, then the side exits. */
export const orderStatuses = [
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
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Who causes a transition. */
export type TransitionActor = 'pp' | 'ppk' | 'bendahara' | 'partner' | 'system' | 'operator';

export interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  /** What happens, as recorded in the order's history. */
  action: string;
  by: readonly TransitionActor[];
}

/**
 * The order lifecycle as data: nothing else changes an order's status (`assertTransition`).
 * Partner events map onto these through `partnerEventTransitions`.
 */
export const orderTransitions: readonly Transition[] = [
  { from: 'pending_approval', to: 'sent', action: 'approve', by: ['ppk'] },
  { from: 'pending_approval', to: 'cancelled', action: 'cancel', by: ['pp', 'ppk'] },
  { from: 'sent', to: 'accepted', action: 'accept', by: ['partner'] },
  { from: 'sent', to: 'rejected', action: 'reject', by: ['partner'] },
  { from: 'sent', to: 'cancelled', action: 'cancel', by: ['partner', 'pp', 'ppk', 'system'] },
  { from: 'sent', to: 'routing_failed', action: 'routing_fail', by: ['system'] },
  { from: 'routing_failed', to: 'sent', action: 'retry_routing', by: ['operator'] },
  { from: 'routing_failed', to: 'cancelled', action: 'cancel', by: ['pp', 'ppk', 'operator'] },
  { from: 'accepted', to: 'shipped', action: 'ship', by: ['partner'] },
  { from: 'accepted', to: 'cancelled', action: 'cancel', by: ['partner', 'pp', 'ppk'] },
  { from: 'shipped', to: 'delivered', action: 'deliver', by: ['partner'] },
  { from: 'delivered', to: 'received', action: 'receive', by: ['ppk'] },
  { from: 'received', to: 'invoiced', action: 'invoice', by: ['partner'] },
  { from: 'invoiced', to: 'paid', action: 'pay', by: ['bendahara'] },
  { from: 'paid', to: 'completed', action: 'forward_payment', by: ['partner'] },
];

export const partnerEventTypes = [
  'accepted',
  'rejected',
  'shipped',
  'delivered',
  'invoiced',
  'payment_forwarded',
  'cancelled',
] as const;
export type PartnerEventType = (typeof partnerEventTypes)[number];

/** The status each partner event moves an order to (PARTNER-API.md events table). */
export const partnerEventTargets: Record<PartnerEventType, OrderStatus> = {
  accepted: 'accepted',
  rejected: 'rejected',
  shipped: 'shipped',
  delivered: 'delivered',
  invoiced: 'invoiced',
  payment_forwarded: 'completed',
  cancelled: 'cancelled',
};

export function findTransition(
  from: OrderStatus,
  to: OrderStatus,
  by: TransitionActor,
): Transition | undefined {
  return orderTransitions.find((t) => t.from === from && t.to === to && t.by.includes(by));
}

/** The transition, or ORDER.INVALID_TRANSITION naming what the current status allows. */
export function assertTransition(from: OrderStatus, to: OrderStatus, by: TransitionActor): Transition {
  const transition = findTransition(from, to, by);
  if (!transition) {
    const allowed = orderTransitions.filter((t) => t.from === from && t.by.includes(by)).map((t) => t.to);
    throw new AppError(
      'ORDER.INVALID_TRANSITION',
      `Pesanan berstatus ${from} tidak dapat diubah menjadi ${to}.`,
      { from, to, allowed },
    );
  }
  return transition;
}
