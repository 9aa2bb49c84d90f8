import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { actorOf, requireRole } from '../../server/auth';
import type { Config } from '../../server/config';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { AppError } from '../../shared/errors';
import type { AuthContext } from '../accounts/auth.service';
import {
  createPartner,
  getPartner,
  listPartnerSyncStats,
  listPartners,
  listSyncRejections,
  rotatePartnerSecret,
  setPartnerStatus,
} from './partners.service';
import type { SecretBox } from './secret-box';

const partnerSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    baseUrl: z.string(),
    status: z.enum(['active', 'suspended']),
    joinedAt: z.string(),
  })
  .meta({ id: 'Partner' });

/** Partners are managed by the province's operators (Biro PBJ). */
function requireProvinceOperator(auth: AuthContext) {
  if (!auth.scope.allRegions) {
    throw new AppError('AUTH.FORBIDDEN', 'Hanya operator provinsi yang mengelola mitra marketplace.');
  }
}

export function registerPartnerRoutes(app: FastifyInstance, db: Db, config: Config, box: SecretBox) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const codeParams = z.object({ code: z.string().min(2).max(40) });

  r.get(
    '/api/v1/admin/partners',
    {
      schema: {
        operationId: 'listPartners',
        security: security.session,
        tags: ['operator'],
        summary: 'Partners with their sync statistics and outbox health',
        response: {
          200: z.object({
            items: z.array(
              partnerSchema.extend({
                stats: z.object({
                  sellerCount: z.number(),
                  productCount: z.number(),
                  activeProductCount: z.number(),
                  lastSyncAt: z.string().nullable(),
                  rejectedLast24h: z.number(),
                  pendingOutbox: z.number(),
                  deadOutbox: z.number(),
                }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      requireRole(request, 'operator');
      const [partners, stats] = await Promise.all([listPartners(db), listPartnerSyncStats(db)]);
      const byCode = new Map(stats.map(({ code, ...rest }) => [code, rest]));
      return { items: partners.map((p) => ({ ...p, stats: byCode.get(p.code)! })) };
    },
  );

  r.post(
    '/api/v1/admin/partners',
    {
      schema: {
        operationId: 'createPartner',
        security: security.session,
        tags: ['operator'],
        summary: 'Register a partner marketplace; the secret is shown this once',
        body: z.object({
          code: z
            .string()
            .min(2)
            .max(40)
            .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'huruf kecil, angka dan strip, mis. gratis-ongkir'),
          name: z.string().trim().min(2).max(200),
          baseUrl: z.url({ protocol: /^https?$/ }).max(500),
          joinedAt: z.iso.date().optional(),
        }),
        response: { 201: z.object({ partner: partnerSchema, secret: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'operator');
      requireProvinceOperator(auth);
      const result = await createPartner(db, box, actorOf(auth), request.body);
      return reply.status(201).header('Cache-Control', 'no-store').send(result);
    },
  );

  r.post(
    '/api/v1/admin/partners/:code/rotate-secret',
    {
      schema: {
        operationId: 'rotatePartnerSecret',
        security: security.session,
        tags: ['operator'],
        summary: 'Issue a new secret; the old one keeps verifying during the grace period',
        params: codeParams,
        response: {
          200: z.object({ secret: z.string(), previousValidUntil: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'operator');
      requireProvinceOperator(auth);
      const result = await rotatePartnerSecret(
        db,
        box,
        actorOf(auth),
        request.params.code,
        config.secretRotationGraceHours,
      );
      reply.header('Cache-Control', 'no-store');
      return { secret: result.secret, previousValidUntil: result.previousValidUntil.toISOString() };
    },
  );

  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['activate', 'active'],
  ] as const) {
    r.post(
      `/api/v1/admin/partners/:code/${action}`,
      {
        schema: {
          operationId: `${action}Partner`,
          security: security.session,
          tags: ['operator'],
          summary:
            action === 'suspend'
              ? 'Suspend a partner: its calls are refused'
              : 'Reactivate a suspended partner',
          params: codeParams,
          response: { 200: z.object({ partner: partnerSchema }), ...errorResponses },
        },
      },
      async (request) => {
        const auth = requireRole(request, 'operator');
        requireProvinceOperator(auth);
        return { partner: await setPartnerStatus(db, actorOf(auth), request.params.code, status) };
      },
    );
  }

  r.get(
    '/api/v1/admin/partners/:code/rejections',
    {
      schema: {
        operationId: 'listPartnerRejections',
        security: security.session,
        tags: ['operator'],
        summary: 'The latest rows of this partner that were rejected, with their reasons',
        params: codeParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                resource: z.string(),
                externalId: z.string().nullable(),
                errors: z.unknown(),
                receivedAt: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      requireRole(request, 'operator');
      const partner = await getPartner(db, request.params.code);
      const rows = await listSyncRejections(db, partner.id);
      return { items: rows.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() })) };
    },
  );
}
