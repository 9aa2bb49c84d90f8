import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { extractPdfPages } from '../../testing/pdf-text';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTestOrder } from '../../testing/test-orders';
import { createUser } from '../accounts/users.service';
import { systemActor } from '../audit/audit.service';
import { recordReceipt } from '../orders/orders.service';

/** Set DOCUMENTS_PDF_DIR to keep the generated PDFs for looking at them. */
const keepDir = process.env.DOCUMENTS_PDF_DIR;

let t: TestApp;
let partner: TestPartner;
let ppUserId: string;
let ppkUserId: string;
const cookies: Record<string, string> = {};

async function cookieOf(username: string) {
  cookies[username] ??= await t.login(username);
  return cookies[username];
}

async function userId(username: string) {
  const rows = await queryRows<{ id: string }>(
    t.handle.db,
    sql`SELECT id FROM users WHERE username = ${username}`,
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'gratis-ongkir');
  ppUserId = await userId('pp.batang');
  ppkUserId = await userId('ppk.batang');
  await createUser(
    t.handle.db,
    systemActor('test'),
    { allRegions: true, pemdaCodes: [], satkerCodes: [] },
    {
      username: 'ppk.kendal',
      name: 'Bambang Wijaya, S.E.',
      password: 'demo',
      roles: [{ role: 'ppk', pemdaCode: null, satkerCode: '3324-DISDIKBUD' }],
    },
  );
});
afterAll(async () => {
  await t?.close();
});

async function download(username: string | null, url: string) {
  const headers = username ? { cookie: await cookieOf(username) } : {};
  return t.app.inject({ method: 'GET', url, headers });
}

const spUrl = (number: string) => `/api/v1/orders/${number}/documents/sp.pdf`;
const bastUrl = (number: string) => `/api/v1/orders/${number}/documents/bast.pdf`;

const pdfPages = extractPdfPages;

async function keep(name: string, content: Buffer) {
  if (keepDir) await writeFile(path.join(keepDir, name), content);
}

const event = (type: string, data: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  type,
  occurredAt: new Date().toISOString(),
  data,
});
async function deliver(number: string) {
  for (const [type, data] of [
    ['accepted', {}],
    ['shipped', { courier: 'JNE', trackingNo: 'JNE0012345' }],
    ['delivered', {}],
  ] as const) {
    const response = await partner.call('POST', `/orders/${number}/events`, event(type, data));
    if (response.statusCode !== 200) throw new Error(`${type}: ${response.body}`);
  }
}

const officeLines = [
  {
    name: 'Laptop ASUS Vivobook 14 Core i5 16GB 512GB',
    priceIdr: 12_500_000,
    qty: 3,
    unit: 'unit',
    categoryCode: 'KOM-LAPTOP',
  },
  {
    name: 'Printer Epson L3250 EcoTank',
    priceIdr: 3_000_000,
    qty: 1,
    unit: 'unit',
    categoryCode: 'KOM-PRINTER',
  },
  {
    name: 'Kertas HVS A4 80 gram Sinar Dunia',
    priceIdr: 60_000,
    qty: 25,
    unit: 'rim',
    categoryCode: 'KRT-HVS',
  },
];

describe('Surat Pesanan and BAST', () => {
  let number: string;
  let sellerNib: string;

  beforeAll(async () => {
    const order = await createTestOrder(t, partner, { lines: officeLines, createdByUserId: ppUserId });
    number = order.number;
    const rows = await queryRows<{ nib: string }>(
      t.handle.db,
      sql`SELECT s.nib FROM orders o JOIN sellers s ON s.id = o.seller_id WHERE o.number = ${number}`,
    );
    sellerNib = rows[0]!.nib;
  });

  it('the SP reads: number, date, pemda, satker, PP and PPK, seller NIB/NPWP, lines, taxes, total in figures and words', async () => {
    expect(officeLines.reduce((sum, line) => sum + line.qty * line.priceIdr, 0)).toBe(42_000_000);
    const response = await download('pp.batang', spUrl(number));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="SP-${number}.pdf"`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await keep('sp.pdf', response.rawPayload);
    const text = (await pdfPages(response.rawPayload)).join(' ');
    expect(text).toContain('SURAT PESANAN');
    expect(text).toContain(`Nomor: ${number}`);
    expect(text).toMatch(
      /Tanggal: \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}/,
    );
    expect(text).toContain('PEMERINTAH KABUPATEN BATANG');
    expect(text).toContain('Sekretariat Daerah Kabupaten Batang');
    expect(text).toContain('Siti Rahayu, S.E.');
    expect(text).toContain('Agus Setiawan, S.T., M.M.');
    expect(text).toContain(sellerNib);
    expect(text).toContain('0123456789012345');
    expect(text).toContain('Mitra gratis-ongkir');
    for (const line of officeLines) expect(text).toContain(line.name);
    expect(text).toContain('Rp37.500.000');
    expect(text).toContain('Rp42.000.000');
    // PKP seller: DPP = floor(42.000.000 × 100/111) = 37.837.837; PPN = 4.162.163; PPh 22 = floor(0,5% × DPP).
    expect(text).toContain('Rp37.837.837');
    expect(text).toContain('Rp4.162.163');
    expect(text).toContain('Rp189.189');
    expect(text).toContain('Empat puluh dua juta rupiah');
    expect(text).toContain('Jl. Veteran No. 1, Kauman, Batang');
    expect(text).toContain('Syarat umum');
    expect(text).toContain('Pejabat Pembuat Komitmen');
  });

  it('a BAST before the receipt is refused with 409 DOCUMENT.NOT_AVAILABLE', async () => {
    const response = await download('ppk.batang', bastUrl(number));
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('DOCUMENT.NOT_AVAILABLE');
    expect(response.json().error.message).toContain('belum');
  });

  it('after a partial acceptance the BAST shows accepted quantities, line notes and the recomputed total in words', async () => {
    await deliver(number);
    await recordReceipt(
      t.handle.db,
      { routingDeadlineHours: t.config.routingDeadlineHours },
      { userId: ppkUserId, label: 'ppk.batang' },
      number,
      {
        receivedAt: new Date().toISOString(),
        note: 'Diperiksa bersama pengurus barang.',
        lines: [
          { lineNo: 1, qtyAccepted: 3 },
          { lineNo: 2, qtyAccepted: 1 },
          { lineNo: 3, qtyAccepted: 20, note: '5 rim basah terkena hujan, dikembalikan' },
        ],
      },
    );
    const response = await download('ppk.batang', bastUrl(number));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="BAST-${number.slice(4)}.pdf"`,
    );
    await keep('bast.pdf', response.rawPayload);
    const text = (await pdfPages(response.rawPayload)).join(' ');
    expect(text).toContain('BERITA ACARA SERAH TERIMA');
    expect(text).toContain(`Nomor: BAST-${number.slice(4)}`);
    expect(text).toContain(`Surat Pesanan Nomor ${number}`);
    expect(text).toContain('Sekretariat Daerah Kabupaten Batang');
    expect(text).toContain(sellerNib);
    expect(text).toContain('0123456789012345');
    expect(text).toContain('Agus Setiawan, S.T., M.M.');
    for (const line of officeLines) expect(text).toContain(line.name);
    // 25 ordered, 20 accepted, 20 × Rp60.000; the total drops by Rp300.000.
    expect(text).toMatch(/25 20 rim Rp60\.000 Rp1\.200\.000 5 rim basah/);
    expect(text).toContain('Rp41.700.000');
    expect(text).toContain('Empat puluh satu juta tujuh ratus ribu rupiah');
    expect(text).toContain('Diperiksa bersama pengurus barang.');
    expect(text).toContain('PIHAK PERTAMA');
    expect(text).toContain('PIHAK KEDUA');
  });

  it('the invoice view shows the partner’s invoice, the billed (accepted) lines, taxes and payment status', async () => {
    const before = await download('bendahara.batang', `/api/v1/orders/${number}/invoice`);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      orderNumber: number,
      invoice: null,
      paymentStatus: 'not_invoiced',
      bastNumber: `BAST-${number.slice(4)}`,
    });
    const invoiced = await partner.call(
      'POST',
      `/orders/${number}/events`,
      event('invoiced', { invoiceNo: 'INV/GO/2026/0042', amountIdr: 41_700_000 }),
    );
    expect(invoiced.statusCode).toBe(200);
    const view = (await download('bendahara.batang', `/api/v1/orders/${number}/invoice`)).json();
    expect(view.invoice).toMatchObject({ number: 'INV/GO/2026/0042', amountIdr: 41_700_000 });
    expect(view.paymentStatus).toBe('awaiting_payment');
    expect(view.lines[2]).toMatchObject({ qty: 20, lineTotalIdr: 1_200_000 });
    expect(view.totals.totalIdr).toBe(41_700_000);
    expect(view.seller.nib).toBe(sellerNib);
  });
});

describe('who may read an order’s documents', () => {
  let batangOrder: string;
  let dishubOrder: string;

  beforeAll(async () => {
    batangOrder = (await createTestOrder(t, partner, { createdByUserId: ppUserId })).number;
    dishubOrder = (await createTestOrder(t, partner, { satkerCode: '3325-DISHUB' })).number;
    await deliver(batangOrder);
    await recordReceipt(
      t.handle.db,
      { routingDeadlineHours: t.config.routingDeadlineHours },
      { userId: ppkUserId, label: 'ppk.batang' },
      batangOrder,
      { receivedAt: new Date().toISOString(), lines: [] },
    );
  });

  it('the PP, PPK and bendahara of the satker, the pemda operator and the province auditor may download', async () => {
    for (const username of [
      'pp.batang',
      'ppk.batang',
      'bendahara.batang',
      'admin.batang',
      'auditor.jateng',
    ]) {
      expect((await download(username, spUrl(batangOrder))).statusCode, username).toBe(200);
      expect((await download(username, bastUrl(batangOrder))).statusCode, username).toBe(200);
    }
  });

  it('a PP of another satker gets 404 ORDER.NOT_FOUND, as if the order did not exist', async () => {
    const response = await download('pp.batang', spUrl(dishubOrder));
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ORDER.NOT_FOUND');
    expect((await download('pp.batang', `/api/v1/orders/${dishubOrder}/invoice`)).statusCode).toBe(404);
    // Same answer as for a number that does not exist, so other satkers' order numbers cannot be probed.
    const otherPemda = await download('pp.semarang', spUrl(batangOrder));
    const missing = await download('pp.semarang', spUrl('BLK-3325-2026-999999'));
    expect(otherPemda.statusCode).toBe(404);
    expect(otherPemda.body.replaceAll(batangOrder, 'N')).toBe(
      missing.body.replaceAll('BLK-3325-2026-999999', 'N'),
    );
  });

  it('a PPK of another pemda cannot download the BAST or the SP', async () => {
    expect((await download('ppk.kendal', bastUrl(batangOrder))).statusCode).toBe(404);
    expect((await download('ppk.kendal', spUrl(batangOrder))).statusCode).toBe(404);
  });

  it('without a session the documents are 401', async () => {
    const response = await download(null, spUrl(batangOrder));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('an SP of an order waiting for PPK approval is 409 DOCUMENT.NOT_AVAILABLE', async () => {
    const pending = await createTestOrder(t, partner, {
      status: 'pending_approval',
      createdByUserId: ppUserId,
    });
    const response = await download('pp.batang', spUrl(pending.number));
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'DOCUMENT.NOT_AVAILABLE',
      details: { document: 'sp', status: 'pending_approval' },
    });
  });
});

describe('taxes and status on the Surat Pesanan', () => {
  it('a catering order shows PBJT instead of PPN on its lines (DPP = floor(gross × 100/110))', async () => {
    const order = await createTestOrder(t, partner, {
      lines: [
        {
          name: 'Nasi kotak ayam bakar',
          priceIdr: 27_500,
          qty: 40,
          unit: 'kotak',
          categoryCode: 'MKN-KATERING',
        },
      ],
    });
    const response = await download('pp.batang', spUrl(order.number));
    const text = (await pdfPages(response.rawPayload)).join(' ');
    // Gross 1.100.000: DPP 1.000.000, PBJT 100.000, no PPN and no PPh 22 on food and drink.
    expect(text).toMatch(/PBJT makanan dan minuman 10% \(termasuk dalam harga\) Rp100\.000/);
    expect(text).toMatch(/Dasar Pengenaan Pajak \(DPP\) Rp1\.000\.000/);
    expect(text).toMatch(/PPN 11% \(termasuk dalam harga\) Rp0/);
    expect(text).toContain('Satu juta seratus ribu rupiah');
  });

  it('the SP of an order cancelled after it was sent says so under the title', async () => {
    const order = await createTestOrder(t, partner);
    const cancelled = await partner.call(
      'POST',
      `/orders/${order.number}/events`,
      event('cancelled', { reason: 'stok habis' }),
    );
    expect(cancelled.statusCode).toBe(200);
    const text = (await pdfPages((await download('pp.batang', spUrl(order.number))).rawPayload)).join(' ');
    expect(text).toContain('PESANAN INI TELAH DIBATALKAN');
  });
});

describe('long orders', () => {
  it('a 60-line SP runs over several pages and repeats the table header on the next page', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => ({
      name: `Alat tulis kantor jenis ${String(index + 1).padStart(2, '0')}`,
      priceIdr: 10_000 + index * 500,
      qty: 2,
      unit: 'pak',
    }));
    const order = await createTestOrder(t, partner, { lines, createdByUserId: ppUserId });
    const response = await download('pp.batang', spUrl(order.number));
    expect(response.statusCode).toBe(200);
    await keep('sp-60.pdf', response.rawPayload);
    const pages = await pdfPages(response.rawPayload);
    expect(pages.length).toBeGreaterThan(1);
    const second = pages[1]!;
    expect(second).toContain('No Nama barang/jasa Jumlah Satuan Harga satuan Jumlah harga');
    expect(second).toContain(`Surat Pesanan Nomor ${order.number} (lanjutan)`);
    expect(pages.at(-1)).toContain(`Halaman ${pages.length} dari ${pages.length}`);
    const all = pages.join(' ');
    for (const line of lines) expect(all).toContain(line.name);
  });
});

describe('API description', () => {
  it('the served OpenAPI document lists the document routes, the PDFs as application/pdf', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    const sp = document.paths['/api/v1/orders/{number}/documents/sp.pdf'].get;
    expect(Object.keys(sp.responses['200'].content)).toEqual(['application/pdf']);
    expect(document.paths['/api/v1/orders/{number}/documents/bast.pdf']).toBeDefined();
    const invoice = document.paths['/api/v1/orders/{number}/invoice'].get;
    expect(Object.keys(invoice.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
  });
});
