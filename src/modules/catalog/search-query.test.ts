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

  it('makes every word a prefix so search works while typing', () => {
    expect(buildTsQuery('sepatu pdh')).toBe('sepatu:* & pdh:*');
  });

  it('expands a synonym phrase to its group, longest phrase first', () => {
    expect(buildTsQuery('atk murah')).toBe(
      '(atk:* | (alat:* & tulis:* & kantor:*) | (alat:* & tulis:*)) & murah:*',
    );
    expect(buildTsQuery('nasi kotak')).toContain('(konsumsi:* & rapat:*)');
  });

  it('an empty query builds no tsquery', () => {
    expect(buildTsQuery('')).toBeNull();
  });
});
