import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { getEffectiveRule } from './rules.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const rule = {
  pemdaCode: '33.25',
  effectiveFrom: '2030-01-01',
  directPurchaseLimitIdr: 40_000_000,
  approvalThresholdIdr: 10_000_000,
  splitWindowDays: 30,
  unansweredCancelWorkingDays: 5,
  aboveLimitAdvice: 'Gunakan e-katalog lokal Kabupaten Batang.',
};

describe('purchase rules as effective-dated data', () => {
  it('a pemda without its own rule gets the national default: below Rp200.000.000, 14 days, 3 working days', async () => {
    const effective = await getEffectiveRule(t.handle.db, '33.74', '2026-11-29');
    expect(effective.pemdaCode).toBeNull();
    expect(effective.directPurchaseLimitIdr).toBe(200_000_000);
    expect(effective.splitWindowDays).toBe(14);
    expect(effective.unansweredCancelWorkingDays).toBe(3);
  });

  it('Batang’s own rule holds: below Rp50.000.000', async () => {
    const effective = await getEffectiveRule(t.handle.db, '33.25', '2026-11-29');
    expect(effective.pemdaCode).toBe('33.25');
    expect(effective.directPurchaseLimitIdr).toBe(50_000_000);
  });

  it('a rule set from a date applies from that day on, and the earlier rule before it', async () => {
    const admin = await t.login('admin.batang');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules',
      headers: { cookie: admin },
      payload: rule,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect((await getEffectiveRule(t.handle.db, '33.25', '2029-12-31')).directPurchaseLimitIdr).toBe(
      50_000_000,
    );
    expect((await getEffectiveRule(t.handle.db, '33.25', '2030-01-01')).directPurchaseLimitIdr).toBe(
      40_000_000,
    );
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/rules?pemdaCode=33.25',
      headers: { cookie: admin },
    });
    expect(list.json().items.map((item: { effectiveFrom: string }) => item.effectiveFrom)).toEqual([
      '2021-01-01',
      '2021-01-01',
      '2030-01-01',
    ]);
  });

  it('a kabupaten operator cannot set another pemda’s rule', async () => {
    const admin = await t.login('admin.batang');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules',
      headers: { cookie: admin },
      payload: { ...rule, pemdaCode: '33.74' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('a pemda limit above the national ceiling is refused with RULE.INVALID', async () => {
    const admin = await t.login('admin.jateng');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules',
      headers: { cookie: admin },
      payload: { ...rule, effectiveFrom: '2031-01-01', directPurchaseLimitIdr: 250_000_000 },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('RULE.INVALID');
  });

  it('a PP cannot set rules', async () => {
    const pp = await t.login('pp.batang');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules',
      headers: { cookie: pp },
      payload: rule,
    });
    expect(response.statusCode).toBe(403);
  });
});
