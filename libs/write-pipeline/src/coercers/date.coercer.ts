import { isCalendarDate } from './calendar.util';
import { accept, Coercer, refuse } from './coercer.types';

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `date`: `YYYY-MM-DD` naming a real calendar day; stored as sent (no time-zone shift). */
export const coerceDate: Coercer = (value) => {
  const m = typeof value === 'string' ? DATE_TEXT.exec(value) : null;
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return refuse('must be a date (YYYY-MM-DD)');
  return accept(value);
};
