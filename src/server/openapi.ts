import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * Who may call an operation, declared in every route schema (`security: security.session`) so the
 * served OpenAPI document says it; src/server/openapi.test.ts calls every operation anonymously
 * and checks that the declaration is what the handler enforces.
 */
export const security = {
  /** Anyone, no session. */
  public: [] as Array<Record<string, string[]>>,
  /** A login session (cookie); without one the answer is 401 AUTH.UNAUTHENTICATED. */
  session: [{ session: [] }] as Array<Record<string, string[]>>,
  /** Works without a session and uses it when there is one (logout). */
  optionalSession: [{}, { session: [] }] as Array<Record<string, string[]>>,
  /** Partner API: HMAC-signed request (PARTNER-API.md). */
  partner: [{ partnerSignature: [] }] as Array<Record<string, string[]>>,
};

/** @fastify/swagger options: the OpenAPI 3.1 document served at /api/docs/openapi.json. */
export function swaggerOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Blangkon API',
        description:
          'Platform API v1 (PUBLIC-API.md) and Partner API v1 (PARTNER-API.md) of Blangkon Jateng. ' +
          'Money is integer rupiah, times ISO 8601. Errors: `{ "error": { "code", "message", "details" } }`.',
        version: '1.0.0',
      },
      // Relative: the API is served by the same origin as this document, whatever its host.
      servers: [{ url: '/', description: 'This Blangkon installation' }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'blangkon_session',
            description: 'Set by POST /api/v1/auth/login (HttpOnly)',
          },
          partnerSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Signature',
            description:
              'Partner API (PARTNER-API.md): X-Partner-Code, X-Timestamp and X-Signature = v1=<hex HMAC-SHA256 over ' +
              '"<timestamp>.<METHOD>.<path with query>.<hex SHA-256 of the raw body>">',
          },
        },
      },
    },
    transform: (input) => {
      const { schema, url, route } = input;
      if (schema && !schema.hide && !Array.isArray(schema.security)) {
        // A route that does not say who may call it would be documented as open (or as the
        // global default): refuse to document it.
        throw new Error(`${route.method} ${url}: the route schema declares no security (server/openapi.ts)`);
      }
      return jsonSchemaTransform(input);
    },
    transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input)),
  };
}

type OpenApiObject = ReturnType<typeof jsonSchemaTransformObject>;
type WithSchemas = { components?: { schemas?: Record<string, unknown> } };

/**
 * The zod registry yields an input and an output variant of every named schema; only those a
 * path refers to (directly or through another schema) stay in the document.
 */
function withoutUnusedSchemas(openapi: OpenApiObject): OpenApiObject {
  const document = openapi as WithSchemas;
  const schemas = document.components?.schemas;
  if (!schemas) return openapi;
  const refsIn = (value: unknown) =>
    [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const used = new Set<string>();
  const pending = refsIn({ ...document, components: { ...document.components, schemas: {} } });
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (used.has(name) || !(name in schemas)) continue;
    used.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } } as OpenApiObject;
}
