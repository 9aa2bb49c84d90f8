import { describe, expect, it } from 'vitest';
import { wibDay } from './time';

describe('wibDay', () => {
  it('gives the day as a clock in Jakarta shows it, for every hour of a year', () => {
    const jakarta = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });
    const start = Date.UTC(2025, 11, 31, 0, 30);
    for (let hour = 0; hour < 24 * 367; hour++) {
      const instant = new Date(start + hour * 3_600_000);
      expect(wibDay(instant)).toBe(jakarta.format(instant));
    }
  });

  it('23:30 UTC is already the next day in WIB, 16:59 UTC still the same', () => {
    expect(wibDay('2026-11-28T23:30:00Z')).toBe('2026-11-29');
    expect(wibDay('2026-11-28T16:59:59Z')).toBe('2026-11-28');
    expect(wibDay('2026-11-28T17:00:00Z')).toBe('2026-11-29');
  });

  it('an invalid time is refused, as the Intl formatter refused it', () => {
    expect(() => wibDay('not a date')).toThrow(RangeError);
  });
});
