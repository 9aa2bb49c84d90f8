import { formatDateTimeWib } from '../shared/time';

const countFormat = new Intl.NumberFormat('id-ID');

/** `1234` → `1.234` */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/**
 * Parses the timestamps the API sends: ISO text, or PostgreSQL's text form
 * (`2026-11-28 15:15:00.123456+00`), which not every browser's `Date` reads.
 */
export function parseTimestamp(text: string): Date {
  const pg = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?$/.exec(
    text.trim(),
  );
  if (!pg) return new Date(text);
  const [, day, time, fraction = '', hours, minutes = '00'] = pg;
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, '0') : '';
  return new Date(`${day}T${time}${millis}${hours}:${minutes}`);
}

/** An API timestamp as `28 November 2026 pukul 22.15 WIB`; unreadable text is shown as it is. */
export function timestampWib(text: string): string {
  const date = parseTimestamp(text);
  return Number.isNaN(date.getTime()) ? text : formatDateTimeWib(date);
}

const percentFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

/** `45.25` → `45,25%` */
export function formatPercent(value: number): string {
  return `${percentFormat.format(value)}%`;
}
