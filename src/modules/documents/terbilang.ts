import angkaTerbilang from '@develoka/angka-terbilang-js';
import { AppError } from '../../shared/errors';

/**
 * A whole rupiah amount in words, as documents write it under the figures:
 * `42_000_000` → "empat puluh dua juta rupiah". The library spells 10⁹ "milyar"; KBBI and
 * government documents write "miliar", so it is corrected here.
 */
export function terbilangRupiah(amountIdr: number): string {
  return `${terbilang(amountIdr)} rupiah`;
}

/** A non-negative whole number in Indonesian words: 0 → "nol", 1_000 → "seribu". */
export function terbilang(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AppError('INTERNAL.ERROR', `Angka ${value} tidak dapat dieja.`, { value });
  }
  return angkaTerbilang(String(value))
    .replace(/\bmilyar\b/g, 'miliar')
    .replace(/\s+/g, ' ')
    .trim();
}
