import { parseIsoTimestamp } from '@rocket/metadata';
import { accept, Coercer, refuse } from './coercer.types';

/**
 * `timestamp`: an ISO-8601 date-time (no offset ⇒ UTC) or a date (midnight
 * UTC), stored as the canonical `YYYY-MM-DDTHH:mm:ss.sssZ` it is returned as.
 */
export const coerceTimestamp: Coercer = (value) => {
  const iso = typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
  return iso === undefined ? refuse('must be an ISO-8601 date-time') : accept(iso);
};
