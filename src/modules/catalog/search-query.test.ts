import { describe, expect, it } from 'vitest';
import { buildTsQuery, normalizeQuery } from './search-query';

describe('search query text', () => {
  it('normalizes to lowercase ASCII words and drops operators and quotes', () => {
    expect(normalizeQuery(`  Kertas "HVS" A4; DROP TABLE products;-- `)).toBe(
      'kertas hvs a4 drop table products',
    );
    expect(normalizeQuery("' OR 1=1 --")).toBe('or 1 1');
    expect(normalizeQuery('&|!():*<->')).toBe('');
  });

  it('makes the last word a prefix so search works while typing; the others are whole words', () => {
    expect(buildTsQuery('sepatu pdh')).toBe('sepatu & pdh:*');
  });

  it('restricts every term to the name (weight A) and adds corrections as alternatives', () => {
    expect(buildTsQuery('sepatu pdh', { weight: 'A' })).toBe('sepatu:A & pdh:*A');
    expect(buildTsQuery('kertsa hvs', { corrections: new Map([['kertsa', ['kertas']]]) })).toBe(
      '(kertsa | kertas) & (hvs | kertas | (kertas & fotokopi))',
    );
    expect(buildTsQuery('kertas hvs', { synonyms: false })).toBe('kertas & hvs:*');
  });

  it('expands a synonym phrase to its group, longest phrase first', () => {
    expect(buildTsQuery('atk murah')).toBe('(atk | (alat & tulis & kantor) | (alat & tulis)) & murah:*');
    expect(buildTsQuery('nasi kotak')).toContain('(konsumsi & rapat)');
  });

  it('an empty query builds no tsquery', () => {
    expect(buildTsQuery('')).toBeNull();
  });
});
