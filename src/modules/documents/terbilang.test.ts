import { describe, expect, it } from 'vitest';
import { terbilang, terbilangRupiah } from './terbilang';

describe('terbilang (amounts in words on documents)', () => {
  it.each([
    [0, 'nol'],
    [1, 'satu'],
    [11, 'sebelas'],
    [19, 'sembilan belas'],
    [100, 'seratus'],
    [1_000, 'seribu'],
    [1_100, 'seribu seratus'],
    [21_000, 'dua puluh satu ribu'],
    [110_000, 'seratus sepuluh ribu'],
    [1_001_000, 'satu juta seribu'],
    [42_000_000, 'empat puluh dua juta'],
    [1_000_000_000, 'satu miliar'],
    [1_250_000_001, 'satu miliar dua ratus lima puluh juta satu'],
    [2_000_000_000_000, 'dua triliun'],
  ])('%i is "%s"', (value, words) => {
    expect(terbilang(value)).toBe(words);
  });

  it('writes "miliar", never the library’s "milyar"', () => {
    expect(terbilang(999_000_000_000)).toBe('sembilan ratus sembilan puluh sembilan miliar');
    expect(terbilang(999_000_000_000)).not.toContain('milyar');
  });

  it('rupiah amounts end with "rupiah"', () => {
    expect(terbilangRupiah(42_000_000)).toBe('empat puluh dua juta rupiah');
    expect(terbilangRupiah(0)).toBe('nol rupiah');
  });

  it('refuses negative and fractional amounts instead of spelling something wrong', () => {
    expect(() => terbilang(-1)).toThrow();
    expect(() => terbilang(1.5)).toThrow();
  });
});
