import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { assertStorableText } from '../../server/text-check';
import { listCategories } from '../catalog/categories.service';
import { syncProducts } from '../catalog/products.sync';
import { applyPartnerEvent, partnerEventSchema } from '../orders/partner-events';
import { partnerTransactionSchema, reportPartnerTransaction } from '../orders/partner-transactions';
import { syncSellers } from '../sellers/sellers.sync';
import { registerPartnerAuth } from './partner-auth';
import type { SecretBox } from './secret-box';

const partnerHeaders = z.object({
  'x-partner-code': z.string().describe('The partner code, e.g. gratis-ongkir'),
  'x-timestamp': z.string().describe('Unix seconds; refused when more than 300 s from the platform clock'),
  'x-signature': z
    .string()
    .describe('v1=<hex HMAC-SHA256(secret, "<timestamp>.<METHOD>.<path with query>.<hex SHA-256 of body>")>'),
});
const writeHeaders = partnerHeaders.extend({
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .describe('1–128 chars; a repeat with the same body replays the first answer'),
});

const rowErrorSchema = z.object({ field: z.string(), code: z.string(), message: z.string() });
const batchResultSchema = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(
      z.object({
        index: z.number().int(),
        externalId: z.string().nullable(),
        errors: z.array(rowErrorSchema),
      }),
    ),
  })
  .meta({ id: 'PartnerBatchResult' });

/** A batch of 1–1000 rows; each row is validated on its own in the service. */
const batch = (name: string) =>
  z.object({
    [name]: z.array(z.unknown()).min(1, 'paling sedikit 1 baris').max(1000, 'paling banyak 1000 baris'),
  });

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A batch route: each row's text is checked with the row (FIELD.INVALID), not the body whole. */
    rowsCheckedApart?: boolean;
  }
}

/** Partner → platform routes of PARTNER-API.md, under HMAC authentication and idempotency. */
export async function registerPartnerApi(app: FastifyInstance, db: Db, box: SecretBox) {
  await app.register(
    async (instance) => {
      // Every route here is signed, cookie-less: marked on the route, so the session and CSRF
      // hooks (src/server/auth.ts) recognise it by the matched route, not by a URL prefix.
      instance.addHook('onRoute', (route) => {
        route.config = { ...route.config, signedPartnerApi: true };
      });
      registerPartnerAuth(instance, db, box);
      // After the signature and the body parse: text PostgreSQL cannot store is a 400, except in
      // a batch, where only the row holding it is rejected.
      instance.addHook('preValidation', async (request) => {
        if (request.routeOptions.config.rowsCheckedApart !== true) assertStorableText({ body: request.body });
      });
      const r = instance.withTypeProvider<ZodTypeProvider>();

      r.get(
        '/categories',
        {
          schema: {
            operationId: 'partnerListCategories',
            security: security.partner,
            tags: ['partner'],
            summary: 'The platform category tree',
            headers: partnerHeaders,
            response: {
              200: z.object({
                categories: z.array(
                  z.object({
                    code: z.string(),
                    name: z.string(),
                    parentCode: z.string().nullable(),
                    taxKind: z.enum(['ppn', 'pbjt']),
                  }),
                ),
              }),
              ...errorResponses,
            },
          },
        },
        async () => ({ categories: await listCategories(db) }),
      );

      r.put(
        '/sellers',
        {
          config: { rowsCheckedApart: true },
          schema: {
            operationId: 'partnerSyncSellers',
            security: security.partner,
            tags: ['partner'],
            summary: 'Upsert 1–1000 sellers by (partner, externalId); one seller per NIB across partners',
            headers: writeHeaders,
            body: batch('sellers'),
            response: { 200: batchResultSchema, ...errorResponses },
          },
        },
        async (request) => syncSellers(db, request.partner!.id, request.body.sellers as unknown[]),
      );

      r.put(
        '/products',
        {
          config: { rowsCheckedApart: true },
          schema: {
            operationId: 'partnerSyncProducts',
            security: security.partner,
            tags: ['partner'],
            summary: 'Upsert 1–1000 product offers by (partner, externalId)',
            headers: writeHeaders,
            body: batch('products'),
            response: { 200: batchResultSchema, ...errorResponses },
          },
        },
        async (request) => syncProducts(db, request.partner!.id, request.body.products as unknown[]),
      );

      r.post(
        '/orders/:orderNumber/events',
        {
          schema: {
            operationId: 'partnerReportOrderEvent',
            security: security.partner,
            tags: ['partner'],
            summary:
              'Report an order event (accepted, rejected, shipped, delivered, invoiced, payment_forwarded, cancelled)',
            headers: writeHeaders,
            params: z.object({ orderNumber: z.string().min(1).max(64) }),
            body: partnerEventSchema,
            response: {
              200: z.object({ orderNumber: z.string(), status: z.string(), eventId: z.string() }),
              ...errorResponses,
            },
          },
        },
        async (request, reply) => {
          const result = await applyPartnerEvent(
            db,
            request.partner!,
            request.params.orderNumber,
            request.body,
          );
          return reply.status(result.statusCode).send(result.body);
        },
      );

      r.post(
        '/transactions',
        {
          schema: {
            operationId: 'partnerReportTransaction',
            security: security.partner,
            tags: ['partner'],
            summary: 'Report an order placed on the partner’s own site; upsert by (partner, externalOrderId)',
            headers: writeHeaders,
            body: partnerTransactionSchema,
            response: {
              200: z.object({
                externalOrderId: z.string(),
                status: z.string(),
                totalIdr: z.number().int(),
                applied: z.boolean(),
              }),
              ...errorResponses,
            },
          },
        },
        async (request) => reportPartnerTransaction(db, request.partner!.id, request.body),
      );
    },
    { prefix: '/api/partner/v1' },
  );
}
