import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, sellerRow, type TestPartner } from '../../testing/partner-client';
import {
  partnerRecord,
  recomputeFromOrderRows,
  runRandomScenario,
  snapshotProjection,
} from '../../testing/report-scenario';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';
import { applyPartnerEvent } from '../orders/partner-events';
import { rebuildReports } from './report-projection';
import { splitRange, splitRangeIntoPeriods } from './report-range';
import { getRegionFigures, loadPopulation } from './reports.service';
import { bitmapPosition } from './seller-bitmaps';

const POPULATION_CSV = '/work/shared/data/penduduk-kabkota-jateng.csv';

let t: TestApp;
let partner: TestPartner;
beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'gratis-ongkir');
});
afterAll(async () => {
  await t?.close();
});

const get = async (url: string, cookie?: string) => {
  const response = await t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  return response;
};
const regionsOf = async (from: string, to: string) =>
  (await get(`/api/v1/reports/regions?from=${from}&to=${to}`)).json().regions as Array<
    Record<string, number | string>
  >;

async function expectFiguresEqualRecomputation(from: string, to: string) {
  const expected = await recomputeFromOrderRows(t, from, to);
  const figures = await getRegionFigures(t.handle.db, { from, to });
  expect(figures).toHaveLength(35);
  for (const region of figures) {
    const e = expected.get(region.regionCode);
    expect(
      {
        code: region.regionCode,
        count: region.transactionCount,
        value: region.transactionValueIdr,
        umk: region.umkValueIdr,
        pdn: region.pdnValueIdr,
        tkdn: region.tkdnValueIdr,
        local: region.localValueIdr,
        sellers: region.sellerCount,
      },
      `${region.regionCode} ${from}..${to}`,
    ).toEqual({
      code: region.regionCode,
      count: e?.transactionCount ?? 0,
      value: e?.valueIdr ?? 0,
      umk: e?.umkValueIdr ?? 0,
      pdn: e?.pdnValueIdr ?? 0,
      tkdn: e?.tkdnValueIdr ?? 0,
      local: e?.localValueIdr ?? 0,
      sellers: e?.sellers.size ?? 0,
    });
  }
}

describe('report ranges', () => {
  it('a range splits into whole months and the edge days around them', () => {
    expect(splitRange('2023-01-01', '2023-10-23')).toEqual({
      months: { from: '2023-01-01', to: '2023-09-01' },
      days: [{ from: '2023-10-01', to: '2023-10-23' }],
    });
    expect(splitRange('2024-01-15', '2024-03-31')).toEqual({
      months: { from: '2024-02-01', to: '2024-03-01' },
      days: [{ from: '2024-01-15', to: '2024-01-31' }],
    });
    expect(splitRange('2024-02-03', '2024-02-20')).toEqual({
      months: null,
      days: [{ from: '2024-02-03', to: '2024-02-20' }],
    });
  });
});

describe('seller bitmaps', () => {
  it('a range reads its whole years, then whole months, then the edge days', () => {
    expect(splitRangeIntoPeriods('2021-01-01', '2024-12-31')).toEqual({
      years: { from: '2021-01-01', to: '2024-01-01' },
      months: [],
      days: [],
    });
    expect(splitRangeIntoPeriods('2021-03-05', '2024-02-10')).toEqual({
      years: { from: '2022-01-01', to: '2023-01-01' },
      months: [
        { from: '2021-04-01', to: '2021-12-01' },
        { from: '2024-01-01', to: '2024-01-01' },
      ],
      days: [
        { from: '2021-03-05', to: '2021-03-31' },
        { from: '2024-02-01', to: '2024-02-10' },
      ],
    });
    expect(splitRangeIntoPeriods('2022-11-15', '2023-02-14')).toEqual({
      years: null,
      months: [{ from: '2022-12-01', to: '2023-01-01' }],
      days: [
        { from: '2022-11-15', to: '2022-11-30' },
        { from: '2023-02-01', to: '2023-02-14' },
      ],
    });
    expect(splitRangeIntoPeriods('2024-06-15', '2024-06-15')).toEqual({
      years: null,
      months: [],
      days: [{ from: '2024-06-15', to: '2024-06-15' }],
    });
  });

  it('seller ordinal c × 4096 + i is bit i of chunk c', () => {
    expect(bitmapPosition(0)).toEqual({ chunk: 0, bit: 0 });
    expect(bitmapPosition(4095)).toEqual({ chunk: 0, bit: 4095 });
    expect(bitmapPosition(4096)).toEqual({ chunk: 1, bit: 0 });
    expect(bitmapPosition(3 * 4096 + 17)).toEqual({ chunk: 3, bit: 17 });
  });
});

/** Distinct sellers per region straight from the order and partner transaction rows. */
async function distinctSellersFromOrderRows(from: string, to: string) {
  const rows = await queryRows<{ pemda_code: string; sellers: number | string }>(
    t.handle.db,
    sql`SELECT pemda_code, count(DISTINCT seller_id) AS sellers FROM (
        SELECT pemda_code, seller_id, ordered_at FROM orders
          WHERE status IN ('accepted','shipped','delivered','received','invoiced','paid','completed')
        UNION ALL
        SELECT pemda_code, seller_id, ordered_at FROM partner_transactions WHERE status IN ('accepted','delivered','paid')
      ) o WHERE (ordered_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN ${from}::date AND ${to}::date
      GROUP BY pemda_code`,
  );
  return new Map(rows.map((row) => [row.pemda_code, Number(row.sellers)]));
}

async function acceptedOrder(options: Parameters<typeof createTestOrder>[2]) {
  const record = await partnerRecord(t, partner.code);
  const order = await createTestOrder(t, partner, options);
  await applyPartnerEvent(t.handle.db, record, order.number, {
    eventId: randomUUID(),
    type: 'accepted',
    occurredAt: new Date().toISOString(),
    data: {},
  });
  return order;
}

async function cancel(number: string) {
  const record = await partnerRecord(t, partner.code);
  await applyPartnerEvent(t.handle.db, record, number, {
    eventId: randomUUID(),
    type: 'cancelled',
    occurredAt: new Date().toISOString(),
    data: { reason: 'batal' },
  });
}

describe('distinct sellers over ranges', () => {
  it('seller counts over ranges crossing years, months and days equal count(DISTINCT) over the order rows', async () => {
    const sellers = ['S-RANGE-1', 'S-RANGE-2', 'S-RANGE-3'].map((externalId, index) => ({
      externalId,
      nib: `330499990000${index}`,
      regionCode: '33.04',
    }));
    const instants = [
      '2021-12-31T23:30:00+07:00',
      '2022-01-01T00:30:00+07:00',
      '2022-06-15T10:00:00+07:00',
      '2022-12-31T23:59:00+07:00',
      '2023-01-01T08:00:00+07:00',
      '2023-03-15T10:00:00+07:00',
    ];
    for (const [index, orderedAt] of instants.entries()) {
      await acceptedOrder({
        pemdaCode: index % 2 === 0 ? '33.04' : '33.05',
        satkerCode: 'X-3304',
        seller: sellers[index % sellers.length],
        orderedAt,
      });
    }
    for (const [from, to] of [
      ['2021-12-31', '2021-12-31'],
      ['2021-12-31', '2022-01-01'],
      ['2022-01-01', '2022-12-31'],
      ['2021-12-01', '2023-01-31'],
      ['2022-02-01', '2022-11-30'],
      ['2022-06-16', '2022-12-30'],
      ['2021-06-15', '2023-03-14'],
      ['2021-01-01', '2024-12-31'],
      ['2022-12-31', '2023-03-15'],
    ] as const) {
      const expected = await distinctSellersFromOrderRows(from, to);
      const figures = await getRegionFigures(t.handle.db, { from, to });
      expect(Object.fromEntries(figures.map((r) => [r.regionCode, r.sellerCount])), `${from}..${to}`).toEqual(
        Object.fromEntries(figures.map((r) => [r.regionCode, expected.get(r.regionCode) ?? 0])),
      );
    }
  });

  it('a cancellation clears the day, month and year bits only when no other transaction of that seller for that pemda remains in the period', async () => {
    const seller = { externalId: 'S-CANCEL', nib: '3306999900001', regionCode: '33.06' };
    const buyer = { pemdaCode: '33.06', satkerCode: 'X-3306', seller };
    const may10 = await acceptedOrder({ ...buyer, orderedAt: '2023-05-10T10:00:00+07:00' });
    const may10Again = await acceptedOrder({ ...buyer, orderedAt: '2023-05-10T15:00:00+07:00' });
    const may20 = await acceptedOrder({ ...buyer, orderedAt: '2023-05-20T10:00:00+07:00' });
    const august = await acceptedOrder({ ...buyer, orderedAt: '2023-08-01T10:00:00+07:00' });
    // The same seller selling to another pemda keeps its own bits there.
    await acceptedOrder({ ...buyer, pemdaCode: '33.07', orderedAt: '2023-05-10T10:00:00+07:00' });
    const sellersIn = async (from: string, to: string) =>
      (await getRegionFigures(t.handle.db, { from, to })).find((r) => r.regionCode === '33.06')!.sellerCount;
    const counts = async () => ({
      day: await sellersIn('2023-05-10', '2023-05-10'),
      month: await sellersIn('2023-05-01', '2023-05-31'),
      year: await sellersIn('2023-01-01', '2023-12-31'),
    });
    expect(await counts()).toEqual({ day: 1, month: 1, year: 1 });
    await cancel(may10.number);
    expect(await counts()).toEqual({ day: 1, month: 1, year: 1 });
    await cancel(may10Again.number);
    expect(await counts()).toEqual({ day: 0, month: 1, year: 1 });
    await cancel(may20.number);
    expect(await counts()).toEqual({ day: 0, month: 0, year: 1 });
    await cancel(august.number);
    expect(await counts()).toEqual({ day: 0, month: 0, year: 0 });
    const otherPemda = (await getRegionFigures(t.handle.db, { from: '2023-05-10', to: '2023-05-10' })).find(
      (r) => r.regionCode === '33.07',
    )!;
    expect(otherPemda.sellerCount).toBe(1);
    const [empty] = await queryRows<{ count: number | string }>(
      t.handle.db,
      sql`SELECT count(*) AS count FROM report_seller_bitmaps WHERE bit_count(bits) = 0`,
    );
    expect(Number(empty!.count)).toBe(0);
  });

  it('sellers beyond ordinal 4096 count through the second chunk, and a rebuild gives the same bitmaps', async () => {
    const [max] = await queryRows<{ max: number }>(t.handle.db, sql`SELECT max(ordinal) AS max FROM sellers`);
    expect(Number(max!.max)).toBeLessThan(4094);
    await t.handle.db.execute(sql`ALTER TABLE sellers ALTER COLUMN ordinal RESTART WITH 4094`);
    const buyer = { pemdaCode: '33.08', satkerCode: 'X-3308', orderedAt: '2024-09-09T10:00:00+07:00' };
    for (const index of [1, 2, 3, 4]) {
      await acceptedOrder({
        ...buyer,
        seller: { externalId: `S-CHUNK-${index}`, nib: `330899990000${index}`, regionCode: '33.08' },
      });
    }
    const ordinals = await queryRows<{ ordinal: number }>(
      t.handle.db,
      sql`SELECT ordinal FROM sellers WHERE nib LIKE '33089999%' ORDER BY ordinal`,
    );
    expect(ordinals.map((row) => Number(row.ordinal))).toEqual([4094, 4095, 4096, 4097]);
    const chunks = await queryRows<{ chunk: number; count: number | string }>(
      t.handle.db,
      sql`SELECT chunk, bit_count(bits) AS count FROM report_seller_bitmaps
        WHERE level = 'd' AND period = '2024-09-09' AND pemda_code = '33.08' ORDER BY chunk`,
    );
    expect(chunks.map((row) => [Number(row.chunk), Number(row.count)])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const [from, to] of [
      ['2024-09-09', '2024-09-09'],
      ['2024-09-01', '2024-09-30'],
      ['2024-01-01', '2024-12-31'],
      ['2023-06-01', '2025-02-03'],
    ] as const) {
      const figures = await getRegionFigures(t.handle.db, { from, to });
      expect(figures.find((r) => r.regionCode === '33.08')!.sellerCount, `${from}..${to}`).toBe(
        (await distinctSellersFromOrderRows(from, to)).get('33.08'),
      );
    }
    const incremental = await snapshotProjection(t);
    await rebuildReports(t.handle.db);
    expect(await snapshotProjection(t)).toEqual(incremental);
  });
});

describe('regions report', () => {
  it('counts an order on its WIB day: 23:30 WIB on 31 March and 00:30 WIB on 1 April fall on different days and months', async () => {
    const record = await partnerRecord(t, partner.code);
    const late = await createTestOrder(t, partner, {
      pemdaCode: '33.01',
      satkerCode: 'X-3301',
      orderedAt: '2023-03-31T23:30:00+07:00',
    });
    const early = await createTestOrder(t, partner, {
      pemdaCode: '33.01',
      satkerCode: 'X-3301',
      orderedAt: '2023-04-01T00:30:00+07:00',
      lines: [{ priceIdr: 10_000, qty: 3 }],
    });
    for (const order of [late, early]) {
      await applyPartnerEvent(t.handle.db, record, order.number, {
        eventId: randomUUID(),
        type: 'accepted',
        occurredAt: new Date().toISOString(),
        data: {},
      });
    }
    const cilacap = async (from: string, to: string) =>
      (await regionsOf(from, to)).find((r) => r.regionCode === '33.01')!;
    expect((await cilacap('2023-03-31', '2023-03-31')).transactionValueIdr).toBe(late.totalIdr);
    expect((await cilacap('2023-04-01', '2023-04-01')).transactionValueIdr).toBe(30_000);
    expect((await cilacap('2023-04-01', '2023-04-30')).transactionCount).toBe(1);
    expect((await cilacap('2023-03-01', '2023-04-30')).transactionCount).toBe(2);
  });

  it('an order counts only once its seller accepts it, and stops counting when cancelled or rejected', async () => {
    const record = await partnerRecord(t, partner.code);
    const event = (number: string, type: string, data: Record<string, unknown> = {}) =>
      applyPartnerEvent(t.handle.db, record, number, {
        eventId: randomUUID(),
        type: type as 'accepted',
        occurredAt: new Date().toISOString(),
        data,
      });
    const at = '2022-06-10T10:00:00+07:00';
    const pemda = { pemdaCode: '33.02', satkerCode: 'X-3302', orderedAt: at };
    const banyumas = async () =>
      (await regionsOf('2022-06-10', '2022-06-10')).find((r) => r.regionCode === '33.02')!;
    const sent = await createTestOrder(t, partner, pemda);
    expect((await banyumas()).transactionCount).toBe(0);
    await event(sent.number, 'accepted');
    expect((await banyumas()).transactionCount).toBe(1);
    await event(sent.number, 'cancelled', { reason: 'tidak jadi' });
    expect((await banyumas()).transactionCount).toBe(0);
    const rejected = await createTestOrder(t, partner, pemda);
    await event(rejected.number, 'rejected', { reason: 'stok habis' });
    expect(await banyumas()).toMatchObject({ transactionCount: 0, transactionValueIdr: 0, sellerCount: 0 });
  });

  it('a seller counts in a long range only when it sold inside it, not when its sales merely surround it', async () => {
    const record = await partnerRecord(t, partner.code);
    const seller = { externalId: 'S-SPAN', nib: '3301999900001', regionCode: '33.03' };
    for (const orderedAt of ['2022-01-05T10:00:00+07:00', '2022-12-20T10:00:00+07:00']) {
      const order = await createTestOrder(t, partner, {
        pemdaCode: '33.03',
        satkerCode: 'X-3303',
        seller,
        orderedAt,
      });
      await applyPartnerEvent(t.handle.db, record, order.number, {
        eventId: randomUUID(),
        type: 'accepted',
        occurredAt: new Date().toISOString(),
        data: {},
      });
    }
    const sellersIn = async (from: string, to: string) =>
      (await regionsOf(from, to)).find((r) => r.regionCode === '33.03')!.sellerCount;
    expect(await sellersIn('2022-03-01', '2022-10-31')).toBe(0);
    expect(await sellersIn('2022-01-01', '2022-06-30')).toBe(1);
    expect(await sellersIn('2021-06-01', '2022-12-31')).toBe(1);
    expect(await sellersIn('2022-12-20', '2022-12-20')).toBe(1);
    expect(await sellersIn('2022-01-06', '2022-12-19')).toBe(0);
  });

  it('partner-reported transactions count while accepted, delivered or paid, and stop counting when cancelled', async () => {
    const seller = sellerRow({ regionCode: '33.25', scale: 'mikro', legalForm: 'UD' });
    await partner.call('PUT', '/sellers', { sellers: [seller] });
    const report = (status: string, updatedAt: string) =>
      partner.call('POST', '/transactions', {
        externalOrderId: 'GO-777',
        satkerCode: '3325-SETDA',
        sellerExternalId: seller.externalId,
        orderedAt: '2021-08-17T08:00:00+07:00',
        status,
        lines: [
          { name: 'Beras 5 kg', categoryCode: 'KRT-HVS', qty: 4, unitPriceIdr: 75_000, tkdnPercent: 50 },
        ],
        totalIdr: 300_000,
        updatedAt,
      });
    expect((await report('accepted', '2021-08-17T09:00:00+07:00')).statusCode).toBeLessThan(300);
    const batang = async () =>
      (await regionsOf('2021-08-17', '2021-08-17')).find((r) => r.regionCode === '33.25')!;
    expect(await batang()).toMatchObject({
      transactionCount: 1,
      transactionValueIdr: 300_000,
      umkValueIdr: 300_000,
      umkShare: 1,
      pdnShare: 1,
      localShare: 1,
      sellerCount: 1,
      rank: 1,
    });
    await report('cancelled', '2021-08-18T09:00:00+07:00');
    expect(await batang()).toMatchObject({ transactionCount: 0, transactionValueIdr: 0, sellerCount: 0 });
    await report('paid', '2021-08-19T09:00:00+07:00');
    expect((await batang()).transactionValueIdr).toBe(300_000);
  });

  it('answers all 35 kabupaten/kota ranked by value, with the shape of PUBLIC-API.md, without login', async () => {
    const response = await get('/api/v1/reports/regions?from=2021-01-01&to=2024-12-31');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.from).toBe('2021-01-01');
    expect(body.regions).toHaveLength(35);
    expect(body.regions.map((r: { rank: number }) => r.rank)).toEqual(
      Array.from({ length: 35 }, (_, i) => i + 1),
    );
    const values = body.regions.map((r: { transactionValueIdr: number }) => r.transactionValueIdr);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    expect(Object.keys(body.regions[0]).sort()).toEqual(
      [
        'regionCode',
        'name',
        'rank',
        'transactionCount',
        'transactionValueIdr',
        'umkValueIdr',
        'umkShare',
        'pdnShare',
        'localShare',
        'sellerCount',
      ].sort(),
    );
    expect(body.regions.every((r: { regionCode: string }) => /^33\.\d{2}$/.test(r.regionCode))).toBe(true);
    expect((await get('/api/v1/reports/regions?from=2024-02-01&to=2024-01-01')).statusCode).toBe(400);
  });
});

describe('projection against the order rows', () => {
  for (const seed of [11, 29, 47]) {
    it(`random scenario ${seed}: every region's figures equal a recomputation from the order rows, and a rebuild gives the same projection`, async () => {
      await runRandomScenario(t, partner, seed, 18);
      for (const [from, to] of [
        ['2024-03-31', '2024-03-31'],
        ['2024-04-01', '2024-04-01'],
        ['2024-03-15', '2024-04-30'],
        ['2024-04-01', '2024-05-31'],
        ['2020-01-01', '2026-12-31'],
      ] as const) {
        await expectFiguresEqualRecomputation(from, to);
      }
      const incremental = await snapshotProjection(t);
      expect(incremental.report_contributions!.length).toBeGreaterThan(0);
      await rebuildReports(t.handle.db);
      expect(await snapshotProjection(t)).toEqual(incremental);
    }, 120_000);
  }
});

describe('other dashboard tables', () => {
  it('days from BAST to payment per satker are the WIB days between receipt and payment (median, p90)', async () => {
    const body = (await get('/api/v1/reports/payment-days?from=2024-05-01&to=2024-05-31')).json();
    expect(body.satkers.length).toBeGreaterThan(0);
    for (const satker of body.satkers) {
      expect(satker.medianDays).toBeGreaterThanOrEqual(1);
      expect(satker.p90Days).toBeGreaterThanOrEqual(satker.medianDays);
    }
  });

  it('the time series adds up to the ranking of the same range', async () => {
    const series = (
      await get('/api/v1/reports/timeseries?from=2024-03-01&to=2024-05-31&interval=day')
    ).json();
    expect(series.points).toHaveLength(92);
    const regions = await regionsOf('2024-03-01', '2024-05-31');
    const sum = (key: string) => regions.reduce((total, r) => total + Number(r[key]), 0);
    expect(
      series.points.reduce(
        (total: number, p: { transactionValueIdr: number }) => total + p.transactionValueIdr,
        0,
      ),
    ).toBe(sum('transactionValueIdr'));
    const monthly = (
      await get('/api/v1/reports/timeseries?from=2024-03-01&to=2024-05-31&interval=month&regionCode=33.25')
    ).json();
    expect(monthly.points.map((p: { period: string }) => p.period)).toEqual([
      '2024-03',
      '2024-04',
      '2024-05',
    ]);
  });

  it('value per inhabitant uses the population loaded from the BPS CSV', async () => {
    const result = await loadPopulation(
      t.handle.db,
      readFileSync(POPULATION_CSV, 'utf8'),
      'penduduk-kabkota-jateng.csv',
    );
    expect(result.loaded).toBe(35);
    const details = (await get('/api/v1/reports/regions/details?from=2020-01-01&to=2026-12-31')).json();
    const batang = details.regions.find((r: { regionCode: string }) => r.regionCode === '33.25');
    expect(batang.population).toBeGreaterThan(500_000);
    expect(batang.valuePerInhabitantIdr).toBe(Math.round(batang.transactionValueIdr / batang.population));
    await expect(loadPopulation(t.handle.db, 'kode,jumlah\n99.99,5\n', 'x')).rejects.toMatchObject({
      code: 'REPORT.POPULATION_INVALID',
    });
  });

  it('officials get their own pemda by satker and seller; other pemdas are forbidden and the public must log in', async () => {
    const url = '/api/v1/reports/satkers?from=2020-01-01&to=2026-12-31&regionCode=33.25';
    expect((await get(url)).statusCode).toBe(401);
    const cookie = await t.login('admin.batang');
    const satkers = (await get(url, cookie)).json();
    expect(satkers.satkers.length).toBeGreaterThan(0);
    const regions = await regionsOf('2020-01-01', '2026-12-31');
    const batang = regions.find((r) => r.regionCode === '33.25')!;
    expect(
      satkers.satkers.reduce(
        (total: number, s: { transactionValueIdr: number }) => total + s.transactionValueIdr,
        0,
      ),
    ).toBe(batang.transactionValueIdr);
    const sellers = (
      await get('/api/v1/reports/sellers?from=2020-01-01&to=2026-12-31&regionCode=33.25', cookie)
    ).json();
    expect(sellers.sellers).toHaveLength(Number(batang.sellerCount));
    expect((await get(url.replace('33.25', '33.74'), cookie)).statusCode).toBe(403);
  });

  it('the partner breakdown counts sellers located in the region and registered by the date', async () => {
    const before = (await get('/api/v1/reports/partners?regionCode=33.29&asOf=2023-10-23')).json();
    const count = () =>
      before.partners.find((p: { code: string }) => p.code === partner.code)?.sellerCount ?? 0;
    const base = count();
    await partner.call('PUT', '/sellers', {
      sellers: [
        sellerRow({ regionCode: '33.29', registeredAt: '2023-10-23T23:00:00+07:00' }),
        sellerRow({ regionCode: '33.29', registeredAt: '2023-10-24T00:30:00+07:00' }),
        sellerRow({ regionCode: '33.28', registeredAt: '2023-01-01T00:00:00+07:00' }),
      ],
    });
    const after = (await get('/api/v1/reports/partners?regionCode=33.29&asOf=2023-10-23')).json();
    expect(after.partners.find((p: { code: string }) => p.code === partner.code).sellerCount).toBe(base + 1);
  });
});

describe('exports', () => {
  const tables = [
    ['/api/v1/reports/regions?from=2020-01-01&to=2026-12-31', 'regions'],
    ['/api/v1/reports/partners?regionCode=33.25&asOf=2026-12-31', 'partners'],
    ['/api/v1/reports/timeseries?from=2024-03-01&to=2024-05-31&interval=month', 'points'],
    ['/api/v1/reports/payment-days?from=2024-05-01&to=2024-05-31', 'satkers'],
  ] as const;
  for (const [url, key] of tables) {
    it(`CSV and XLSX of ${url.split('?')[0]} carry the same numbers as the JSON`, async () => {
      const json = (await get(url)).json()[key] as Array<Record<string, unknown>>;
      const values = json.map((row) => Object.values(row));
      const csv = await get(`${url}&format=csv`);
      expect(csv.headers['content-type']).toContain('text/csv');
      const csvRows = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(','));
      expect(csvRows).toHaveLength(json.length);
      const xlsx = await get(`${url}&format=xlsx`);
      expect(xlsx.headers['content-disposition']).toContain('.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const xlsxRows: unknown[][] = [];
      sheet.eachRow((row, index) => {
        if (index > 1) xlsxRows.push((row.values as unknown[]).slice(1));
      });
      // Every JSON value appears in its row of both files, in the table's column order.
      json.forEach((row, index) => {
        const csvCells = new Set(csvRows[index]);
        const xlsxCells = xlsxRows[index]!;
        for (const value of Object.values(row)) {
          if (value === null || typeof value === 'object') continue;
          expect(csvCells.has(String(value)), `${String(value)} in CSV row ${index}`).toBe(true);
          expect(xlsxCells.map(String)).toContain(String(value));
        }
      });
      expect(values.length).toBe(xlsxRows.length);
    });
  }
});
