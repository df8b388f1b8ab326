import { isIsoDate } from '@rocket/metadata';
import { accept, Coercer, refuse } from './coercer.types';

/** `date`: `YYYY-MM-DD` naming a real calendar day; stored as sent (no time-zone shift). */
export const coerceDate: Coercer = (value) =>
  typeof value === 'string' && isIsoDate(value) ? accept(value) : refuse('must be a date (YYYY-MM-DD)');
