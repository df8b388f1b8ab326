import { accept, Coercer, refuse } from './coercer.types';

export const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `uuid`: 8-4-4-4-12 hex in any case, stored lower-cased. */
export const coerceUuid: Coercer = (value) =>
  typeof value === 'string' && UUID_TEXT.test(value) ? accept(value.toLowerCase()) : refuse('must be a UUID');
