import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPartner, productRow, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let go: TestPartner;
let mbiz: TestPartner;

const sellers = {
  batangMikro: sellerRow({
    externalId: 'BTG-MIKRO',
    kind: 'individual',
    legalForm: null,
    scale: 'mikro',
    regionCode: '33.25.01',
    name: 'Batik Rifaiyah Bu Siti',
  }),
  batangBesar: sellerRow({
    externalId: 'BTG-BESAR',
    scale: 'besar',
    legalForm: 'PT',
    regionCode: '33.25',
    name: 'PT Batang Makmur',
  }),
  semarangBesar: sellerRow({
    externalId: 'SMG-BESAR',
    scale: 'besar',
    legalForm: 'PT',
    regionCode: '33.74',
    name: 'PT Semarang Raya',
  }),
  semarangKecil: sellerRow({
    externalId: 'SMG-KECIL',
    scale: 'kecil',
    legalForm: 'CV',
    regionCode: '33.74',
    name: 'CV Semarang Jaya',
  }),
};

const valid = { tkdnValidUntil: '2030-12-31', tkdnCertificateNo: 'TKDN-1' };
const noTkdn = { tkdnPercent: null, bmpPercent: null, tkdnCertificateNo: null, tkdnValidUntil: null };
const hvs = 'Kertas HVS A4 80 gram';
const products = [
  productRow('SMG-BESAR', {
    externalId: 'HVS-IMPORT',
    name: hvs,
    priceIdr: 40_000,
    isDomestic: false,
    ...noTkdn,
  }),
  productRow('SMG-BESAR', {
    externalId: 'HVS-PDN',
    name: hvs,
    priceIdr: 50_000,
    isDomestic: true,
    ...noTkdn,
  }),
  productRow('SMG-BESAR', {
    externalId: 'HVS-TKDN25',
    name: hvs,
    priceIdr: 52_000,
    isDomestic: true,
    tkdnPercent: 30,
    bmpPercent: 0,
    ...valid,
  }),
  productRow('SMG-BESAR', {
    externalId: 'HVS-TKDN40',
    name: hvs,
    priceIdr: 58_000,
    isDomestic: true,
    tkdnPercent: 35,
    bmpPercent: 6,
    ...valid,
  }),
  productRow('SMG-BESAR', {
    externalId: 'HVS-EXPIRED',
    name: hvs,
    priceIdr: 45_000,
    isDomestic: true,
    tkdnPercent: 45,
    bmpPercent: 5,
    tkdnCertificateNo: 'TKDN-OLD',
    tkdnValidUntil: '2020-01-01',
  }),
  productRow('SMG-BESAR', {
    externalId: 'MAP-SMG',
    name: 'Map plastik kancing folio',
    categoryCode: 'ATK-MAP',
    unit: 'pcs',
    priceIdr: 4_000,
    isDomestic: true,
    ...noTkdn,
  }),
  productRow('BTG-BESAR', {
    externalId: 'MAP-BTG',
    name: 'Map plastik kancing folio',
    categoryCode: 'ATK-MAP',
    unit: 'pcs',
    priceIdr: 5_000,
    isDomestic: true,
    ...noTkdn,
  }),
  productRow('BTG-MIKRO', {
    externalId: 'MAP-BTG-MIKRO',
    name: 'Map plastik kancing folio',
    categoryCode: 'ATK-MAP',
    unit: 'pcs',
    priceIdr: 5_500,
    isDomestic: true,
    ...noTkdn,
  }),
  productRow('BTG-MIKRO', {
    externalId: 'NASI',
    name: 'Nasi kotak ayam bakar',
    categoryCode: 'MKN-KATERING',
    unit: 'porsi',
    priceIdr: 25_000,
    isDomestic: true,
    ...noTkdn,
  }),
  productRow('SMG-KECIL', {
    externalId: 'ATK-PAKET',
    name: 'Paket alat tulis kantor lengkap',
    categoryCode: 'ATK-TULIS',
    unit: 'paket',
    priceIdr: 75_000,
    isDomestic: true,
    ...noTkdn,
  }),
  productRow('SMG-KECIL', {
    externalId: 'TINTA',
    name: 'Tinta printer Epson 003 hitam',
    categoryCode: 'KOM-TINTA',
    unit: 'pcs',
    priceIdr: 90_000,
    isDomestic: false,
    ...noTkdn,
  }),
  productRow('BTG-MIKRO', {
    externalId: 'BATIK',
    name: 'Pakaian dinas harian batik Batang',
    categoryCode: 'SRG-BATIK',
    unit: 'pcs',
    priceIdr: 185_000,
    isDomestic: true,
    ...noTkdn,
  }),
  productRow('SMG-KECIL', {
    externalId: 'INACTIVE',
    name: 'Kertas HVS A4 70 gram nonaktif',
    priceIdr: 30_000,
    isActive: false,
    ...noTkdn,
  }),
];

beforeAll(async () => {
  t = await createTestApp();
  go = await createTestPartner(t, 'gratis-ongkir');
  mbiz = await createTestPartner(t, 'mbizmarket');
  expect((await go.call('PUT', '/sellers', { sellers: Object.values(sellers) })).json().accepted).toBe(4);
  const response = await go.call('PUT', '/products', { products });
  expect(response.json()).toEqual({ accepted: products.length, rejected: [] });
  // The same seller on a second partner, with an offer of the same paper there.
  await mbiz.call('PUT', '/sellers', { sellers: [{ ...sellers.semarangKecil, externalId: 'MB-SMG-KECIL' }] });
  await mbiz.call('PUT', '/products', {
    products: [
      productRow('MB-SMG-KECIL', {
        externalId: 'MB-HVS',
        name: 'Kertas HVS A4 80 gram Bola Dunia',
        priceIdr: 53_000,
        isDomestic: true,
        ...noTkdn,
      }),
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

async function search(query: Record<string, string>) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/catalog/search?${new URLSearchParams(query)}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    total: number;
    nextCursor: string | null;
    items: Array<{
      id: string;
      name: string;
      priceIdr: number;
      domesticClass: string;
      isLocal: boolean;
      seller: { name: string };
      reasons: Array<{ code: string; message: string }>;
    }>;
    facets: Record<string, Array<{ value: string; count: number }>>;
  };
}

describe('search quality', () => {
  it.each([
    ['kertas HVS', hvs],
    ['kertsa hvs', hvs],
    ['ker', hvs],
    ['nasi kotak', 'Nasi kotak ayam bakar'],
    ['nasi ktak', 'Nasi kotak ayam bakar'],
    ['konsumsi rapat', 'Nasi kotak ayam bakar'],
    ['atk', 'Paket alat tulis kantor lengkap'],
    ['perkantoran', 'Paket alat tulis kantor lengkap'],
    ['toner', 'Tinta printer Epson 003 hitam'],
    ['pakai batik', 'Pakaian dinas harian batik Batang'],
    ['MAP kancing', 'Map plastik kancing folio'],
  ])('“%s” finds “%s” first', async (q, expected) => {
    const result = await search({ q });
    expect(result.items[0]?.name.startsWith(expected), JSON.stringify(result.items.map((i) => i.name))).toBe(
      true,
    );
  });

  it('hostile query strings are harmless: no error, no injection', async () => {
    for (const q of [
      "'; DROP TABLE products; --",
      '&|!():*',
      '\\\\',
      '%_%',
      'a'.repeat(200),
      'kertas) | (nasi:*',
    ]) {
      const result = await search({ q });
      expect(Array.isArray(result.items)).toBe(true);
    }
    expect((await search({ q: 'kertas' })).total).toBeGreaterThan(0);
  });

  it('inactive products and products of a suspended partner are not found', async () => {
    expect((await search({ q: 'nonaktif' })).items).toHaveLength(0);
    const cookie = await t.login('admin.jateng');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/partners/mbizmarket/suspend',
      headers: { cookie },
    });
    expect((await search({ q: 'bola dunia' })).items).toHaveLength(0);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/partners/mbizmarket/activate',
      headers: { cookie },
    });
    expect((await search({ q: 'bola dunia' })).items).toHaveLength(1);
  });

  it('an offer of a medium-sized individual seller (no legal form) is stored and is not UMK', async () => {
    const seller = sellerRow({
      externalId: 'IND-MENENGAH',
      kind: 'individual',
      legalForm: null,
      scale: 'menengah',
      regionCode: '33.01',
    });
    await go.call('PUT', '/sellers', { sellers: [seller] });
    const response = await go.call('PUT', '/products', {
      products: [
        productRow('IND-MENENGAH', {
          externalId: 'IND-P',
          name: 'Lemari arsip besi menengah',
          categoryCode: 'FRN-LEMARI',
          unit: 'pcs',
          ...noTkdn,
        }),
      ],
    });
    expect(response.json()).toEqual({ accepted: 1, rejected: [] });
    expect((await search({ q: 'lemari arsip', umk: 'true' })).items).toHaveLength(0);
    expect((await search({ q: 'lemari arsip' })).items).toHaveLength(1);
  });

  it('a product synced by a partner is findable as soon as the sync has answered', async () => {
    await go.call('PUT', '/products', {
      products: [
        productRow('SMG-KECIL', {
          externalId: 'FRESH',
          name: 'Stempel warna ungu segar',
          categoryCode: 'ATK-KECIL',
          unit: 'pcs',
          ...noTkdn,
        }),
      ],
    });
    expect((await search({ q: 'stempel ungu' })).items.map((i) => i.name)).toEqual([
      'Stempel warna ungu segar',
    ]);
  });
});

describe('ranking', () => {
  it('among equally relevant offers the domestic cascade decides: TKDN+BMP ≥ 40, TKDN ≥ 25, PDN, import', async () => {
    const result = await search({ q: 'kertas hvs a4 80 gram', partner: 'gratis-ongkir' });
    expect(result.items.map((i) => i.domesticClass)).toEqual([
      'tkdn_bmp_40',
      'tkdn_25',
      'pdn',
      'pdn',
      'import',
    ]);
  });

  it('an expired TKDN certificate does not count: the offer ranks as a plain domestic product', async () => {
    const result = await search({ q: 'kertas hvs a4 80 gram', partner: 'gratis-ongkir' });
    const expired = result.items.find((i) => i.priceIdr === 45_000)!;
    expect(expired.domesticClass).toBe('pdn');
    // Within the PDN class the cheaper offer comes first.
    expect(result.items.filter((i) => i.domesticClass === 'pdn').map((i) => i.priceIdr)).toEqual([
      45_000, 50_000,
    ]);
  });

  it('a seller local to the buyer comes before a cheaper one from elsewhere, and a micro seller before a large one', async () => {
    const batang = await search({ q: 'map plastik kancing', regionCode: '33.25' });
    expect(batang.items.map((i) => i.seller.name)).toEqual([
      'Batik Rifaiyah Bu Siti',
      'PT Batang Makmur',
      'PT Semarang Raya',
    ]);
    expect(batang.items[0]!.reasons.map((r) => r.code)).toEqual([
      'RELEVANCE',
      'DOMESTIC.PDN',
      'LOCAL',
      'UMK',
    ]);
    const elsewhere = await search({ q: 'map plastik kancing', regionCode: '33.01' });
    expect(elsewhere.items[0]!.seller.name).toBe('Batik Rifaiyah Bu Siti');
    expect(elsewhere.items.slice(1).map((i) => i.priceIdr)).toEqual([4_000, 5_000]);
  });

  it('words in the product name outrank words only in the description: “kertas hvs a4” finds paper before an envelope', async () => {
    // A cheaper envelope with the best domestic class whose description mentions HVS paper.
    const envelope = productRow('SMG-KECIL', {
      externalId: 'AMPLOP-A4',
      name: 'Amplop jendela A4',
      description: 'Amplop putih berjendela dari kertas HVS tebal, muat kertas A4 dilipat tiga.',
      categoryCode: 'KRT-AMPLOP',
      unit: 'pak',
      priceIdr: 2_000,
      tkdnPercent: 60,
      bmpPercent: 10,
      ...valid,
    });
    expect((await go.call('PUT', '/products', { products: [envelope] })).json().accepted).toBe(1);
    try {
      const result = await search({ q: 'kertas hvs a4', limit: '100' });
      const names = result.items.map((i) => i.name);
      const envelopeAt = names.indexOf('Amplop jendela A4');
      expect(envelopeAt, JSON.stringify(names)).toBeGreaterThan(0);
      expect(names.slice(0, envelopeAt).every((name) => name.startsWith('Kertas HVS A4'))).toBe(true);
      expect(names.filter((name) => name.startsWith('Kertas HVS A4'))).toHaveLength(envelopeAt);
      expect(result.items[envelopeAt]!.reasons[0]!.message).toContain('deskripsi');
    } finally {
      await go.call('PUT', '/products', {
        products: [{ ...envelope, isActive: false, updatedAt: '2024-06-01T00:00:00+07:00' }],
      });
    }
  });

  it('sorting by price ignores the cascade', async () => {
    const result = await search({ q: 'kertas hvs', sort: 'price_asc' });
    const prices = result.items.map((i) => i.priceIdr);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });
});

describe('filters and facets', () => {
  it('local=true with the buyer’s region keeps only sellers located there (a kecamatan code counts)', async () => {
    const result = await search({ local: 'true', regionCode: '33.25' });
    expect(result.total).toBe(4);
    expect(result.items.every((i) => i.isLocal)).toBe(true);
  });

  it('umk=true keeps micro and small sellers; domesticClass and tkdnMin filter by certificate', async () => {
    const umk = await search({ umk: 'true' });
    expect(
      umk.items.every((i) => ['Batik Rifaiyah Bu Siti', 'CV Semarang Jaya'].includes(i.seller.name)),
    ).toBe(true);
    expect((await search({ domesticClass: 'tkdn_bmp_40' })).items.map((i) => i.priceIdr)).toEqual([58_000]);
    expect((await search({ tkdnMin: '30' })).items.map((i) => i.priceIdr).sort()).toEqual([52_000, 58_000]);
  });

  it('every facet’s counts add up to the filtered total', async () => {
    for (const query of [{}, { q: 'kertas' }, { q: 'map', regionCode: '33.25' }, { umk: 'true' }] as Array<
      Record<string, string>
    >) {
      const result = await search(query);
      for (const [name, values] of Object.entries(result.facets)) {
        expect(
          values.reduce((sum, f) => sum + f.count, 0),
          `${name} of ${JSON.stringify(query)}`,
        ).toBe(result.total);
      }
    }
  });

  it('a category filter includes its subcategories', async () => {
    const result = await search({ category: 'ATK' });
    expect(result.items.map((i) => i.name).sort()).toEqual(
      [
        'Map plastik kancing folio',
        'Map plastik kancing folio',
        'Map plastik kancing folio',
        'Paket alat tulis kantor lengkap',
        'Stempel warna ungu segar',
      ].sort(),
    );
  });
});

describe('pagination', () => {
  it('cursor pages cover every result once, in order, while products are inserted between pages', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page = await search({ limit: '3', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      round += 1;
      await go.call('PUT', '/products', {
        products: [
          productRow('SMG-BESAR', {
            externalId: `LATE-${round}`,
            name: `Produk susulan ${round}`,
            categoryCode: 'KBR-ALAT',
            unit: 'pcs',
            priceIdr: 999_000,
            isDomestic: false,
            ...noTkdn,
          }),
        ],
      });
    } while (cursor && round < 20);
    expect(new Set(seen).size).toBe(seen.length);
    const before = await search({ limit: '100' });
    const lateIds = new Set(before.items.filter((i) => i.name.startsWith('Produk susulan')).map((i) => i.id));
    const original = before.items.filter((i) => !lateIds.has(i.id)).map((i) => i.id);
    expect(seen.filter((id) => !lateIds.has(id))).toEqual(original);
  });

  it('a forged cursor is 400', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/search?cursor=not-a-cursor' });
    expect(response.statusCode).toBe(400);
  });
});

describe('product page', () => {
  it('shows the seller with its partners, the TKDN certificate, comparable offers and the price spread', async () => {
    const result = await search({ q: 'kertas hvs a4 80 gram', partner: 'gratis-ongkir' });
    const tkdn40 = result.items[0]!;
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/catalog/products/${tkdn40.id}?regionCode=33.25`,
    });
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.product).toMatchObject({
      tkdnValid: true,
      tkdnCertificateNo: 'TKDN-1',
      domesticClass: 'tkdn_bmp_40',
    });
    expect(page.product.seller.partners.map((p: { code: string }) => p.code)).toEqual(['gratis-ongkir']);
    expect(page.priceSpread).toMatchObject({
      categoryCode: 'KRT-HVS',
      unit: 'rim',
      minIdr: 40_000,
      maxIdr: 58_000,
      position: 'highest',
    });
    expect(
      page.comparableOffers.some((o: { partner: { code: string } }) => o.partner.code === 'mbizmarket'),
    ).toBe(true);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalog/products/00000000-0000-0000-0000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
  });
});
