import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Json,
  operationsOf,
  requestValidator,
  responseChecker,
  securityKind,
  urlOf,
  validRequest,
} from '../testing/openapi-requests';
import { createTestApp, type TestApp } from '../testing/test-app';

const ERROR_REF = '#/components/schemas/Error';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Runs `redocly lint` (recommended rules, ./redocly.yaml) on a file; its problems as JSON. */
function redoclyLint(file: string): Promise<Array<{ ruleId: string; severity: string; message: string }>> {
  const bin = path.join(process.cwd(), 'node_modules', '.bin', 'redocly');
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      ['lint', file, '--format=json'],
      {
        timeout: 60_000,
        maxBuffer: 20 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
      (_error, stdout, stderr) => {
        // Exit status 1 means "problems found": the JSON on stdout says which.
        try {
          resolve(JSON.parse(stdout).problems);
        } catch {
          reject(new Error(`redocly lint gave no JSON: ${stderr.slice(0, 2000)}`));
        }
      },
    );
  });
}

describe('the served OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
  });
  afterAll(async () => {
    await t.close();
  });

  const operation = (method: string, p: string) => {
    const found = operationsOf(doc).find((o) => o.method === method && o.path === p);
    if (!found) throw new Error(`${method} ${p} is not in the document`);
    return found;
  };

  it('passes redocly lint with the recommended rules: no errors, no warnings', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'blangkon-openapi-'));
    try {
      const file = path.join(directory, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const problems = await redoclyLint(file);
      expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 90_000);

  it('names the server the API is served from', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('declares the PDF routes’ answers as application/pdf and their errors as application/json Error', async () => {
    for (const p of [
      '/api/v1/orders/{number}/documents/sp.pdf',
      '/api/v1/orders/{number}/documents/bast.pdf',
    ]) {
      const { spec } = operation('GET', p);
      expect(Object.keys(spec.responses['200'].content)).toEqual(['application/pdf']);
      for (const status of ['400', '401', '404']) {
        expect(spec.responses[status].content).toEqual({
          'application/json': { schema: { $ref: ERROR_REF } },
        });
      }
    }
    // What the server sends for a missing order matches what the document says.
    const cookie = await t.login('pp.batang');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orders/BLK-0000-2000-000000/documents/sp.pdf',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(404);
    const check = responseChecker(doc);
    const op = operation('GET', '/api/v1/orders/{number}/documents/sp.pdf');
    expect(check(op, 404, response.headers['content-type'] as string, response.body)).toEqual([]);
  });

  it('declares the CSV and XLSX answers of every report that takes format=csv|xlsx', async () => {
    const withFormat = operationsOf(doc).filter((o) =>
      (o.spec.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === 'format'),
    );
    expect(withFormat.length).toBeGreaterThanOrEqual(8);
    for (const o of withFormat) {
      expect(Object.keys(o.spec.responses['200'].content).sort(), o.id).toEqual(
        ['application/json', 'text/csv', XLSX].sort(),
      );
    }
    const check = responseChecker(doc);
    const op = operation('GET', '/api/v1/reports/regions');
    for (const format of ['csv', 'xlsx', 'json']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/regions?from=2024-01-01&to=2024-12-31&format=${format}`,
      });
      expect(response.statusCode).toBe(200);
      expect(check(op, 200, response.headers['content-type'] as string, response.body), format).toEqual([]);
    }
  });

  it('declares the 404 of /api/v1/reports/boundaries when no boundaries are configured', async () => {
    const op = operation('GET', '/api/v1/reports/boundaries');
    expect(op.spec.responses['404'].content).toEqual({ 'application/json': { schema: { $ref: ERROR_REF } } });
    expect(Object.keys(op.spec.responses['200'].content)).toEqual(['application/geo+json']);
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/reports/boundaries' });
    expect(response.statusCode).toBe(404);
    expect(responseChecker(doc)(op, 404, response.headers['content-type'] as string, response.body)).toEqual(
      [],
    );
  });

  it('declares the 414 an over-long path parameter gets on every operation with path parameters', async () => {
    const withPathParameters = operationsOf(doc).filter((o) =>
      (o.spec.parameters ?? []).some((p: Json) => p.in === 'path'),
    );
    expect(withPathParameters.length).toBeGreaterThan(10);
    for (const o of withPathParameters) expect(o.spec.responses['414'], o.id).toBeDefined();
    // Found by the fuzz suite: GET /api/v1/orders/<10,000 × a> answered an undeclared 414.
    const op = operation('GET', '/api/v1/orders/{number}');
    const cookie = await t.login('pp.batang');
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${'a'.repeat(10_000)}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(414);
    expect(responseChecker(doc)(op, 414, response.headers['content-type'] as string, response.body)).toEqual(
      [],
    );
  });

  it('says on every operation who may call it, and an anonymous call gets 401 exactly where it says session', async () => {
    const valid = requestValidator(doc);
    const wrong: string[] = [];
    for (const op of operationsOf(doc)) {
      if (!Array.isArray(op.spec.security)) {
        wrong.push(`${op.method} ${op.path}: no security declared`);
        continue;
      }
      const kind = securityKind(op);
      // Requests the declared schemas accept; the first one the server does not refuse as
      // invalid (a schema may say less than the route checks, e.g. a list of statuses).
      const candidates = fc
        .sample(validRequest(doc, op), { numRuns: 300, seed: 13 })
        .filter((candidate) => valid(op, candidate))
        .slice(0, 10);
      if (candidates.length === 0) throw new Error(`${op.id}: no valid request generated`);
      let answer = { status: 0, code: undefined as string | undefined };
      for (const request of candidates) {
        const response = await t.app.inject({
          method: op.method as 'GET',
          url: urlOf(op, request),
          ...(request.body !== undefined ? { payload: request.body as object } : {}),
        });
        const isJson = response.headers['content-type']?.toString().startsWith('application/json');
        answer = { status: response.statusCode, code: isJson ? response.json()?.error?.code : undefined };
        if (answer.code !== 'REQUEST.INVALID') break;
      }
      const code = answer.code;
      if (kind === 'session' && code !== 'AUTH.UNAUTHENTICATED') {
        wrong.push(`${op.method} ${op.path} declares session but answered ${answer.status} ${code}`);
      }
      if ((kind === 'public' || kind === 'optionalSession') && code === 'AUTH.UNAUTHENTICATED') {
        wrong.push(`${op.method} ${op.path} declares ${kind} but requires a session`);
      }
      if (kind === 'partner' && code !== 'PARTNER.SIGNATURE_MISSING') {
        wrong.push(`${op.method} ${op.path} declares partnerSignature but answered ${answer.status} ${code}`);
      }
      if (op.path.startsWith('/api/partner/') && kind !== 'partner') {
        wrong.push(`${op.method} ${op.path}: a partner operation without the partnerSignature scheme`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
