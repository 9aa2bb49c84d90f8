import { describe, expect, it } from 'vitest';
import { buildQueryTree, buildTsQuery, correctableWords, normalizeQuery, vocabularyOf } from './search-query';

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

describe('normalizeQuery', () => {
  it('folds a final accented letter to its base letter (NFKD) instead of dropping it', () => {
    expect(normalizeQuery('Kopi CAFÉ')).toBe('kopi cafe');
  });

  it('keeps at most eight words', () => {
    expect(normalizeQuery('a b c d e f g h i j')).toBe('a b c d e f g h');
  });

  it('collapses runs of separators to one space and trims the ends', () => {
    expect(normalizeQuery('--kertas---a4--')).toBe('kertas a4');
    expect(normalizeQuery('   ')).toBe('');
  });
});

describe('buildQueryTree', () => {
  it('gives one part per word, only the last a prefix', () => {
    expect(buildQueryTree('meja kayu jati', { synonyms: false })).toEqual([
      [[{ word: 'meja', prefix: false }]],
      [[{ word: 'kayu', prefix: false }]],
      [[{ word: 'jati', prefix: true }]],
    ]);
  });

  it('takes the longest synonym phrase at a position and goes on after it', () => {
    expect(buildQueryTree('alat tulis kantor murah')).toEqual([
      [
        [{ word: 'atk', prefix: false }],
        [
          { word: 'alat', prefix: false },
          { word: 'tulis', prefix: false },
          { word: 'kantor', prefix: false },
        ],
        [
          { word: 'alat', prefix: false },
          { word: 'tulis', prefix: false },
        ],
      ],
      [[{ word: 'murah', prefix: true }]],
    ]);
  });

  it('prefers the longer phrase even when the group lists the shorter one first', () => {
    // hvs group: 'hvs', 'kertas', 'kertas fotokopi'.
    const tree = buildQueryTree('kertas fotokopi a4');
    expect(tree).toHaveLength(2);
    expect(tree[0]).toContainEqual([{ word: 'hvs', prefix: false }]);
    expect(tree[1]).toEqual([[{ word: 'a4', prefix: true }]]);
  });

  it('a phrase fits only when all its words follow in order, not just its first', () => {
    // 'kertas fotokopi' must not swallow 'bekas'.
    const tree = buildQueryTree('kertas bekas');
    expect(tree).toHaveLength(2);
    expect(tree[0]).toContainEqual([{ word: 'kertas', prefix: false }]);
    expect(tree[1]).toEqual([[{ word: 'bekas', prefix: true }]]);
  });

  it('a synonym phrase as the last words is whole words, not a prefix', () => {
    expect(buildQueryTree('beli spidol')).toEqual([
      [[{ word: 'beli', prefix: false }]],
      [[{ word: 'spidol', prefix: false }], [{ word: 'marker', prefix: false }]],
    ]);
  });

  it('corrections are whole-word alternatives of the typed word', () => {
    expect(buildQueryTree('mejja kayu', { corrections: new Map([['mejja', ['meja', 'mesja']]]) })).toEqual([
      [
        [{ word: 'mejja', prefix: false }],
        [{ word: 'meja', prefix: false }],
        [{ word: 'mesja', prefix: false }],
      ],
      [[{ word: 'kayu', prefix: true }]],
    ]);
  });

  it('an empty query has no parts', () => {
    expect(buildQueryTree('')).toEqual([]);
  });
});

describe('correctableWords and vocabularyOf', () => {
  it('only words of three letters or more with a letter are worth correcting, each once', () => {
    expect(correctableWords('ab abc 123 a1b abc 12345 kertas')).toEqual(['abc', 'a1b', 'kertas']);
  });

  it('the vocabulary holds lowercase ASCII words of 3 to 40 characters with a letter, once each', () => {
    const long40 = 'a'.repeat(40);
    const long41 = 'b'.repeat(41);
    expect(
      vocabularyOf([`Kertas HVS A4 70gr ${long40} ${long41}`, 'Kertas-Café 2024 xy', 'kertas']).sort(),
    ).toEqual(['70gr', 'cafe', 'hvs', 'kertas', long40].sort());
  });
});
