import { getDistricts, getRegencies } from 'idn-area-data';
import { describe, expect, it } from 'vitest';
import { generateCatalog, leafCategories } from './catalog';
import { TEST_CATEGORIES } from './fake-platform';

const NOW = new Date('2025-06-01T03:00:00.000Z');
const options = { seed: 1, sellerCount: 400, productCount: 3000, categories: TEST_CATEGORIES, now: NOW };
const catalog = generateCatalog(options);

const isoDateTime = (value: string) =>
  !Number.isNaN(Date.parse(value)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(value);
const twoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;

describe('catalogue generator', () => {
  it('gives the same catalogue for the same seed and another one for another seed', () => {
    expect(generateCatalog(options)).toEqual(catalog);
    expect(generateCatalog({ ...options, seed: 2 }).sellers).not.toEqual(catalog.sellers);
  });

  it('keeps a seller the same whatever the number of sellers generated', () => {
    const few = generateCatalog({ ...options, sellerCount: 10, productCount: 0 });
    expect(few.sellers).toEqual(catalog.sellers.slice(0, 10));
  });

  it('makes every seller row valid under PARTNER-API.md', () => {
    for (const seller of catalog.sellers) {
      expect(seller.externalId.length).toBeGreaterThanOrEqual(1);
      expect(seller.externalId.length).toBeLessThanOrEqual(64);
      expect(seller.name.length).toBeGreaterThanOrEqual(1);
      expect(seller.name.length).toBeLessThanOrEqual(200);
      expect(['company', 'individual']).toContain(seller.kind);
      if (seller.kind === 'company')
        expect(['PT', 'CV', 'FIRMA', 'KOPERASI', 'UD', 'OTHER']).toContain(seller.legalForm);
      else expect(seller.legalForm).toBeUndefined();
      expect(seller.nib).toMatch(/^\d{13}$/);
      if (seller.npwp !== undefined) expect(seller.npwp).toMatch(/^\d{15,16}$/);
      expect(['mikro', 'kecil', 'menengah', 'besar']).toContain(seller.scale);
      expect(typeof seller.isPkp).toBe('boolean');
      expect(isoDateTime(seller.registeredAt)).toBe(true);
      expect(Date.parse(seller.registeredAt)).toBeLessThan(NOW.getTime());
      expect(seller.updatedAt).toBe(NOW.toISOString());
    }
  });

  it('gives every seller a distinct NIB (one legal seller, one NIB)', () => {
    expect(new Set(catalog.sellers.map((seller) => seller.nib)).size).toBe(catalog.sellers.length);
  });

  it('locates every seller in an existing Jawa Tengah kabupaten/kota or kecamatan code', async () => {
    const regencies = (await getRegencies()).filter((region) => region.province_code === '33');
    const districts = (await getDistricts()).filter((region) => region.code.startsWith('33.'));
    const known = new Set([...regencies, ...districts].map((region) => region.code));
    expect(regencies).toHaveLength(35);
    for (const seller of catalog.sellers) expect(known.has(seller.regionCode), seller.regionCode).toBe(true);
    expect(catalog.sellers.some((seller) => seller.regionCode.split('.').length === 3)).toBe(true);
  });

  it('mixes companies and individuals about half and half, mostly micro and small', () => {
    const companies = catalog.sellers.filter((seller) => seller.kind === 'company').length;
    expect(companies / catalog.sellers.length).toBeGreaterThan(0.4);
    expect(companies / catalog.sellers.length).toBeLessThan(0.6);
    const umk = catalog.sellers.filter(
      (seller) => seller.scale === 'mikro' || seller.scale === 'kecil',
    ).length;
    expect(umk / catalog.sellers.length).toBeGreaterThan(0.7);
  });

  it('makes every product row valid under PARTNER-API.md', () => {
    const sellerIds = new Set(catalog.sellers.map((seller) => seller.externalId));
    const leaves = new Set(leafCategories(TEST_CATEGORIES).map((category) => category.code));
    for (const product of catalog.products) {
      expect(product.externalId.length).toBeLessThanOrEqual(64);
      expect(sellerIds.has(product.sellerExternalId)).toBe(true);
      expect(product.name.length).toBeGreaterThanOrEqual(1);
      expect(product.name.length).toBeLessThanOrEqual(300);
      expect((product.description ?? '').length).toBeLessThanOrEqual(10_000);
      expect(leaves.has(product.categoryCode)).toBe(true);
      expect(product.unit).not.toBe('');
      expect(Number.isInteger(product.priceIdr)).toBe(true);
      expect(product.priceIdr).toBeGreaterThan(0);
      if (product.stock !== undefined)
        expect(Number.isInteger(product.stock) && product.stock >= 0).toBe(true);
      if (product.minOrderQty !== undefined)
        expect(Number.isInteger(product.minOrderQty) && product.minOrderQty >= 1).toBe(true);
      if (product.tkdnPercent !== undefined) {
        expect(product.tkdnPercent).toBeGreaterThanOrEqual(0);
        expect(product.tkdnPercent).toBeLessThanOrEqual(100);
        expect(twoDecimals(product.tkdnPercent)).toBe(true);
        expect(product.tkdnCertificateNo).toMatch(/\S/);
        expect(product.tkdnValidUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(product.isDomestic).toBe(true);
      } else {
        expect(product.tkdnCertificateNo).toBeUndefined();
      }
      if (product.bmpPercent !== undefined) {
        expect(product.bmpPercent).toBeGreaterThanOrEqual(0);
        expect(product.bmpPercent).toBeLessThanOrEqual(15);
        expect(twoDecimals(product.bmpPercent)).toBe(true);
      }
      expect(product.url).toMatch(/^https:\/\//);
      expect(product.imageUrl).toMatch(/^https:\/\//);
      expect(isoDateTime(product.updatedAt)).toBe(true);
    }
  });

  it('covers TKDN products, imports, made-to-order and inactive offers', () => {
    const products = catalog.products;
    expect(products.some((product) => product.tkdnPercent !== undefined)).toBe(true);
    expect(products.some((product) => product.bmpPercent !== undefined)).toBe(true);
    expect(products.some((product) => !product.isDomestic)).toBe(true);
    expect(products.some((product) => product.stock === undefined)).toBe(true);
    expect(products.some((product) => !product.isActive)).toBe(true);
  });

  it('files products under the leaf category whose name matches them, catering under PBJT', () => {
    const categoryOf = (prefix: string) =>
      new Set(
        catalog.products.filter((product) => product.name.startsWith(prefix)).map((p) => p.categoryCode),
      );
    expect(categoryOf('Kertas HVS')).toEqual(new Set(['ATK.KERTAS']));
    expect(categoryOf('Nasi kotak')).toEqual(new Set(['KONSUMSI.KATERING']));
    expect(categoryOf('Toner printer HP')).toEqual(new Set(['KOMPUTER.TONER']));
    expect(categoryOf('Map plastik kancing')).toEqual(new Set(['ATK.UMUM']));
    // "meja" is in both names; the leaf that also says "kursi" under "Mebel" wins.
    expect(categoryOf('Meja kerja kayu jati')).toEqual(new Set(['MEBEL.MEJA']));
    // Keywords match at the start of a word: "kopi" is not found in "fotokopi".
    expect(categoryOf('Kopi bubuk')).toEqual(new Set(['KONSUMSI.MINUMAN']));
  });

  it('refuses to file products when the platform has no categories', () => {
    expect(() => generateCatalog({ ...options, categories: [] })).toThrow(/no categories/);
  });
});
