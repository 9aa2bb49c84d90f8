import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { listAuditEntries } from '../audit/audit.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function visibleSatkers(username: string): Promise<Array<{ code: string; pemdaCode: string }>> {
  const cookie = await t.login(username);
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/satkers', headers: { cookie } });
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

describe('satker scoping', () => {
  it('a PP of Batang sees only the satkers they serve, and none of Kota Semarang', async () => {
    const satkers = await visibleSatkers('pp.batang');
    expect(satkers.map((s) => s.code).sort()).toEqual([
      '3325-DINKES',
      '3325-DISDIKBUD',
      '3325-KEC-BATANG',
      '3325-SETDA',
    ]);
    expect(satkers.some((s) => s.pemdaCode === '33.74')).toBe(false);
  });

  it('a PP of Batang asking for Kota Semarang by filter still gets nothing', async () => {
    const cookie = await t.login('pp.batang');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/satkers?pemdaCode=33.74',
      headers: { cookie },
    });
    expect(response.json().items).toEqual([]);
  });

  it('an operator of Batang sees every satker of Batang and none elsewhere', async () => {
    const satkers = await visibleSatkers('admin.batang');
    expect(satkers.length).toBeGreaterThanOrEqual(15);
    expect(satkers.every((s) => s.pemdaCode === '33.25')).toBe(true);
  });

  it('the province operator and the province auditor see the satkers of every pemda', async () => {
    for (const username of ['admin.jateng', 'auditor.jateng']) {
      const pemdaCodes = new Set((await visibleSatkers(username)).map((s) => s.pemdaCode));
      expect(pemdaCodes).toEqual(new Set(['33', '33.24', '33.25', '33.26', '33.74', '33.75']));
    }
  });

  it('listing satkers needs a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/satkers' });
    expect(response.statusCode).toBe(401);
  });
});

describe('creating satkers', () => {
  const create = async (username: string, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/satkers',
      payload,
      headers: { cookie: await t.login(username) },
    });

  it('an operator of Batang creates a Batang satker, with an audit entry naming them', async () => {
    const response = await create('admin.batang', {
      code: '3325-BAPPEDA',
      name: 'Badan Perencanaan Pembangunan Daerah Kabupaten Batang',
      pemdaCode: '33.25',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().satker).toMatchObject({ code: '3325-BAPPEDA', pemdaCode: '33.25' });
    const [entry] = await listAuditEntries(t.handle.db, 'satker', '3325-BAPPEDA');
    expect(entry).toMatchObject({ action: 'satker.created', actorLabel: 'admin.batang' });
  });

  it('an operator of Batang cannot create a satker of Kota Semarang (403)', async () => {
    const response = await create('admin.batang', {
      code: '3374-BAPPEDA',
      name: 'Bappeda Kota Semarang',
      pemdaCode: '33.74',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('AUTH.FORBIDDEN');
  });

  it('a PP cannot create satkers at all (403)', async () => {
    const response = await create('pp.batang', {
      code: '3325-PP-MADE',
      name: 'Buatan PP',
      pemdaCode: '33.25',
    });
    expect(response.statusCode).toBe(403);
  });

  it('a taken code is 409 SATKER.CODE_TAKEN and the first satker is unchanged', async () => {
    const response = await create('admin.jateng', {
      code: '3325-SETDA',
      name: 'Nama Lain',
      pemdaCode: '33.25',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('SATKER.CODE_TAKEN');
    const satkers = await visibleSatkers('admin.batang');
    expect(satkers.find((s) => s.code === '3325-SETDA')).toMatchObject({
      name: 'Sekretariat Daerah Kabupaten Batang',
    });
  });

  it('an unknown pemda is 404 PEMDA.NOT_FOUND; a malformed code is 400 naming the field', async () => {
    const unknown = await create('admin.jateng', { code: '3599-X', name: 'Satker Luar', pemdaCode: '35.99' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PEMDA.NOT_FOUND');
    const malformed = await create('admin.jateng', { code: 'bad code', name: 'Satker', pemdaCode: '33.25' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].field).toBe('body.code');
  });
});
