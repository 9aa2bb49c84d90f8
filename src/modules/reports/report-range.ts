import { AppError } from '../../shared/errors';

/** Longest range a report answers (days); ten years covers any dashboard question. */
const MAX_RANGE_DAYS = 3660;
const DAY_MS = 86_400_000;

const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return toTime(day) ? toDay(toTime(day) + days * DAY_MS) : day;
}

export function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(month: string, months: number): string {
  const date = new Date(toTime(month));
  date.setUTCMonth(date.getUTCMonth() + months);
  return toDay(date.getTime());
}

/** Throws REPORT.RANGE_INVALID when `from` is after `to` or the range is too long. */
export function assertRange(from: string, to: string): void {
  if (from > to) {
    throw new AppError('REPORT.RANGE_INVALID', 'Tanggal awal harus sebelum atau sama dengan tanggal akhir.', {
      from,
      to,
    });
  }
  if ((toTime(to) - toTime(from)) / DAY_MS > MAX_RANGE_DAYS) {
    throw new AppError('REPORT.RANGE_INVALID', 'Rentang laporan paling panjang sepuluh tahun.', { from, to });
  }
}

/**
 * Splits an inclusive day range into the whole months it covers (read from monthly tables)
 * and the days at either edge (read from daily tables): a year's ranking reads 12 monthly rows
 * per region instead of 365 daily ones.
 */
export function splitRange(
  from: string,
  to: string,
): { months: { from: string; to: string } | null; days: Array<{ from: string; to: string }> } {
  const firstWhole = from.endsWith('-01') ? from : addMonths(firstOfMonth(from), 1);
  const afterLastWhole = addDays(to, 1).endsWith('-01') ? addDays(to, 1) : firstOfMonth(to);
  if (firstWhole >= afterLastWhole) return { months: null, days: [{ from, to }] };
  const days: Array<{ from: string; to: string }> = [];
  if (from < firstWhole) days.push({ from, to: addDays(firstWhole, -1) });
  if (afterLastWhole <= to) days.push({ from: afterLastWhole, to });
  return { months: { from: firstWhole, to: addMonths(afterLastWhole, -1) }, days };
}

export interface DayRange {
  from: string;
  to: string;
}

/**
 * Splits an inclusive day range into the whole years, whole months and edge days it covers,
 * each given by the first days of its periods (`years: 2021-01-01..2024-01-01` is four years):
 * the seller bitmaps keep one row per year, month and day, so a range reads as few as it can.
 */
export function splitRangeIntoPeriods(
  from: string,
  to: string,
): { years: DayRange | null; months: DayRange[]; days: DayRange[] } {
  const { months, days } = splitRange(from, to);
  if (!months) return { years: null, months: [], days };
  const afterMonths = addMonths(months.to, 1);
  const firstYear = months.from.endsWith('-01-01')
    ? months.from
    : `${Number(months.from.slice(0, 4)) + 1}-01-01`;
  const afterLastYear = `${afterMonths.slice(0, 4)}-01-01`;
  if (firstYear >= afterLastYear) return { years: null, months: [months], days };
  const edgeMonths: DayRange[] = [];
  if (months.from < firstYear) edgeMonths.push({ from: months.from, to: addMonths(firstYear, -1) });
  if (afterLastYear < afterMonths) edgeMonths.push({ from: afterLastYear, to: months.to });
  return { years: { from: firstYear, to: addMonths(afterLastYear, -12) }, months: edgeMonths, days };
}
