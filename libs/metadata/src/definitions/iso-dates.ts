/**
 * The one reading of ISO-8601 dates and date-times shared by definitions
 * (defaults), writes (coercers) and list filters, so a value written and the
 * same text used as a filter always mean the same instant (01 §2.4).
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Date, or date-time with minutes, optional seconds and fraction, optional offset (`Z`, `±HH`, `±HHMM`, `±HH:MM`); `T` may be a space. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** True for a real Gregorian calendar date with a year from 1 to 9999. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` naming a real date. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  return !!m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * An ISO-8601 date-time (no offset ⇒ UTC) or date (midnight UTC) as the
 * canonical `YYYY-MM-DDTHH:mm:ss.sssZ`; undefined when it is not one.
 * Precision below a millisecond is cut.
 */
export function parseIsoTimestamp(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const [offsetHours, offsetMinutes] = [Number(m[10] ?? 0), Number(m[11] ?? 0)];
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would map years 0–99 to 19xx
  date.setUTCHours(hour, minute, second, millis);
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return new Date(date.getTime() - offset * 60_000).toISOString();
}
