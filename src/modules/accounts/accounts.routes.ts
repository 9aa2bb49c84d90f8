import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import {
  actorOf,
  clearSessionCookie,
  requireAuth,
  requireRole,
  SESSION_COOKIE,
  setSessionCookie,
} from '../../server/auth';
import type { Config } from '../../server/config';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { findSatkersByCodes } from '../satkers/satkers.service';
import { roles } from './accounts.schema';
import { logIn, logOut } from './auth.service';
import { createUser, listUsers } from './users.service';

const userSchema = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    name: z.string(),
    roles: z.array(z.enum(roles)),
  })
  .meta({ id: 'User' });

const satkerRefSchema = z.object({ code: z.string(), name: z.string(), pemdaCode: z.string() });

const roleGrantSchema = z.object({
  role: z.enum(roles),
  pemdaCode: z
    .string()
    .nullable()
    .default(null)
    .describe('For operator, umkm_officer, auditor; 33 = province'),
  satkerCode: z.string().nullable().default(null).describe('For pp, ppk, bendahara'),
});

const userAdminSchema = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    name: z.string(),
    isActive: z.boolean(),
    roles: z.array(roleGrantSchema),
  })
  .meta({ id: 'UserWithRoles' });

export function registerAccountRoutes(app: FastifyInstance, db: Db, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        operationId: 'logIn',
        security: security.public,
        tags: ['accounts'],
        summary: 'Log in; sets the HttpOnly session cookie',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: userSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await logIn(
        db,
        { username: request.body.username, password: request.body.password, ipAddress: request.ip },
        {
          maxFailures: config.loginMaxFailures,
          windowMinutes: config.loginWindowMinutes,
          sessionTtlHours: config.sessionTtlHours,
        },
      );
      setSessionCookie(reply, config, result.token, result.expiresAt);
      return { user: { ...result.auth.user, roles: result.auth.user.roles as (typeof roles)[number][] } };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      schema: {
        operationId: 'logOut',
        security: security.optionalSession,
        tags: ['accounts'],
        summary: 'Log out; ends the session',
        response: { 204: z.null().describe('Logged out'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logOut(db, token);
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/me',
    {
      schema: {
        operationId: 'getMe',
        security: security.session,
        tags: ['accounts'],
        summary: 'The signed-in user, the satkers they serve and their pemda',
        response: {
          200: z.object({
            user: userSchema,
            satkers: z.array(satkerRefSchema),
            pemdaCode: z.string().optional(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const grantedSatkers = await findSatkersByCodes(
        db,
        auth.grants.flatMap((g) => (g.satkerCode ? [g.satkerCode] : [])),
      );
      const pemdaCodes = new Set([
        ...auth.grants.flatMap((g) => (g.pemdaCode ? [g.pemdaCode] : [])),
        ...grantedSatkers.map((s) => s.pemdaCode),
      ]);
      const [pemdaCode] = pemdaCodes;
      return {
        user: { ...auth.user, roles: auth.user.roles as (typeof roles)[number][] },
        satkers: grantedSatkers.map(({ code, name, pemdaCode }) => ({ code, name, pemdaCode })),
        ...(pemdaCodes.size === 1 && pemdaCode ? { pemdaCode } : {}),
        grants: auth.grants,
      };
    },
  );

  r.get(
    '/api/v1/admin/users',
    {
      schema: {
        operationId: 'listUsers',
        security: security.session,
        tags: ['operator'],
        summary: 'Users holding a role in the operator’s region, by username (keyset pages)',
        querystring: z.object({
          cursor: z.string().max(64).optional().describe('nextCursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: {
          200: z.object({ items: z.array(userAdminSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'operator');
      const items = await listUsers(db, auth.scope, {
        after: request.query.cursor,
        limit: request.query.limit,
      });
      const last = items.at(-1);
      return { items, nextCursor: items.length === request.query.limit && last ? last.username : null };
    },
  );

  r.post(
    '/api/v1/admin/users',
    {
      schema: {
        operationId: 'createUser',
        security: security.session,
        tags: ['operator'],
        summary: 'Create a user with roles inside the operator’s region',
        body: z.object({
          username: z
            .string()
            .min(3)
            .max(64)
            .regex(/^[a-zA-Z0-9._-]+$/, 'huruf, angka, titik, garis bawah atau strip'),
          name: z.string().min(1).max(200),
          password: z.string().min(10).max(200),
          roles: z.array(roleGrantSchema).min(1).max(50),
        }),
        response: { 201: z.object({ user: userAdminSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'operator');
      const user = await createUser(db, actorOf(auth), auth.scope, request.body);
      return reply.status(201).send({ user });
    },
  );
}
