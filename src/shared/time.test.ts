import { describe, expect, it } from 'vitest';
import { formatDateTimeWib, formatDateWib, WIB_TIME_ZONE, wibDay } from './time';

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

describe('dates and times printed in WIB', () => {
  it('a date is the WIB day in Indonesian: 23:30 UTC is already the next day', () => {
    expect(formatDateWib('2026-11-28T23:30:00Z')).toBe('29 November 2026');
    expect(formatDateWib(new Date('2026-01-05T03:00:00+07:00'))).toBe('5 Januari 2026');
  });

  it('a time is the WIB clock with hours and minutes, "pukul" and "WIB"', () => {
    expect(formatDateTimeWib('2026-11-28T15:15:00Z')).toBe('28 November 2026 pukul 22.15 WIB');
    expect(formatDateTimeWib(new Date('2026-11-28T17:05:00Z'))).toBe('29 November 2026 pukul 00.05 WIB');
    expect(formatDateTimeWib('2026-03-01T01:02:00+07:00')).toBe('1 Maret 2026 pukul 01.02 WIB');
  });

  it('the zone is Asia/Jakarta', () => {
    expect(WIB_TIME_ZONE).toBe('Asia/Jakarta');
  });
});
