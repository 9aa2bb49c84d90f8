import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { z } from 'zod';
import type { Db } from '../db/client';
import { registerAccountRoutes } from '../modules/accounts/accounts.routes';
import { registerCatalogRoutes } from '../modules/catalog/catalog.routes';
import { CatalogIndex } from '../modules/catalog/catalog-index';
import { registerDocumentRoutes } from '../modules/documents/documents.routes';
import { registerOrderRoutes } from '../modules/orders/orders.routes';
import { registerOutboxRoutes } from '../modules/outbox/outbox.routes';
import { registerPartnerApi } from '../modules/partners/partner-api.routes';
import { registerPartnerRoutes } from '../modules/partners/partners.routes';
import type { SecretBox } from '../modules/partners/secret-box';
import { registerRegionRoutes } from '../modules/regions/regions.routes';
import { registerReportRoutes } from '../modules/reports/reports.routes';
import { registerRuleRoutes } from '../modules/rules/rules.routes';
import { registerSatkerRoutes } from '../modules/satkers/satkers.routes';
import { registerAuth } from './auth';
import type { Config } from './config';
import { errorResponses, handleClientError, handleError, handleNotFound } from './http-errors';
import { security, swaggerOptions } from './openapi';
import { registerTextCheck } from './text-check';

export interface AppOptions {
  db: Db;
  config: Config;
  /** Encrypts partner secrets at rest. */
  secretBox: SecretBox;
  /** Folder of the built web app; omitted or missing = API only. */
  webRoot?: string | undefined;
  /** Reports whether the server can serve (database reachable); used by /healthz. */
  checkReady?: () => Promise<boolean>;
  /** The demo history loading in the background, if this process loads it; shown on /healthz. */
  demoHistory?: () => DemoHistoryStatus | null;
}

export interface DemoHistoryStatus {
  state: 'loading' | 'done' | 'failed';
  /** Share of the load done, 0–100. */
  percent: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The in-memory catalogue index (CATALOG_INDEX=memory), or null. */
    catalogIndex: CatalogIndex | null;
  }
}

// Validation messages reach officials and partners: Bahasa Indonesia.
z.config(z.locales.id());

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the Fastify application: every route, hook and plugin, without listening. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    // Idle keep-alive sockets close at shutdown; in-flight requests are allowed to finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // The router's own refusals (bad percent-encoding, over-long parameters) and the HTTP
    // parser's (huge headers, broken request lines) answer in the one error shape too.
    frameworkErrors: handleError,
    clientErrorHandler: handleClientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  // Only JSON bodies: a cross-site HTML form (text/plain, urlencoded, multipart) cannot reach a route.
  app.removeContentTypeParser('text/plain');
  // An empty JSON body (e.g. a logout sent with Content-Type: application/json) means "no body".
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return parseJson(request, body as string, done);
  });
  // While closing, answers ask the client to close its connection, so a keep-alive socket that
  // carried an in-flight request does not hold the shutdown open until its idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    if (closing) reply.header('Connection', 'close');
  });

  // Security headers: helmet's middleware, built once (@fastify/helmet builds it again for every
  // request, which cost a tenth of a millisecond an answer).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets CSS variables through style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.cookieSecure ? undefined : false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  await app.register(fastifyCookie);
  registerAuth(app, db);
  registerTextCheck(app);

  await app.register(fastifySwagger, swaggerOptions());
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  r.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        security: security.public,
        tags: ['system'],
        summary: 'Answers 200 once the server can serve requests',
        description:
          'In demo mode on a first start, `demoHistory` tells how far the 2021–2024 demo history has loaded; the reports show it once `state` is `done`.',
        response: {
          200: z.object({
            status: z.literal('ok'),
            demoHistory: z
              .object({
                state: z.enum(['loading', 'done', 'failed']),
                percent: z.number().int().min(0).max(100),
              })
              .optional(),
          }),
          503: z.object({ status: z.literal('unavailable') }),
          ...errorResponses,
        },
      },
    },
    async (_request, reply) => {
      const ready = options.checkReady ? await options.checkReady().catch(() => false) : true;
      if (!ready) return reply.status(503).send({ status: 'unavailable' as const });
      const demoHistory = options.demoHistory?.();
      return { status: 'ok' as const, ...(demoHistory ? { demoHistory } : {}) };
    },
  );

  r.get(
    '/api/v1/info',
    {
      schema: {
        operationId: 'getInfo',
        security: security.public,
        tags: ['system'],
        summary: 'What this installation is: demo mode or not',
        response: { 200: z.object({ name: z.string(), demo: z.boolean() }), ...errorResponses },
      },
    },
    async () => ({ name: 'Blangkon Jateng', demo: config.demo }),
  );

  registerAccountRoutes(app, db, config);
  registerRegionRoutes(app, db);
  registerSatkerRoutes(app, db);
  registerPartnerRoutes(app, db, config, options.secretBox);
  registerOutboxRoutes(app, db, config);
  const catalogIndex =
    config.catalogIndex === 'memory'
      ? new CatalogIndex(db, {
          resultCacheSize: config.catalogResultCache,
          maxStaleMs: config.catalogMaxStaleMs,
        })
      : null;
  app.decorate('catalogIndex', catalogIndex);
  registerCatalogRoutes(app, db, catalogIndex);
  registerOrderRoutes(app, db, config);
  registerRuleRoutes(app, db);
  registerDocumentRoutes(app, db);
  registerReportRoutes(app, db, config);
  await registerPartnerApi(app, db, options.secretBox);

  if (options.webRoot && existsSync(path.join(options.webRoot, 'index.html'))) {
    await registerWeb(app, options.webRoot);
  } else {
    app.setNotFoundHandler(handleNotFound);
  }
  return app;
}

/**
 * Serves the built React app; unknown non-API GETs get index.html (client-side routes). Files
 * go out brotli- or gzip-compressed as built (`.br`/`.gz` beside them); the hashed files under
 * assets/ are cached for a year, index.html and the rest are revalidated on every visit.
 */
async function registerWeb(app: FastifyInstance, webRoot: string) {
  const assets = path.join(webRoot, 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header(
        'cache-control',
        file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url === '/healthz';
    if (request.method === 'GET' && !isApi && request.headers.accept?.includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return handleNotFound(request, reply);
  });
}
