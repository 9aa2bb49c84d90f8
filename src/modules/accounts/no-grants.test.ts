import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';
import { systemActor } from '../audit/audit.service';
import { userRoles } from './accounts.schema';
import { scopeFromGrants } from './scope';
import { createUser } from './users.service';

/**
 * A signed-in user without any pemda or satker grant (as seller accounts will be) sees no
 * region- or satker-owned row: the scope fails closed (issue 13 item 11).
 */
let t: TestApp;
let noGrants: string;
let province: string;
let orderNumber: string;

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createTestPartner(t, 'mitra-tanpa-peran');
  orderNumber = (await createTestOrder(t, partner, { satkerCode: '3325-SETDA' })).number;
  const user = await createUser(
    t.handle.db,
    systemActor('test'),
    scopeFromGrants([{ role: 'operator', pemdaCode: '33', satkerCode: null }]),
    {
      username: 'tanpa.peran',
      name: 'Tanpa Peran',
      password: 'rahasia-uji-123',
      roles: [{ role: 'pp', pemdaCode: null, satkerCode: '3325-SETDA' }],
    },
  );
  // Every grant taken away: signed in, but in no region and no satker.
  await t.handle.db.delete(userRoles).where(eq(userRoles.userId, user.id));
  noGrants = await t.login('tanpa.peran', 'rahasia-uji-123');
  province = await t.login('admin.jateng');
});
afterAll(() => t?.close());

const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('a signed-in user with no grants', () => {
  it('is signed in, with no roles', async () => {
    const me = await get(noGrants, '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.roles).toEqual([]);
    expect(me.json().satkers).toEqual([]);
  });

  it('lists no orders, while a province operator lists the same database’s orders', async () => {
    const all = await get(province, '/api/v1/orders?limit=100');
    expect(all.json().items.map((o: { number: string }) => o.number)).toContain(orderNumber);
    const mine = await get(noGrants, '/api/v1/orders?limit=100');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({ items: [], nextCursor: null });
  });

  it('gets an existing order as not found', async () => {
    const response = await get(noGrants, `/api/v1/orders/${orderNumber}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ORDER.NOT_FOUND');
  });

  it('lists no satkers', async () => {
    expect((await get(province, '/api/v1/satkers')).json().items.length).toBeGreaterThan(0);
    const response = await get(noGrants, '/api/v1/satkers');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([]);
  });

  it('is refused the region-scoped reports of a pemda', async () => {
    const range = 'from=2024-01-01&to=2030-12-31&regionCode=33.25';
    expect((await get(province, `/api/v1/reports/satkers?${range}`)).statusCode).toBe(200);
    for (const path of ['/api/v1/reports/satkers', '/api/v1/reports/sellers']) {
      const response = await get(noGrants, `${path}?${range}`);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('AUTH.FORBIDDEN');
    }
  });
});
