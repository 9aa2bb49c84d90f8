import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const createUser = async (operator: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/users',
    payload,
    headers: { cookie: await t.login(operator) },
  });

describe('operators manage users within their region', () => {
  it('an operator of Batang creates a PP for a Batang satker, who can then log in and act for it', async () => {
    const response = await createUser('admin.batang', {
      username: 'pp.dinkes.batang',
      name: 'Rina Marlina',
      password: 'rahasia-sekali-123',
      roles: [{ role: 'pp', satkerCode: '3325-DINKES' }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().user.roles).toEqual([{ role: 'pp', pemdaCode: null, satkerCode: '3325-DINKES' }]);
    const cookie = await t.login('pp.dinkes.batang', 'rahasia-sekali-123');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().satkers).toEqual([
      { code: '3325-DINKES', name: 'Dinas Kesehatan Kabupaten Batang', pemdaCode: '33.25' },
    ]);
  });

  it('the stored password is an argon2id hash, never the password', async () => {
    const rows = await t.handle.db.query.users.findFirst({
      where: (u, { eq }) => eq(u.username, 'pp.dinkes.batang'),
    });
    expect(rows?.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(rows?.passwordHash).not.toContain('rahasia-sekali-123');
  });

  it('an operator of Batang cannot grant a role on a satker of Kota Semarang or on the province', async () => {
    const satker = await createUser('admin.batang', {
      username: 'pp.semarang.2',
      name: 'Orang Semarang',
      password: 'rahasia-sekali-123',
      roles: [{ role: 'pp', satkerCode: '3374-DISDIK' }],
    });
    expect(satker.statusCode).toBe(403);
    const province = await createUser('admin.batang', {
      username: 'auditor.baru',
      name: 'Auditor Baru',
      password: 'rahasia-sekali-123',
      roles: [{ role: 'auditor', pemdaCode: '33' }],
    });
    expect(province.statusCode).toBe(403);
  });

  it('a role without its scope is 422 USER.INVALID_ROLE_SCOPE', async () => {
    const response = await createUser('admin.jateng', {
      username: 'pp.tanpa.satker',
      name: 'PP Tanpa Satker',
      password: 'rahasia-sekali-123',
      roles: [{ role: 'pp', pemdaCode: '33.25' }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('USER.INVALID_ROLE_SCOPE');
  });

  it('a taken username is 409 and a short password is 400', async () => {
    const taken = await createUser('admin.jateng', {
      username: 'pp.batang',
      name: 'Duplikat',
      password: 'rahasia-sekali-123',
      roles: [{ role: 'pp', satkerCode: '3325-SETDA' }],
    });
    expect(taken.statusCode).toBe(409);
    const short = await createUser('admin.jateng', {
      username: 'pendek',
      name: 'Pendek',
      password: 'pendek',
      roles: [{ role: 'pp', satkerCode: '3325-SETDA' }],
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].field).toBe('body.password');
  });

  it('the user list of an operator of Batang shows Batang users and not those of Kota Semarang', async () => {
    const cookie = await t.login('admin.batang');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { cookie } });
    const usernames = response.json().items.map((u: { username: string }) => u.username);
    expect(usernames).toEqual(
      expect.arrayContaining(['pp.batang', 'ppk.batang', 'admin.batang', 'umkm.batang']),
    );
    expect(usernames).not.toContain('pp.semarang');
    expect(usernames).not.toContain('admin.jateng');
  });

  it('a PP cannot list or create users (403)', async () => {
    const cookie = await t.login('pp.batang');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { cookie } });
    expect(response.statusCode).toBe(403);
  });
});
