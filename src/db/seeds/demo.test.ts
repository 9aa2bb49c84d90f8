import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { prepareDatabase } from '../prepare';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('demo mode', () => {
  it('in demo mode every demo account logs in with the password demo', async () => {
    for (const username of [
      'admin.jateng',
      'admin.batang',
      'pp.batang',
      'ppk.batang',
      'bendahara.batang',
      'umkm.batang',
      'auditor.jateng',
    ]) {
      await expect(t.login(username)).resolves.toMatch(/^blangkon_session=/);
    }
  });

  it('a start with BLANGKON_DEMO=false leaves no usable demo account, even on a database seeded earlier', async () => {
    await prepareDatabase(t.handle, { demo: false });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin.jateng', password: 'demo' },
    });
    expect(response.statusCode).toBe(401);
  });
});
