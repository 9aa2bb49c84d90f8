import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { actorOf, requireRole } from '../../server/auth';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { AppError } from '../../shared/errors';
import { listPemdas, listRegions, setPemdaJoinedAt } from './regions.service';

const regionSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.number().int().describe('1 province, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan'),
    parentCode: z.string().nullable(),
  })
  .meta({ id: 'Region' });

const pemdaSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(['province', 'kabupaten', 'kota']),
    joinedAt: z.string().nullable().describe('Date the pemda joined Blangkon (YYYY-MM-DD)'),
  })
  .meta({ id: 'Pemda' });

export function registerRegionRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/regions',
    {
      schema: {
        operationId: 'listRegions',
        security: security.public,
        tags: ['regions'],
        summary: 'Kemendagri regions: the children of `parent` (omitted: the provinces)',
        querystring: z.object({
          parent: z
            .string()
            .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'kode wilayah Kemendagri, mis. 33 atau 33.25')
            .optional(),
        }),
        response: { 200: z.object({ items: z.array(regionSchema) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const rows = await listRegions(db, request.query.parent);
      // Reference data changes with a Kepmendagri, not by the minute.
      reply.header('Cache-Control', 'public, max-age=3600');
      return { items: rows.map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode })) };
    },
  );

  r.get(
    '/api/v1/pemdas',
    {
      schema: {
        operationId: 'listPemdas',
        security: security.public,
        tags: ['regions'],
        summary: 'The pemda of the platform: Provinsi Jawa Tengah and its 35 kabupaten/kota',
        response: { 200: z.object({ items: z.array(pemdaSchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await listPemdas(db) }),
  );

  r.patch(
    '/api/v1/admin/pemdas/:code',
    {
      schema: {
        operationId: 'setPemdaJoinedAt',
        security: security.session,
        tags: ['operator'],
        summary: 'Set the date a pemda joined the platform (province operators)',
        params: z.object({ code: z.string().max(5) }),
        body: z.object({ joinedAt: z.iso.date().nullable() }),
        response: { 200: z.object({ pemda: pemdaSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'operator');
      if (!auth.scope.allRegions) {
        throw new AppError(
          'AUTH.FORBIDDEN',
          'Hanya operator provinsi yang dapat mengubah tanggal bergabung.',
        );
      }
      return { pemda: await setPemdaJoinedAt(db, actorOf(auth), request.params.code, request.body.joinedAt) };
    },
  );
}
