import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { actorOf, requireRole } from '../../server/auth';
import type { Config } from '../../server/config';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { AppError } from '../../shared/errors';
import { retryOrderRouting } from '../orders/orders.service';
import { listOutboxMessages, retryMessage } from './outbox.service';

const messageSchema = z
  .object({
    id: z.number().int(),
    partnerCode: z.string(),
    orderingKey: z.string(),
    method: z.string(),
    path: z.string(),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    deadlineAt: z.string(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxMessage' });

export function registerOutboxRoutes(app: FastifyInstance, db: Db, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/admin/outbox',
    {
      schema: {
        operationId: 'listOutbox',
        security: security.session,
        tags: ['operator'],
        summary: 'Platform → partner calls: pending, delivered and dead (routing failures), newest first',
        querystring: z.object({
          status: z.enum(['pending', 'delivered', 'dead']).optional(),
          cursor: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .describe('id of the last item of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ items: z.array(messageSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'operator');
      if (!auth.scope.allRegions)
        throw new AppError('AUTH.FORBIDDEN', 'Hanya operator provinsi yang melihat outbox mitra.');
      const items = await listOutboxMessages(db, {
        status: request.query.status,
        beforeId: request.query.cursor,
        limit: request.query.limit,
      });
      const last = items.at(-1);
      return { items, nextCursor: items.length === request.query.limit && last ? String(last.id) : null };
    },
  );

  r.post(
    '/api/v1/admin/outbox/:id/retry',
    {
      schema: {
        operationId: 'retryOutboxCall',
        security: security.session,
        tags: ['operator'],
        summary: 'Send a dead or waiting message again now; a routing_failed order goes back to sent',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.object({ retried: z.literal(true) }), ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'operator');
      if (!auth.scope.allRegions)
        throw new AppError('AUTH.FORBIDDEN', 'Hanya operator provinsi yang mengirim ulang pesan mitra.');
      await db.transaction(async (tx) => {
        const message = await retryMessage(tx, actorOf(auth), request.params.id, config.routingDeadlineHours);
        if (message.orderId && message.path === '/orders')
          await retryOrderRouting(tx, actorOf(auth), message.orderId);
      });
      return { retried: true as const };
    },
  );
}
