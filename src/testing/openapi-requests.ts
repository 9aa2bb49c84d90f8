import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';

/**
 * Requests built from the served OpenAPI document (the document is the contract the tests
 * check the server against): valid values for the declared parameter and body schemas, the
 * operations' security, and a validator for the declared responses.
 */

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI and JSON Schema objects are walked generically
export type Json = any;

export interface Operation {
  method: string;
  /** OpenAPI path, `{name}` for path parameters. */
  path: string;
  id: string;
  spec: Json;
  security: Array<Record<string, string[]>>;
}

export interface RequestSpec {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body (undefined: none). */
  body?: unknown;
}

/** Parameter values known to exist in the test database, by parameter or property name. */
export type Hints = Record<string, readonly string[]>;

export function operationsOf(doc: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
      const spec = item[method];
      if (!spec) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        id: spec.operationId ?? `${method} ${path}`,
        spec,
        security: spec.security ?? doc.security ?? [],
      });
    }
  }
  return operations;
}

/** How a caller authenticates for an operation, as declared. */
export function securityKind(operation: Operation): 'public' | 'session' | 'optionalSession' | 'partner' {
  const names = operation.security.map((requirement) => Object.keys(requirement).join('+'));
  if (names.length === 0) return 'public';
  if (names.includes('partnerSignature')) return 'partner';
  if (names.includes('')) return 'optionalSession';
  return 'session';
}

function resolve(doc: Json, schema: Json): Json {
  let current = schema;
  for (let i = 0; current?.$ref && i < 20; i++) {
    const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
    current = pointer.reduce((node: Json, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return current ?? {};
}

const INT32 = 2 ** 31 - 1;

/** Values that satisfy a JSON Schema (2020-12 as OpenAPI 3.1 uses it), small and varied. */
export function valueFor(
  doc: Json,
  raw: Json,
  hints: Hints = {},
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const hinted = name && hints[name]?.length ? fc.constantFrom(...hints[name]!) : null;
  const inner = plainValueFor(doc, schema, hints, depth);
  return hinted ? fc.oneof({ arbitrary: hinted, weight: 3 }, { arbitrary: inner, weight: 1 }) : inner;
}

function plainValueFor(doc: Json, schema: Json, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    return fc.oneof(
      ...alternatives.map((alternative: Json) => valueFor(doc, alternative, hints, '', depth + 1)),
    );
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return valueFor(doc, { ...schema.allOf[0], ...schema, allOf: undefined }, hints, '', depth);
  }
  const type = Array.isArray(schema.type)
    ? schema.type
    : schema.type
      ? [schema.type]
      : schema.properties
        ? ['object']
        : [];
  if (type.length > 1) {
    return fc.oneof(...type.map((t: string) => plainValueFor(doc, { ...schema, type: t }, hints, depth)));
  }
  switch (type[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = Math.max(
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000),
        Number.MIN_SAFE_INTEGER,
      );
      const max = Math.min(
        schema.maximum ??
          (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : min + 10_000),
        Number.MAX_SAFE_INTEGER,
      );
      const small = fc.integer({
        min: Math.max(min, -INT32),
        max: Math.min(max, INT32, Math.max(min, -INT32) + 1000),
      });
      return fc.oneof(small, fc.constantFrom(min, max));
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      return fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true })
        .filter((n) => n !== schema.exclusiveMinimum && n !== schema.exclusiveMaximum);
    }
    case 'string':
      return stringFor(schema);
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? minLength + 3, minLength + 3);
      return fc.array(valueFor(doc, schema.items ?? {}, hints, '', depth + 1), { minLength, maxLength });
    }
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties: Record<string, Json> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, value]) => [
            key,
            valueFor(doc, value, hints, key, depth + 1),
          ]),
        ),
        { requiredKeys: [...required].filter((key) => key in properties) },
      );
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const extra = fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }),
          valueFor(doc, schema.additionalProperties, hints, '', depth + 1),
          { maxKeys: 3 },
        );
        return fc.tuple(extra, record).map(([a, b]) => ({ ...a, ...b }));
      }
      return record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: Json): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Math.max(minLength, 40);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= maxLength);
  }
  return fc.oneof(
    fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 30) }),
    fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 30), unit: 'grapheme' }),
  );
}

function parametersOf(doc: Json, operation: Operation): Json[] {
  return (operation.spec.parameters ?? []).map((p: Json) => resolve(doc, p));
}

/** The JSON body schema, when the operation takes one. */
export function bodySchemaOf(operation: Operation): Json | undefined {
  return operation.spec.requestBody?.content?.['application/json']?.schema;
}

/** Requests that the declared schemas accept (known values preferred where hinted). */
export function validRequest(doc: Json, operation: Operation, hints: Hints = {}): fc.Arbitrary<RequestSpec> {
  const params = parametersOf(doc, operation);
  const pathParams = fc.record(
    Object.fromEntries(
      params
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, valueFor(doc, p.schema, hints, p.name).map(String)]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const queryParams = params.filter((p) => p.in === 'query');
  const query = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, valueFor(doc, p.schema, hints, p.name).map(String)])),
    { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
  ) as fc.Arbitrary<Record<string, string>>;
  const bodySchema = bodySchemaOf(operation);
  const body = bodySchema ? valueFor(doc, bodySchema, hints) : fc.constant(undefined);
  return fc.record({ pathParams, query, body });
}

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate becomes its WTF-8 bytes
 * instead of a thrown URIError (a hostile client can send those bytes).
 */
export function encodeLoose(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** The URL of a request; `rawPathParams` go into the path unencoded (broken encodings). */
export function urlOf(operation: Operation, request: RequestSpec, rawPathParams = false): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = request.pathParams[name] ?? '';
    return rawPathParams ? value : encodeLoose(value);
  });
  const query = Object.entries(request.query)
    .map(([key, value]) => `${encodeLoose(key)}=${encodeLoose(value)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** Whether the request passes the declared parameter and body schemas. */
export function requestValidator(doc: Json) {
  const ajv = newAjv(doc);
  return (operation: Operation, request: RequestSpec): boolean => {
    const at = (...keys: string[]) => ajv.getSchema(schemaRef(operation, ...keys))!;
    const parameters = operation.spec.parameters ?? [];
    for (const [index, raw] of parameters.entries()) {
      const p = resolve(doc, raw);
      const source = p.in === 'path' ? request.pathParams : p.in === 'query' ? request.query : null;
      if (!source) continue;
      const value = source[p.name];
      if (value === undefined) {
        if (p.required) return false;
        continue;
      }
      const types = [resolve(doc, p.schema).type].flat();
      const typed = types.includes('integer') || types.includes('number') ? Number(value) : value;
      if (!at('parameters', String(index), 'schema')(typed)) return false;
    }
    if (!bodySchemaOf(operation)) return true;
    return at('requestBody', 'content', 'application/json', 'schema')(request.body) as boolean;
  };
}

/** A ref into the document, for ajv: `openapi#/paths/<path>/<method>/<keys…>`. */
function schemaRef(operation: Operation, ...keys: string[]): string {
  const pointer = ['paths', operation.path, operation.method.toLowerCase(), ...keys]
    .map((key) => encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1')))
    .join('/');
  return `openapi#/${pointer}`;
}

function newAjv(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, validateFormats: true });
  addFormats(ajv);
  // The whole document is one schema resource: `#/components/schemas/…` refs resolve inside it.
  ajv.addSchema({ ...doc, $id: 'openapi' }, 'openapi');
  return ajv;
}

/**
 * Checks an answer against the operation's declared responses: status declared, media type
 * declared for that status, JSON body valid against its schema. Returns the problems.
 */
export function responseChecker(doc: Json) {
  const ajv = newAjv(doc);
  return (operation: Operation, status: number, contentType: string | undefined, body: string): string[] => {
    const responses = operation.spec.responses ?? {};
    const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((key) => key in responses);
    if (!statusKey) return [`status ${status} is not declared`];
    const declared = responses[statusKey];
    if (body.length === 0 || !declared.content) return [];
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(mediaType in declared.content)) {
      return [
        `${status} ${mediaType} is not declared (declared: ${Object.keys(declared.content).join(', ')})`,
      ];
    }
    if (mediaType !== 'application/json') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`${status} body is not JSON`];
    }
    const ref = schemaRef(operation, 'responses', statusKey, 'content', mediaType, 'schema');
    const validate = ajv.getSchema(ref);
    if (!validate) return [`no schema at ${ref}`];
    if (validate(parsed)) return [];
    return (validate.errors ?? []).slice(0, 3).map((e) => `${status} body${e.instancePath} ${e.message}`);
  };
}
