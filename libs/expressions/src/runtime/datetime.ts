import { evalError } from '../errors/evaluation-error';

/**
 * ISO-8601 date, or date-time with minutes, optional seconds and fraction,
 * and an optional offset (`Z`, `±HH`, `±HHMM`, `±HH:MM`); `T` may be a space.
 * The same text the timestamp field type accepts.
 */
const ISO_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** ECMAScript's range of representable instants. */
const MAX_EPOCH_MS = 8.64e15;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month !== 2 || day <= 28 || leap;
}

/** Epoch milliseconds of an ISO text (no offset ⇒ UTC), or undefined when it does not parse. */
export function parseIsoText(text: string): number | undefined {
  const m = ISO_TEXT.exec(text);
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
  return date.getTime() - offset * 60_000;
}

/** A datetime value; out-of-range instants are evaluation errors. */
export function makeDateTime(epochMs: number): Date {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) throw evalError('datetime out of range');
  return new Date(Math.trunc(epochMs));
}

/** `date(x)` (03 §7): ISO text, epoch milliseconds or a datetime; null → null. */
export function toDateTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return makeDateTime(value);
  if (typeof value === 'string') {
    const ms = parseIsoText(value);
    if (ms === undefined) throw evalError(`cannot read '${clip(value)}' as a date`);
    return makeDateTime(ms);
  }
  throw evalError('date() needs an ISO-8601 string, epoch milliseconds or a datetime');
}

/** Canonical text `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export function dateTimeText(value: Date): string {
  return value.toISOString();
}

/** Short excerpt of user data for messages. */
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
