import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import type { Role } from '../modules/accounts/accounts.schema';
import { type AuthContext, findSession } from '../modules/accounts/auth.service';
import { scopeFromGrants } from '../modules/accounts/scope';
import type { Actor } from '../modules/audit/audit.service';
import { AppError } from '../shared/errors';
import type { Config } from './config';

export const SESSION_COOKIE = 'blangkon_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** The route authenticates by HMAC signature (Partner API): no session cookie, no CSRF check. */
    signedPartnerApi?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sessions and CSRF for the platform API.
 *
 * CSRF: the session cookie is SameSite=Lax, only JSON bodies are accepted (a cross-site HTML
 * form cannot send one), and a state-changing request that a browser marks as coming from
 * another site (Sec-Fetch-Site, else Origin) is refused. Scripts send neither header, so a
 * script can log in and reuse its cookie without a token dance. See ARCHITECTURE.md.
 *
 * Which requests are checked is decided on the route the router matched (its config), never
 * on the raw URL, which a client can spell in many ways the router decodes alike
 * (`/%61pi/v1/...`): every unsafe method is checked, on every route and on no route at all,
 * except the routes of the HMAC-signed Partner API, which read no cookie.
 */
export function registerAuth(app: FastifyInstance, db: Db) {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.signedPartnerApi === true) return;
    if (!safeMethods.has(request.method)) rejectCrossSite(request);
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.auth = await findSession(db, token);
  });
}

function rejectCrossSite(request: FastifyRequest) {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') {
    if (fetchSite === 'same-origin' || fetchSite === 'none') return;
    throw new AppError('AUTH.CSRF_REJECTED', 'Permintaan dari situs lain ditolak.');
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('AUTH.CSRF_REJECTED', 'Permintaan dari situs lain ditolak.');
    }
    if (originHost === request.host) return;
    throw new AppError('AUTH.CSRF_REJECTED', 'Permintaan dari situs lain ditolak.');
  }
  if (origin === 'null') throw new AppError('AUTH.CSRF_REJECTED', 'Permintaan dari situs lain ditolak.');
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
  });
}

/** The signed-in caller; throws AUTH.UNAUTHENTICATED. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('AUTH.UNAUTHENTICATED', 'Silakan masuk terlebih dahulu.');
  return request.auth;
}

/**
 * The signed-in caller holding one of the roles, with the scope of those roles only (an
 * operator of Batang who is also auditor elsewhere operates in Batang alone); throws
 * AUTH.FORBIDDEN otherwise.
 */
export function requireRole(request: FastifyRequest, ...roles: Role[]): AuthContext {
  const auth = requireAuth(request);
  const grants = auth.grants.filter((grant) => roles.includes(grant.role));
  if (grants.length === 0) {
    throw new AppError('AUTH.FORBIDDEN', 'Peran Anda tidak berwenang untuk tindakan ini.', {
      requiredRoles: roles,
    });
  }
  return { ...auth, grants, scope: scopeFromGrants(grants) };
}

export function actorOf(auth: AuthContext): Actor {
  return { userId: auth.user.id, label: auth.user.username };
}
