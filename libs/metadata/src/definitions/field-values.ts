import { FieldKind } from './definition.types';
import { isIsoDate, parseIsoTimestamp } from './iso-dates';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT32 = 2 ** 31;

/**
 * Whether a definition's `default` fits its field kind (01 §2.3, §2.5). The
 * write path has its own coercers; this only guards what reaches DDL.
 */
export function defaultProblem(kind: FieldKind, value: unknown, precision?: number): string | undefined {
  switch (kind) {
    case 'string':
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000') ? undefined : 'must be a string';
    case 'int':
      return Number.isInteger(value) && Math.abs(value as number) < INT32 ? undefined : 'must be an integer';
    case 'bigint':
      return Number.isSafeInteger(value) ? undefined : 'must be an integer';
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      const integerDigits = Math.trunc(Math.abs(value)).toString().length;
      return precision && integerDigits > 18 - precision ? 'has too many digits' : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? undefined : 'must be a UUID';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? undefined : 'must be a date (YYYY-MM-DD)';
    case 'timestamp':
      return typeof value === 'string' && parseIsoTimestamp(value) !== undefined
        ? undefined
        : 'must be an ISO-8601 timestamp';
    case 'json':
      return undefined;
    case 'file':
      return 'file fields cannot have a default';
  }
}
