import { describe, expect, it } from 'vitest';
import { formatRupiah } from './money';

describe('formatRupiah (house style Rp42.000.000)', () => {
  it.each([
    [0, 'Rp0'],
    [950, 'Rp950'],
    [42_000_000, 'Rp42.000.000'],
    [199_999_999, 'Rp199.999.999'],
    [1_234_567_890_123, 'Rp1.234.567.890.123'],
  ])('%i is %s: dots for thousands, no space after Rp, no decimals', (amount, text) => {
    expect(formatRupiah(amount)).toBe(text);
  });

  it('rounds a fraction to whole rupiah instead of printing decimals', () => {
    expect(formatRupiah(1500.4)).toBe('Rp1.500');
    expect(formatRupiah(1500.6)).toBe('Rp1.501');
  });

  it('formats bigint amounts beyond 2^53 exactly', () => {
    expect(formatRupiah(9_007_199_254_740_993n)).toBe('Rp9.007.199.254.740.993');
  });

  it('keeps the minus sign of a negative amount (a correction)', () => {
    expect(formatRupiah(-25_000)).toBe('-Rp25.000');
  });
});
