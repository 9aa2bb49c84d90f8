/**
 * Working days in WIB: Monday to Friday, except the days off given (national holidays and
 * cuti bersama). Pure: the caller loads the days off.
 */

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addCalendarDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, daysOff: ReadonlySet<string>): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !daysOff.has(day);
}

/**
 * The `n`th working day after `day` (`day` itself does not count): an order sent on a Friday
 * with n = 3 has Monday, Tuesday and Wednesday to be answered, unless one of them is a day off.
 */
export function addWorkingDays(day: string, n: number, daysOff: ReadonlySet<string>): string {
  let current = day;
  let counted = 0;
  while (counted < n) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, daysOff)) counted += 1;
  }
  return current;
}
