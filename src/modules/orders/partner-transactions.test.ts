import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPartners } from '../../db/seeds/demo';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { findPartner } from '../partners/partners.service';
import { syncSellers } from '../sellers/sellers.sync';
import { type PartnerTransactionInput, reportPartnerTransactions } from './partner-transactions';

let t: TestApp;
let partnerId: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoPartners(t.handle.db, t.secretBox, 3100);
  partnerId = (await findPartner(t.handle.db, 'gratis-ongkir'))!.id;
  await syncSellers(t.handle.db, partnerId, [
    {
      externalId: 'S-1',
      name: 'Toko ATK Bu Siti',
      kind: 'individual',
      nib: '0123456789012',
      scale: 'mikro',
      isPkp: false,
      regionCode: '33.25',
      registeredAt: '2023-01-02T09:00:00+07:00',
      updatedAt: '2023-01-02T09:00:00+07:00',
    },
  ]);
});
afterAll(async () => {
  await t?.close();
});

const report = (id: string, qty: number, updatedAt: string): PartnerTransactionInput => ({
  externalOrderId: id,
  satkerCode: '3325-SETDA',
  sellerExternalId: 'S-1',
  orderedAt: '2023-03-01T09:00:00+07:00',
  status: 'paid',
  lines: [{ name: 'Pulpen gel hitam isi 12', categoryCode: 'ATK-TULIS', qty, unitPriceIdr: 25_000 }],
  totalIdr: qty * 25_000,
  updatedAt,
});

describe('partner transactions in batches', () => {
  it('a batch with one wrong total stores nothing and names the report by index', async () => {
    const bad = { ...report('B-2', 2, '2023-03-02T00:00:00Z'), totalIdr: 1 };
    await expect(
      reportPartnerTransactions(t.handle.db, partnerId, [report('B-1', 1, '2023-03-02T00:00:00Z'), bad]),
    ).rejects.toMatchObject({ code: 'TRANSACTION.TOTAL_MISMATCH', details: { index: 1 } });
    const results = await reportPartnerTransactions(t.handle.db, partnerId, [
      report('B-1', 1, '2023-03-02T00:00:00Z'),
    ]);
    expect(results[0]).toMatchObject({ applied: true, totalIdr: 25_000 });
  });

  it('within one batch the newest updatedAt of an order wins, and an older report later is ignored', async () => {
    const results = await reportPartnerTransactions(t.handle.db, partnerId, [
      report('B-3', 4, '2023-03-05T00:00:00Z'),
      report('B-3', 2, '2023-03-03T00:00:00Z'),
    ]);
    expect(results.map((r) => [r.applied, r.totalIdr])).toEqual([
      [true, 100_000],
      [false, 100_000],
    ]);
    const [older] = await reportPartnerTransactions(t.handle.db, partnerId, [
      report('B-3', 1, '2023-03-04T00:00:00Z'),
    ]);
    expect(older).toMatchObject({ applied: false, totalIdr: 100_000 });
  });

  it('a report naming an unknown satker is refused with the index of the report', async () => {
    await expect(
      reportPartnerTransactions(t.handle.db, partnerId, [
        report('B-4', 1, '2023-03-02T00:00:00Z'),
        { ...report('B-5', 1, '2023-03-02T00:00:00Z'), satkerCode: 'NOPE' },
      ]),
    ).rejects.toMatchObject({ code: 'TRANSACTION.INVALID', details: { index: 1 } });
  });
});
