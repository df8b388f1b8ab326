import { isCalendarDate } from './calendar.util';
import { accept, Coercer, refuse } from './coercer.types';

/**
 * ISO-8601 date, or date-time with minutes, optional seconds and fraction,
 * and an optional offset (`Z`, `±HH`, `±HHMM`, `±HH:MM`). `T` may be a space.
 */
const TIMESTAMP_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const REASON = 'must be an ISO-8601 date-time';

/**
 * `timestamp`: an ISO-8601 date-time (no offset ⇒ UTC) or a date (midnight
 * UTC), stored as the canonical `YYYY-MM-DDTHH:mm:ss.sssZ` it is returned as.
 */
export const coerceTimestamp: Coercer = (value) => {
  const m = typeof value === 'string' ? TIMESTAMP_TEXT.exec(value) : null;
  if (!m) return refuse(REASON);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return refuse(REASON);
  if (offsetHours > 23 || offsetMinutes > 59) return refuse(REASON);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would map years 0–99 to 19xx
  date.setUTCHours(hour, minute, second, millis);
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return accept(new Date(date.getTime() - offset * 60_000).toISOString());
};
