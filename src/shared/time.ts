/** Reporting time is WIB (Asia/Jakarta, UTC+7, no daylight saving). */
export const WIB_TIME_ZONE = 'Asia/Jakarta';

const dateFormat = new Intl.DateTimeFormat('id-ID', {
  timeZone: WIB_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('id-ID', {
  timeZone: WIB_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `28 November 2026` */
export function formatDateWib(value: Date | string): string {
  return dateFormat.format(new Date(value));
}

/** `28 November 2026 pukul 22.15 WIB` */
export function formatDateTimeWib(value: Date | string): string {
  return `${dateTimeFormat.format(new Date(value))} WIB`;
}

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The WIB calendar day (YYYY-MM-DD) an instant belongs to: 23:30 UTC is the next day in WIB.
 * WIB is UTC+7 all year (no daylight saving), so the day is the UTC day of the instant moved by
 * seven hours; checkout asks this many times per order, and an Intl formatter per call cost more
 * than the rest of its planning.
 */
export function wibDay(value: Date | string): string {
  // An invalid time stays NaN and toISOString throws a RangeError, as the Intl formatter did.
  return new Date(new Date(value).getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}
