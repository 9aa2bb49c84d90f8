import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, withRetriedTransaction } from '../../db/client';
import { AppError } from '../../shared/errors';
import { partnerEventTargets, partnerEventTypes } from './order-lifecycle';
import { partnerOrderEvents } from './orders.schema';
import { getOrderForUpdate, transitionOrder } from './orders.service';

const reason = z.object({ reason: z.string().trim().min(1).max(1000) });
const amount = z.number().int().positive();

/** The `data` each event type carries (PARTNER-API.md events table). */
export const partnerEventDataSchemas = {
  accepted: z.object({}),
  rejected: reason,
  shipped: z.object({
    courier: z.string().trim().min(1).max(100),
    trackingNo: z.string().trim().min(1).max(100),
  }),
  delivered: z.object({}),
  invoiced: z.object({ invoiceNo: z.string().trim().min(1).max(100), amountIdr: amount }),
  payment_forwarded: z.object({ amountIdr: amount, reference: z.string().trim().min(1).max(200) }),
  cancelled: reason,
} as const;

export const partnerEventSchema = z.object({
  eventId: z.string().min(1).max(128),
  type: z.enum(partnerEventTypes),
  occurredAt: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type PartnerEvent = z.output<typeof partnerEventSchema>;

export interface EventResult {
  statusCode: number;
  body: { orderNumber: string; status: string; eventId: string };
}

/**
 * Applies a partner's event to one of its orders. A repeated eventId answers as the first
 * time and changes nothing; an event the order's status does not allow is 409
 * ORDER.INVALID_TRANSITION and changes nothing; another partner's order is 404.
 */
export async function applyPartnerEvent(
  db: DbOrTx,
  partner: { id: string; code: string },
  orderNumber: string,
  event: PartnerEvent,
): Promise<EventResult> {
  const data = partnerEventDataSchemas[event.type].safeParse(event.data);
  if (!data.success) {
    throw new AppError('REQUEST.INVALID', `Data peristiwa ${event.type} tidak valid.`, {
      issues: data.error.issues.map((issue) => ({
        field: `data.${issue.path.join('.')}`,
        message: issue.message,
      })),
    });
  }
  return withRetriedTransaction(db, async (tx) => {
    // Copies of one event arriving at once (each with its own Idempotency-Key) queue here, so
    // the later ones find the first one's stored answer below instead of a moved order.
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext(${`partner-event:${partner.id}:${event.eventId}`}))`,
    );
    const [seen] = await tx
      .select({ statusCode: partnerOrderEvents.statusCode, responseBody: partnerOrderEvents.responseBody })
      .from(partnerOrderEvents)
      .where(
        and(eq(partnerOrderEvents.partnerId, partner.id), eq(partnerOrderEvents.eventId, event.eventId)),
      );
    if (seen) return { statusCode: seen.statusCode, body: seen.responseBody as EventResult['body'] };

    const order = await getOrderForUpdate(tx, orderNumber).catch(() => null);
    if (!order || order.partnerId !== partner.id) {
      throw new AppError('ORDER.NOT_FOUND', `Pesanan ${orderNumber} tidak ditemukan untuk mitra ini.`);
    }
    const payload = data.data as Record<string, unknown>;
    if (event.type === 'invoiced' && payload.amountIdr !== order.totalIdr) {
      throw new AppError(
        'REQUEST.INVALID',
        `Nilai tagihan harus sama dengan total pesanan Rp${order.totalIdr}.`,
        {
          field: 'data.amountIdr',
          expected: order.totalIdr,
        },
      );
    }
    await transitionOrder(
      tx,
      { userId: null, label: partner.code },
      order,
      partnerEventTargets[event.type],
      'partner',
      {
        eventId: event.eventId,
        occurredAt: event.occurredAt,
        ...(typeof payload.reason === 'string' ? { reason: payload.reason } : {}),
        fulfilment: { [event.type]: { ...payload, occurredAt: event.occurredAt } },
      },
    );
    const result: EventResult = {
      statusCode: 200,
      body: { orderNumber: order.number, status: order.status, eventId: event.eventId },
    };
    await tx.insert(partnerOrderEvents).values({
      partnerId: partner.id,
      eventId: event.eventId,
      orderId: order.id,
      type: event.type,
      occurredAt: new Date(event.occurredAt),
      data: payload,
      statusCode: result.statusCode,
      responseBody: result.body,
    });
    return result;
  });
}
