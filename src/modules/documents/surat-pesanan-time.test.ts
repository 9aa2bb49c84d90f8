import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner } from '../../testing/partner-client';
import { extractPdfPages } from '../../testing/pdf-text';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';

/** The Surat Pesanan prints the ordering time as the clock in Jakarta shows it (WIB, UTC+7). */
let t: TestApp;
let number: string;

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createTestPartner(t, 'mitra-waktu-sp');
  // 17:05 UTC on 28 November is five past midnight on 29 November in WIB.
  ({ number } = await createTestOrder(t, partner, { orderedAt: '2026-11-28T17:05:00.000Z' }));
});
afterAll(() => t?.close());

describe('the time on the Surat Pesanan', () => {
  it('is the WIB clock: an order at 17:05 UTC reads 29 November 2026 pukul 00.05 WIB', async () => {
    const cookie = await t.login('pp.batang');
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${number}/documents/sp.pdf`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    const text = (await extractPdfPages(response.rawPayload)).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Waktu pemesanan');
    expect(text).toContain('29 November 2026 pukul 00.05 WIB');
    expect(text).not.toContain('28 November 2026 pukul 17.05');
  });
});
