import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestPartner, productRow, sellerRow, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { CatalogIndex, keepMatching, wibDay } from './catalog-index';
import { type SearchInput, searchCatalog } from './search.service';
import { buildQueryTree } from './search-query';

let t: TestApp;
let go: TestPartner;
let mbiz: TestPartner;

/** mulberry32: the same catalogue on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const regions = ['33.25', '33.25.02', '33.74', '33.26', '33.01'];
const scales = ['mikro', 'kecil', 'menengah', 'besar'] as const;
const heads = [
  'Kertas HVS',
  'Kertas',
  'Nasi kotak',
  'Nasi box',
  'Snack box',
  'Map plastik',
  'Tinta printer',
  'Toner',
];
const tails = [
  'A4 80 gram',
  'F4 70 gsm',
  'ayam bakar',
  'rendang',
  'kancing folio',
  'Epson 003 hitam',
  'HP 85A',
  'Sinar Dunia',
  'lokal Batang',
  'paket hemat',
];
const categories = ['KRT-HVS', 'MKN-KATERING', 'MKN-SNACK', 'ATK-TULIS', 'KOM-TINTA'];
// Words found only through descriptions (the text modes), and a description that repeats the name's words.
const descriptions = [
  null,
  'Perlengkapan alat tulis kantor untuk rapat dinas',
  'Garansi resmi satu tahun, kirim cepat',
  'Produk lokal UMKM, garansi tukar',
  'Kertas dan tinta untuk kantor',
];

beforeAll(async () => {
  t = await createTestApp();
  go = await createTestPartner(t, 'gratis-ongkir');
  mbiz = await createTestPartner(t, 'mbizmarket');
  const next = random(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const sellers = Array.from({ length: 12 }, (_, i) => {
    const scale = pick(scales);
    return sellerRow({
      externalId: `IDX-S${i}`,
      name: `Penyedia Indeks ${i}`,
      scale,
      legalForm: i % 5 === 0 ? 'KOPERASI' : 'CV',
      regionCode: regions[i % regions.length],
    });
  });
  for (const partner of [go, mbiz]) {
    const response = await partner.call('PUT', '/sellers', { sellers });
    expect(response.statusCode, response.body).toBe(200);
  }
  // 240 offers: equal names at different classes, regions, scales and prices, so that every
  // ranking key decides somewhere, and prices that tie.
  const products = Array.from({ length: 240 }, (_, i) => {
    const classPick = next();
    const tkdn =
      classPick < 0.25
        ? { tkdnPercent: 35, bmpPercent: 10, tkdnCertificateNo: `T-${i}`, tkdnValidUntil: '2035-01-01' }
        : classPick < 0.45
          ? { tkdnPercent: 30, bmpPercent: null, tkdnCertificateNo: `T-${i}`, tkdnValidUntil: '2035-01-01' }
          : classPick < 0.55
            ? // an expired certificate: counts as plain domestic
              { tkdnPercent: 60, bmpPercent: 5, tkdnCertificateNo: `T-${i}`, tkdnValidUntil: '2020-01-01' }
            : { tkdnPercent: null, bmpPercent: null, tkdnCertificateNo: null, tkdnValidUntil: null };
    return {
      partner: i % 3 === 0 ? mbiz : go,
      row: productRow(`IDX-S${i % 12}`, {
        externalId: `IDX-P${i}`,
        name: `${pick(heads)} ${pick(tails)}`,
        description: pick(descriptions),
        categoryCode: pick(categories),
        priceIdr: 1_000 * (10 + Math.floor(next() * 40)),
        isDomestic: next() < 0.8,
        isActive: next() < 0.95,
        ...tkdn,
      }),
    };
  });
  for (const partner of [go, mbiz]) {
    const rows = products.filter((p) => p.partner === partner).map((p) => p.row);
    const response = await partner.call('PUT', '/products', { products: rows });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().rejected).toEqual([]);
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const inputs: Array<Partial<SearchInput>> = [
  { q: 'kertas' },
  { q: 'kertas hvs' },
  { q: 'kertas hvs a4' },
  { q: 'ker' },
  { q: 'nasi kotak', regionCode: '33.25' },
  { q: 'nasi box', regionCode: '33.25', local: true },
  { q: 'konsumsi rapat' },
  { q: 'toner', umk: true },
  { q: 'tinta', domesticClass: 'tkdn_bmp_40' },
  { q: 'map', tkdnMin: 30 },
  { q: 'snack', priceMin: 20_000, priceMax: 40_000 },
  { q: 'kertas', category: 'KRT-HVS', partner: 'mbizmarket' },
  { q: 'kertas', category: 'KRT' },
  { q: 'kertas', sort: 'price_asc' },
  { q: 'nasi', sort: 'price_desc', regionCode: '33.74' },
  { regionCode: '33.26' },
  { umk: true, sort: 'price_asc' },
  // Fewer than a page in the names: names and descriptions.
  { q: 'garansi' },
  { q: 'atk', regionCode: '33.25' },
  { q: 'rapat dinas', sort: 'price_desc' },
  { q: 'garansi', umk: true, category: 'KOM' },
  // A typo: corrections in names; a typo and a description-only word: corrections anywhere.
  { q: 'kertsa' },
  { q: 'tintaa garansi' },
];

describe('in-memory catalogue index', () => {
  it('answers every query exactly as the SQL search: same pages in the same order, totals and facets', async () => {
    const index = new CatalogIndex(t.handle.db);
    for (const given of inputs) {
      const input = { sort: 'relevance', limit: 7, ...given } as SearchInput;
      const label = JSON.stringify(given);
      let memoryCursor: string | undefined;
      let sqlCursor: string | undefined;
      for (let page = 0; page < 4; page++) {
        const memory = await searchCatalog(t.handle.db, { ...input, cursor: memoryCursor }, index);
        const database = await searchCatalog(t.handle.db, { ...input, cursor: sqlCursor }, null);
        expect(database.totalCapped, label).toBe(false);
        expect(
          memory.items.map((i) => [
            i.name,
            i.priceIdr,
            i.domesticClass,
            i.isLocal,
            i.reasons.map((r) => r.code),
          ]),
          `${label} page ${page}`,
        ).toEqual(
          database.items.map((i) => [
            i.name,
            i.priceIdr,
            i.domesticClass,
            i.isLocal,
            i.reasons.map((r) => r.code),
          ]),
        );
        expect(
          memory.items.map((i) => i.id),
          `${label} page ${page}`,
        ).toEqual(database.items.map((i) => i.id));
        if (page === 0) {
          expect(memory.total, label).toBe(database.total);
          expect(memory.facets, label).toEqual(database.facets);
        }
        expect(memory.nextCursor === null, `${label} page ${page}`).toBe(database.nextCursor === null);
        if (!memory.nextCursor || !database.nextCursor) break;
        memoryCursor = memory.nextCursor;
        sqlCursor = database.nextCursor;
      }
    }
    // The queries were not all trivially empty.
    const kertas = await searchCatalog(t.handle.db, { q: 'kertas', sort: 'relevance', limit: 5 }, index);
    expect(kertas.total).toBeGreaterThan(20);
    // The description modes were reached: found only through descriptions, and through a correction.
    const garansi = await searchCatalog(t.handle.db, { q: 'garansi', sort: 'relevance', limit: 5 }, index);
    expect(garansi.total).toBeGreaterThan(20);
    expect(garansi.items[0]!.reasons[0]!.message).toContain('ditemukan lewat deskripsi produk');
    const typo = await searchCatalog(
      t.handle.db,
      { q: 'tintaa garansi', sort: 'relevance', limit: 5 },
      index,
    );
    expect(typo.total).toBeGreaterThan(0);
  });

  it('follows renames, deactivation and price changes made after it loaded', async () => {
    const index = new CatalogIndex(t.handle.db);
    const search = (q: string) => searchCatalog(t.handle.db, { q, sort: 'relevance', limit: 50 }, index);
    expect((await search('stempel')).total).toBe(0);
    const renamed = productRow('IDX-S1', {
      externalId: 'IDX-RENAME',
      name: 'Tinta stempel biru',
      categoryCode: 'ATK-TULIS',
      priceIdr: 12_000,
    });
    await go.call('PUT', '/products', { products: [renamed] });
    expect((await search('stempel')).items.map((i) => i.name)).toEqual(['Tinta stempel biru']);
    const later = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    await go.call('PUT', '/products', {
      products: [{ ...renamed, name: 'Bantalan cap ungu', updatedAt: later(1) }],
    });
    expect((await search('stempel')).total).toBe(0);
    expect((await search('bantalan cap')).items.map((i) => [i.name, i.priceIdr])).toEqual([
      ['Bantalan cap ungu', 12_000],
    ]);
    await go.call('PUT', '/products', {
      products: [{ ...renamed, name: 'Bantalan cap ungu', priceIdr: 15_000, updatedAt: later(2) }],
    });
    expect((await search('bantalan cap')).items.map((i) => i.priceIdr)).toEqual([15_000]);
    await go.call('PUT', '/products', {
      products: [{ ...renamed, name: 'Bantalan cap ungu', isActive: false, updatedAt: later(3) }],
    });
    expect((await search('bantalan cap')).total).toBe(0);
  });

  it('result pages show the seller and stock as written since the index loaded, as the SQL search does', async () => {
    const index = new CatalogIndex(t.handle.db);
    const input = { q: 'kertas', sort: 'relevance', limit: 20 } as SearchInput;
    const first = (await searchCatalog(t.handle.db, input, index)).items[0]!;
    const [seller] = await queryRows<{ name: string; kind: string; region_code: string }>(
      t.handle.db,
      sql`SELECT name, kind, region_code FROM sellers WHERE id = ${first.seller.id}`,
    );
    try {
      // A seller's own columns (no offer row changes) and an offer's stock.
      await t.handle.db.execute(
        sql`UPDATE sellers SET name = 'Penyedia Berganti Nama', kind = 'individual', region_code = '33.25.02'
          WHERE id = ${first.seller.id}`,
      );
      await t.handle.db.execute(sql`UPDATE products SET stock = 4321 WHERE id = ${first.id}`);
      const after = await searchCatalog(t.handle.db, input, index);
      const shown = after.items.find((item) => item.id === first.id)!;
      expect(shown.seller).toMatchObject({
        id: first.seller.id,
        name: 'Penyedia Berganti Nama',
        kind: 'individual',
        regionCode: '33.25.02',
      });
      expect(shown.stock).toBe(4321);
      expect(after.items).toEqual((await searchCatalog(t.handle.db, input, null)).items);
      // A new seller's first offer: the seller is read with it.
      const newcomer = sellerRow({ externalId: 'IDX-NEW', name: 'Penyedia Pendatang', regionCode: '33.74' });
      expect((await go.call('PUT', '/sellers', { sellers: [newcomer] })).statusCode).toBe(200);
      await go.call('PUT', '/products', {
        products: [productRow('IDX-NEW', { externalId: 'IDX-NEW-P', name: 'Kertas origami pendatang' })],
      });
      const origami = await searchCatalog(t.handle.db, { ...input, q: 'origami pendatang' }, index);
      expect(origami.items.map((item) => item.seller.name)).toEqual(['Penyedia Pendatang']);
      expect(origami.items).toEqual(
        (await searchCatalog(t.handle.db, { ...input, q: 'origami pendatang' }, null)).items,
      );
    } finally {
      await t.handle.db.execute(
        sql`UPDATE sellers SET name = ${seller!.name}, kind = ${seller!.kind}, region_code = ${seller!.region_code}
          WHERE id = ${first.seller.id}`,
      );
      await t.handle.db.execute(
        sql`UPDATE products SET is_active = false WHERE id IN (SELECT id FROM products WHERE name = 'Kertas origami pendatang')`,
      );
    }
  });

  it('a query’s cached matches follow later writes: one price among many, a new description', async () => {
    const index = new CatalogIndex(t.handle.db);
    const input = { q: 'kertas', sort: 'price_asc', limit: 100 } as SearchInput;
    const before = await searchCatalog(t.handle.db, input, index);
    // Many matches, so that one change is patched into the cached list from the change log.
    expect(before.total).toBeGreaterThan(40);
    const dearest = before.items.at(-1)!;
    await t.handle.db.execute(sql`UPDATE products SET price_idr = 1 WHERE id = ${dearest.id}`);
    const after = await searchCatalog(t.handle.db, input, index);
    expect(after.items[0]!.id).toBe(dearest.id);
    expect(after.items[0]!.priceIdr).toBe(1);
    expect(after.items.map((i) => i.id)).toEqual(
      (await searchCatalog(t.handle.db, input, null)).items.map((i) => i.id),
    );
    // A word only in a new description: the offer's text lexemes changed, and it is found.
    const zebra = { q: 'zebra', sort: 'relevance', limit: 10 } as SearchInput;
    expect((await searchCatalog(t.handle.db, zebra, index)).total).toBe(0);
    await t.handle.db.execute(
      sql`UPDATE products SET description = 'Motif zebra untuk arsip' WHERE id = ${dearest.id}`,
    );
    expect((await searchCatalog(t.handle.db, zebra, index)).items.map((i) => i.id)).toEqual([dearest.id]);
    await t.handle.db.execute(
      sql`UPDATE products SET price_idr = ${dearest.priceIdr}, description = NULL WHERE id = ${dearest.id}`,
    );
    expect((await searchCatalog(t.handle.db, zebra, index)).total).toBe(0);
  });

  it('a renamed category shows in answers within a minute (names are reread once a minute)', async () => {
    const index = new CatalogIndex(t.handle.db);
    const input = { q: 'kertas', category: 'KRT-HVS', sort: 'relevance', limit: 5 } as SearchInput;
    const label = async () =>
      (await searchCatalog(t.handle.db, input, index)).facets.category.find((f) => f.value === 'KRT-HVS')
        ?.label;
    const before = await label();
    expect(before).toBeTruthy();
    await t.handle.db.execute(sql`UPDATE categories SET name = 'Kertas HVS (baru)' WHERE code = 'KRT-HVS'`);
    try {
      expect(await label()).toBe(before);
      const now = performance.now();
      const clock = vi.spyOn(performance, 'now').mockReturnValue(now + 61_000);
      try {
        expect(await label()).toBe('Kertas HVS (baru)');
      } finally {
        clock.mockRestore();
      }
    } finally {
      await t.handle.db.execute(sql`UPDATE categories SET name = ${before!} WHERE code = 'KRT-HVS'`);
    }
  });

  it('renamed offers leave dead entries that a background compaction drops, answers unchanged', async () => {
    const index = new CatalogIndex(t.handle.db, { compactMinDead: 3 });
    const search = async (q: string) =>
      (await searchCatalog(t.handle.db, { q, sort: 'relevance', limit: 100 }, index)).items.map(
        (i) => i.name,
      );
    await index.refresh();
    const live = index.size;
    const later = new Date(Date.now() + 10_000).toISOString();
    // More than a quarter of the offers renamed.
    const renamed = Array.from({ length: 100 }, (_, i) =>
      productRow('IDX-S2', { externalId: `IDX-P${i * 2}`, name: `Kardus arsip ${i}`, updatedAt: later }),
    );
    for (const partner of [go, mbiz]) {
      const rows = renamed.filter((_, i) => ((i * 2) % 3 === 0 ? mbiz : go) === partner);
      const response = await partner.call('PUT', '/products', { products: rows });
      expect(response.json().rejected).toEqual([]);
    }
    expect((await search('kardus arsip')).length).toBeGreaterThan(0);
    expect(index.ordinals).toBeGreaterThan(index.size);
    // The compacted copy loads in the background and is swapped in at a later search.
    for (let attempt = 0; attempt < 50 && index.ordinals > index.size; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await search('kardus');
    }
    expect(index.ordinals).toBe(index.size);
    expect(index.size).toBe(live);
    const fresh = new CatalogIndex(t.handle.db);
    for (const q of ['kardus arsip', 'kertas', 'nasi'])
      expect(await search(q), q).toEqual(
        (await searchCatalog(t.handle.db, { q, sort: 'relevance', limit: 100 }, fresh)).items.map(
          (i) => i.name,
        ),
      );
  });

  it('a TKDN certificate stops counting the day after its validity, without any write', async () => {
    const index = new CatalogIndex(t.handle.db);
    await index.refresh();
    const tree = buildQueryTree('kertas');
    await index.stem(tree.flat(2).map((term) => term.word));
    const [row] = await queryRows<{ id: string; until: number }>(
      t.handle.db,
      sql`SELECT id::text, (tkdn_valid_until - date '1970-01-01') AS until FROM products
        WHERE tkdn_valid_until > now() AND tkdn_percent + coalesce(bmp_percent, 0) >= 40 AND is_active
          AND name_vector @@ to_tsquery('indonesian', 'kertas') ORDER BY id LIMIT 1`,
    );
    const classOn = (day: number) =>
      index
        .search(
          tree,
          { tiers: [], otherwise: 4 },
          { regionCode: '', local: false, umk: false },
          'relevance',
          10_000,
          null,
          day,
        )
        .hits.find((hit) => hit.id === row!.id)?.classRank;
    expect(classOn(wibDay())).toBe(3);
    expect(classOn(row!.until)).toBe(3);
    expect(classOn(row!.until + 1)).not.toBe(3);
  });

  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  onPostgres(
    'sees a commit that lands after a later transaction’s commit (no write is skipped)',
    async () => {
      const index = new CatalogIndex(t.handle.db);
      await index.refresh();
      const search = async (q: string) =>
        (await searchCatalog(t.handle.db, { q, sort: 'relevance', limit: 50 }, index)).items.map(
          (i) => i.name,
        );
      const [first, second] = await queryRows<{ id: string }>(
        t.handle.db,
        sql`SELECT id::text FROM products WHERE is_active ORDER BY id LIMIT 2`,
      );
      const early = new pg.Client({ connectionString: t.handle.url });
      const late = new pg.Client({ connectionString: t.handle.url });
      await early.connect();
      await late.connect();
      try {
        // The early transaction writes first but commits last.
        await early.query('BEGIN');
        await early.query(`UPDATE products SET name = 'Gunting zigzag awal' WHERE id = $1`, [first!.id]);
        await late.query(`UPDATE products SET name = 'Gunting zigzag akhir' WHERE id = $1`, [second!.id]);
        expect(await search('zigzag')).toEqual(['Gunting zigzag akhir']);
        await early.query('COMMIT');
        expect((await search('zigzag')).sort()).toEqual(['Gunting zigzag akhir', 'Gunting zigzag awal']);
      } finally {
        await early.end();
        await late.end();
      }
    },
  );
});

describe('keepMatching (a large query part checked against few candidates)', () => {
  it('keeps exactly the candidates that have every term of some alternative, as a naive check does', () => {
    const next = random(11);
    const sortedSample = (size: number, universe: number) =>
      Int32Array.from(
        [...new Set(Array.from({ length: size }, () => Math.floor(next() * universe)))].sort((a, b) => a - b),
      );
    for (let round = 0; round < 200; round++) {
      const universe = 50 + Math.floor(next() * 500);
      // Alternatives of 1–3 terms, each term the union of 1–3 posting lists.
      const part = Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
        Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
          Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
            sortedSample(Math.floor(next() * universe), universe),
          ),
        ),
      );
      const candidates = sortedSample(Math.floor(next() * universe), universe);
      const naive = [...candidates].filter((value) =>
        part.some((terms) => terms.every((lists) => lists.some((list) => list.includes(value)))),
      );
      expect([...keepMatching(candidates, part)], `round ${round}`).toEqual(naive);
    }
  });
});
