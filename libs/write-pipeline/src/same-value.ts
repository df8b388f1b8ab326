import { CompiledField } from '@rocket/metadata';
import { canonicalDecimal, numberText, parseDecimal } from './coercers/decimal.util';

/**
 * Whether a coerced payload value equals what the row already holds (as the
 * driver returns it: NUMERIC/INT8 as text, TIMESTAMPTZ as Date, JSONB parsed).
 * Used to leave unchanged columns out of an UPDATE (02 §2.4) and to detect a
 * changed slug source (02 §6.4). When in doubt it answers false: a needless
 * write is harmless, a skipped one is not.
 */
export function sameValue(field: CompiledField, stored: unknown, next: unknown): boolean {
  if (stored === null || stored === undefined || next === null || next === undefined) {
    return (stored === null || stored === undefined) && (next === null || next === undefined);
  }
  switch (field.kind) {
    case 'string':
    case 'text':
    case 'uuid':
    case 'date':
    case 'boolean':
      return stored === next;
    case 'int':
    case 'float':
      return Number(stored) === next;
    case 'bigint':
      return typeof next === 'number' && textOf(stored) === String(next);
    case 'decimal': {
      const a = parseDecimal(textOf(stored) ?? '');
      const b = typeof next === 'number' ? parseDecimal(numberText(next)) : undefined;
      return !!a && !!b && canonicalDecimal(a) === canonicalDecimal(b);
    }
    case 'timestamp': {
      const a = stored instanceof Date ? stored.getTime() : Date.parse(textOf(stored) ?? '');
      return typeof next === 'string' && !Number.isNaN(a) && a === Date.parse(next);
    }
    case 'json':
    case 'file':
      return sameJson(stored, next);
  }
}

/** Deep JSON equality, object key order ignored (JSONB does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bObj = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(bObj).length) return false;
  return aKeys.every(
    (k) => Object.prototype.hasOwnProperty.call(bObj, k) && sameJson((a as Record<string, unknown>)[k], bObj[k]),
  );
}

/** Driver scalars (text, numbers) as text; undefined for anything else. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}
