import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
});
afterAll(async () => {
  await t?.close();
});

describe('HTTP edge', () => {
  it('GET /healthz answers 200 once the server can serve', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('an oversized body is 413 REQUEST.TOO_LARGE in the error shape', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'pp.batang', password: 'x'.repeat(4000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: { code: 'REQUEST.TOO_LARGE', message: expect.any(String) } });
  });

  it('malformed JSON is 400 REQUEST.MALFORMED_JSON in the error shape', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"username": "pp.batang", "password":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'REQUEST.MALFORMED_JSON', message: expect.any(String) },
    });
  });

  it('a body failing its schema is 400 REQUEST.INVALID with the field named', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'pp.batang' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('REQUEST.INVALID');
    expect(response.json().error.details).toEqual([expect.objectContaining({ field: 'body.password' })]);
  });

  it('an unknown API route is 404 REQUEST.NOT_FOUND in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('REQUEST.NOT_FOUND');
  });

  it('responses carry security headers and the request id, echoing a given X-Request-Id', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('the served OpenAPI document describes every route with its schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    for (const route of [
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/me',
      '/api/v1/regions',
      '/api/v1/pemdas',
      '/api/v1/satkers',
      '/api/v1/admin/satkers',
      '/api/v1/admin/users',
      '/healthz',
    ]) {
      expect(paths).toContain(route);
    }
    const login = document.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });
});
