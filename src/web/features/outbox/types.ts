export const outboxStatuses = ['dead', 'pending', 'delivered'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export function isOutboxStatus(value: string | null): value is OutboxStatus {
  return (outboxStatuses as readonly (string | null)[]).includes(value);
}

/** An item of GET /api/v1/admin/outbox: one platform → partner call. */
export interface OutboxMessage {
  id: number;
  partnerCode: string;
  /** The order number the calls of one order are kept in sequence by. */
  orderingKey: string;
  method: string;
  path: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  deadlineAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface OutboxPage {
  items: OutboxMessage[];
  nextCursor: string | null;
}
