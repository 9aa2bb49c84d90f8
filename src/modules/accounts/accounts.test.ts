import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_FAILURES: '3' });
});
afterAll(async () => {
  await t?.close();
});

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

describe('login', () => {
  it('a correct password returns the user and sets an HttpOnly SameSite session cookie', async () => {
    const response = await login('pp.batang', 'demo');
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ username: 'pp.batang', roles: ['pp'] });
    const cookie = response.cookies.find((c) => c.name === 'blangkon_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.value.length).toBeGreaterThanOrEqual(40);
  });

  it('a wrong password and an unknown user get the same 401 AUTH.INVALID_CREDENTIALS', async () => {
    const wrong = await login('ppk.batang', 'not-the-password');
    const unknown = await login('nobody.anywhere', 'demo');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect(wrong.cookies).toHaveLength(0);
  });

  it('after the allowed failures a username is refused with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await login('bendahara.batang', 'wrong')).statusCode).toBe(401);
    const refused = await login('bendahara.batang', 'demo');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another user from the same address is not locked out by someone else's failures.
    expect((await login('umkm.batang', 'demo')).statusCode).toBe(200);
  });

  it('a successful login clears the failure count', async () => {
    for (let i = 0; i < 2; i++) expect((await login('auditor.jateng', 'wrong')).statusCode).toBe(401);
    expect((await login('auditor.jateng', 'demo')).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login('auditor.jateng', 'wrong')).statusCode).toBe(401);
    expect((await login('auditor.jateng', 'demo')).statusCode).toBe(200);
  });

  it('usernames are matched case-insensitively', async () => {
    expect((await login('PP.Batang', 'demo')).statusCode).toBe(200);
  });
});

describe('session', () => {
  it('GET /api/v1/me returns the user, the satkers they serve and their pemda', async () => {
    const cookie = await t.login('pp.batang');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.username).toBe('pp.batang');
    expect(body.pemdaCode).toBe('33.25');
    expect(body.satkers.map((s: { code: string }) => s.code)).toContain('3325-SETDA');
    expect(body.satkers.every((s: { pemdaCode: string }) => s.pemdaCode === '33.25')).toBe(true);
  });

  it('without a session /api/v1/me is 401 AUTH.UNAUTHENTICATED', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('logout ends the session on the server, not only in the browser', async () => {
    const cookie = await t.login('ppk.batang');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });
});

describe('CSRF protection', () => {
  it('a state-changing request that a browser marks cross-site is refused with 403 and changes nothing', async () => {
    const cookie = await t.login('admin.batang');
    const payload = { code: '3325-CSRF', name: 'Satker Palsu', pemdaCode: '33.25' };
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/satkers',
        payload,
        headers: { cookie, ...headers },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('AUTH.CSRF_REJECTED');
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/satkers', headers: { cookie } });
    expect(list.json().items.map((s: { code: string }) => s.code)).not.toContain('3325-CSRF');
  });

  it('a cross-site login attempt is refused too (no login CSRF)', async () => {
    const response = await login('pp.batang', 'demo', { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
  });

  it('same-origin browser requests and scripts without browser headers are allowed', async () => {
    const cookie = await t.login('admin.batang');
    const sameOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/satkers',
      payload: { code: '3325-DINSOS', name: 'Dinas Sosial Kabupaten Batang', pemdaCode: '33.25' },
      headers: {
        cookie,
        origin: 'http://localhost:80',
        host: 'localhost:80',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(sameOrigin.statusCode).toBe(201);
    const script = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/satkers',
      payload: { code: '3325-DINSOS-2', name: 'Dinas Sosial Kabupaten Batang II', pemdaCode: '33.25' },
      headers: { cookie },
    });
    expect(script.statusCode).toBe(201);
  });

  it('form-encoded bodies are refused (415), so an HTML form on another site cannot post', async () => {
    const cookie = await t.login('admin.batang');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/satkers',
      payload: 'code=3325-FORM&name=Form&pemdaCode=33.25',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });
});
