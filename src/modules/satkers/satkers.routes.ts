import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { actorOf, requireAuth, requireRole } from '../../server/auth';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { createSatker, listSatkers } from './satkers.service';

const satkerSchema = z
  .object({ code: z.string(), name: z.string(), pemdaCode: z.string(), address: z.string().nullable() })
  .meta({ id: 'Satker' });

export function registerSatkerRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/satkers',
    {
      schema: {
        operationId: 'listSatkers',
        security: security.session,
        tags: ['satkers'],
        summary: 'Satkers visible to the caller (their own, or every satker of the pemda they operate)',
        querystring: z.object({ pemdaCode: z.string().max(20).optional() }),
        response: { 200: z.object({ items: z.array(satkerSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return { items: await listSatkers(db, auth.scope, request.query) };
    },
  );

  r.post(
    '/api/v1/admin/satkers',
    {
      schema: {
        operationId: 'createSatker',
        security: security.session,
        tags: ['operator'],
        summary: 'Create a satker of a pemda the operator manages',
        body: z.object({
          code: z
            .string()
            .min(3)
            .max(40)
            .regex(/^[A-Z0-9][A-Z0-9.-]*$/, 'huruf besar, angka, titik atau strip'),
          name: z.string().min(3).max(200),
          pemdaCode: z.string().min(2).max(5),
          address: z.string().max(500).nullish(),
        }),
        response: { 201: z.object({ satker: satkerSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'operator');
      const satker = await createSatker(db, actorOf(auth), auth.scope, request.body);
      return reply.status(201).send({ satker });
    },
  );
}
