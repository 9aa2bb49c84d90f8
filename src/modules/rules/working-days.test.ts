import { describe, expect, it } from 'vitest';
import { holidayData } from './holidays.data';
import { addWorkingDays, isWorkingDay } from './working-days';

const daysOff = new Set(holidayData.map((holiday) => holiday.day));

describe('working days (WIB)', () => {
  it.each([
    ['an order sent on a Monday has until Thursday', '2026-11-23', 3, '2026-11-26'],
    [
      'an order sent on a Friday has until Wednesday: the weekend does not count',
      '2026-11-27',
      3,
      '2026-12-02',
    ],
    ['an order sent on a Saturday counts from Monday', '2026-11-28', 1, '2026-11-30'],
    ['Christmas and the cuti bersama before it do not count', '2026-12-23', 3, '2026-12-30'],
    ['Idul Fitri 1447 H and its cuti bersama do not count', '2026-03-17', 3, '2026-03-27'],
  ])('%s', (_rule, sent, n, expected) => {
    expect(addWorkingDays(sent, n, daysOff)).toBe(expected);
  });

  it('weekends and listed days off are not working days; other weekdays are', () => {
    expect(isWorkingDay('2026-11-28', daysOff)).toBe(false);
    expect(isWorkingDay('2026-08-17', daysOff)).toBe(false);
    expect(isWorkingDay('2026-08-18', daysOff)).toBe(true);
  });

  it('the holiday data has no duplicate days and only real dates', () => {
    const days = holidayData.map((holiday) => holiday.day);
    expect(new Set(days).size).toBe(days.length);
    for (const day of days) expect(new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10)).toBe(day);
  });
});
