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

/** The WIB calendar day (YYYY-MM-DD) an instant belongs to: 23:30 UTC is the next day in WIB. */
export function wibDay(value: Date | string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: WIB_TIME_ZONE }).format(new Date(value));
}
