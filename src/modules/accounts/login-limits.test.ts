import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

/** Failures from 127.0.0.1 for `count` different usernames. */
async function sprayFailures(count: number) {
  await t.handle.db.execute(sql`
    INSERT INTO login_attempts (username, ip_address, succeeded)
    SELECT 'semprot.' || n, '127.0.0.1', false FROM generate_series(1, ${count}) AS n`);
}

describe('login limits per address (offices share one NAT address)', () => {
  it('past the per-address threshold a correct password of an account that is not locked still logs in, after a bounded delay', async () => {
    // 11 failures past the threshold (10 × LOGIN_MAX_FAILURES): a 1.1 s slow-down, not a lockout.
    await sprayFailures(t.config.loginMaxFailures * 10 + 10);
    const started = performance.now();
    const answer = await login('umkm.batang', 'demo');
    const elapsed = performance.now() - started;
    expect(answer.statusCode, answer.body).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(2_000 + 1_500);
  });

  it('past the per-address threshold a wrong password is answered 401 only after the slow-down', async () => {
    const started = performance.now();
    const answer = await login('ppk.batang', 'salah');
    expect(answer.statusCode).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('the per-username limit still refuses a locked account with 429, whatever the password and address', async () => {
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      expect((await login('auditor.jateng', `salah-${i}`, '10.1.2.3')).statusCode).toBe(401);
    }
    const refused = await login('auditor.jateng', 'demo', '10.9.8.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
  });
});
