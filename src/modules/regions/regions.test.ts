import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { findKabkotaOf } from './regions.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('regions', () => {
  it('GET /api/v1/regions?parent=33 lists the 35 kabupaten/kota of Jawa Tengah, Batang among them', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/regions?parent=33' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items).toHaveLength(35);
    expect(items.find((r: { code: string }) => r.code === '33.25')).toEqual({
      code: '33.25',
      name: 'Kabupaten Batang',
      level: 2,
      parentCode: '33',
    });
    expect(items.filter((r: { name: string }) => r.name.startsWith('Kota ')).length).toBe(6);
  });

  it('every Indonesian province and every desa is loaded, not only Jawa Tengah', async () => {
    const provinces = (await t.app.inject({ method: 'GET', url: '/api/v1/regions' })).json().items;
    expect(provinces.length).toBe(38);
    const desa = (await t.app.inject({ method: 'GET', url: '/api/v1/regions?parent=33.25.01' })).json().items;
    expect(desa.length).toBeGreaterThan(5);
    expect(desa.every((r: { level: number }) => r.level === 4)).toBe(true);
  });

  it('a desa or kecamatan code resolves to its kabupaten/kota', async () => {
    expect(await findKabkotaOf(t.handle.db, '33.25.01.2001')).toBe('33.25');
    expect(await findKabkotaOf(t.handle.db, '33.25.01')).toBe('33.25');
    expect(await findKabkotaOf(t.handle.db, '33.25')).toBe('33.25');
    expect(await findKabkotaOf(t.handle.db, '99.99')).toBeNull();
  });

  it('an unknown parent is 404 REGION.NOT_FOUND; a malformed one is 400', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/regions?parent=99.99' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('REGION.NOT_FOUND');
    const malformed = await t.app.inject({ method: 'GET', url: "/api/v1/regions?parent=33'--" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('REQUEST.INVALID');
  });

  it('the pemda of the platform are the province and its 35 kabupaten/kota, each with a joining date in the demo', async () => {
    const items = (await t.app.inject({ method: 'GET', url: '/api/v1/pemdas' })).json().items;
    expect(items).toHaveLength(36);
    expect(items[0]).toMatchObject({ code: '33', kind: 'province' });
    expect(items.find((p: { code: string }) => p.code === '33.25').joinedAt).toBe('2021-03-01');
    expect(items.every((p: { joinedAt: string | null }) => p.joinedAt !== null)).toBe(true);
    const joinedBy = (date: string) =>
      items.filter((p: { code: string; joinedAt: string }) => p.code !== '33' && p.joinedAt <= date).length;
    expect(joinedBy('2022-03-31')).toBe(18);
    expect(joinedBy('2024-02-29')).toBe(25);
  });

  it('only a province operator sets a joining date', async () => {
    const batang = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/pemdas/33.25',
      payload: { joinedAt: '2021-04-01' },
      headers: { cookie: await t.login('admin.batang') },
    });
    expect(batang.statusCode).toBe(403);
    const province = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/pemdas/33.25',
      payload: { joinedAt: '2021-04-01' },
      headers: { cookie: await t.login('admin.jateng') },
    });
    expect(province.statusCode).toBe(200);
    expect(province.json().pemda.joinedAt).toBe('2021-04-01');
  });
});
