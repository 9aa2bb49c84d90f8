import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { actorOf, requireAuth, requireRole } from '../../server/auth';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { AppError } from '../../shared/errors';
import { wibDay } from '../../shared/time';
import { coversPemda } from '../accounts/scope';
import { addHoliday, getEffectiveRule, listHolidays, listRules, setRule } from './rules.service';

const day = z.iso.date();
const ruleSchema = z
  .object({
    id: z.string(),
    pemdaCode: z.string().nullable(),
    effectiveFrom: day,
    directPurchaseLimitIdr: z.number().int(),
    approvalThresholdIdr: z.number().int().nullable(),
    splitWindowDays: z.number().int(),
    unansweredCancelWorkingDays: z.number().int(),
    aboveLimitAdvice: z.string(),
    separationOfDuties: z.boolean(),
    separationOfDutiesOffReason: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'PurchaseRule' });

export function registerRuleRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/rules/effective',
    {
      schema: {
        operationId: 'getEffectiveRules',
        security: security.session,
        tags: ['rules'],
        summary: 'The purchase rule in force for a pemda on a day (today by default)',
        querystring: z.object({ pemdaCode: z.string().min(2).max(5), date: day.optional() }),
        response: { 200: ruleSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireAuth(request);
      return getEffectiveRule(db, request.query.pemdaCode, request.query.date ?? wibDay(new Date()));
    },
  );

  r.get(
    '/api/v1/admin/rules',
    {
      schema: {
        operationId: 'listRules',
        security: security.session,
        tags: ['operator'],
        summary: 'Every purchase rule of a pemda and the national default, oldest first',
        querystring: z.object({ pemdaCode: z.string().min(2).max(5) }),
        response: { 200: z.object({ items: z.array(ruleSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'operator', 'auditor');
      if (!coversPemda(auth.scope, request.query.pemdaCode))
        throw new AppError('AUTH.FORBIDDEN', 'Pemda ini di luar wilayah Anda.');
      return { items: await listRules(db, request.query.pemdaCode) };
    },
  );

  r.post(
    '/api/v1/admin/rules',
    {
      schema: {
        operationId: 'createRule',
        security: security.session,
        tags: ['operator'],
        summary: 'Sets a pemda’s purchase rule from a date (a rule starting the same day is replaced)',
        body: z.object({
          pemdaCode: z.string().min(2).max(5),
          effectiveFrom: day,
          directPurchaseLimitIdr: z.number().int().positive(),
          approvalThresholdIdr: z.number().int().positive().nullable(),
          splitWindowDays: z.number().int().min(1).max(365),
          unansweredCancelWorkingDays: z.number().int().min(1).max(30),
          aboveLimitAdvice: z.string().trim().min(10).max(500),
          separationOfDuties: z
            .boolean()
            .default(true)
            .describe('PPK ≠ PP who placed the order, bendahara ≠ both; off only with a reason'),
          separationOfDutiesOffReason: z.string().max(1000).nullish(),
          note: z.string().max(1000).nullish(),
        }),
        response: { 201: ruleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'operator');
      if (!coversPemda(auth.scope, request.body.pemdaCode))
        throw new AppError('AUTH.FORBIDDEN', 'Operator hanya dapat mengatur aturan pemdanya sendiri.');
      const rule = await setRule(db, actorOf(auth), request.body);
      return reply.code(201).send(rule);
    },
  );

  r.get(
    '/api/v1/admin/holidays',
    {
      schema: {
        operationId: 'listHolidays',
        security: security.session,
        tags: ['operator'],
        summary: 'Days off of a year (national holidays and cuti bersama) used for working days',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({ day: day, name: z.string(), kind: z.enum(['libur_nasional', 'cuti_bersama']) }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      requireRole(request, 'operator');
      return { items: await listHolidays(db, request.query.year) };
    },
  );

  r.post(
    '/api/v1/admin/holidays',
    {
      schema: {
        operationId: 'createHoliday',
        security: security.session,
        tags: ['operator'],
        summary: 'Adds or renames a day off (province operators)',
        body: z.object({
          day,
          name: z.string().trim().min(3).max(200),
          kind: z.enum(['libur_nasional', 'cuti_bersama']),
        }),
        response: { 201: z.object({ saved: z.literal(true) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'operator');
      if (!auth.scope.allRegions)
        throw new AppError('AUTH.FORBIDDEN', 'Hari libur nasional diatur oleh operator provinsi.');
      await addHoliday(db, actorOf(auth), request.body);
      return reply.code(201).send({ saved: true as const });
    },
  );
}
