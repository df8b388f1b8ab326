import { CompiledField } from '@rocket/metadata';
import { COERCERS, Coerced, coerceValue } from '@rocket/write-pipeline';
import { roundHalfAwayFromZero } from './round-decimal';

const refuse = (reason: string): Coerced => ({ ok: false, reason });

/**
 * A computed result as the value stored into its target (04 §1.4): int and
 * bigint must be integral; decimal is rounded half away from zero to the
 * field's precision; string/text take any scalar as `string()` writes it;
 * boolean must be boolean; date/timestamp take a datetime or parsable
 * text; json takes anything. Then the target's own coercer has the last
 * word (ranges, storable text), exactly as for a client value. `null` is
 * refused for an effectively required field.
 */
export function computedValue(field: CompiledField, result: unknown): Coerced {
  if (result === null || result === undefined) {
    return field.effectivelyRequired ? refuse('is required') : { ok: true, value: null };
  }
  const prepared = prepare(field, result);
  return prepared.ok ? coerceValue(field, prepared.value) : prepared;
}

function prepare(field: CompiledField, result: unknown): Coerced {
  switch (field.kind) {
    case 'int':
    case 'bigint':
      return typeof result === 'number' && Number.isInteger(result)
        ? { ok: true, value: result }
        : refuse('must be an integer');
    case 'float':
      return typeof result === 'number' ? { ok: true, value: result } : refuse('must be a number');
    case 'decimal': {
      if (typeof result !== 'number') return refuse('must be a decimal number');
      const precision = field.def.precision;
      return { ok: true, value: typeof precision === 'number' ? roundHalfAwayFromZero(result, precision) : result };
    }
    case 'string':
    case 'text':
    case 'uuid':
      return scalarText(result);
    case 'boolean':
      return typeof result === 'boolean' ? { ok: true, value: result } : refuse('must be a boolean');
    case 'timestamp':
      return { ok: true, value: result instanceof Date ? result.toISOString() : result };
    case 'date':
      return dateText(field, result);
    case 'json':
      return { ok: true, value: result instanceof Date ? result.toISOString() : result };
    case 'file':
      return refuse('cannot be computed'); // refused when the rule is saved (04 §1.4)
  }
}

/** `string()` of 03 §7 for scalars: numbers without trailing zeros, datetimes as canonical ISO. */
function scalarText(result: unknown): Coerced {
  if (typeof result === 'string') return { ok: true, value: result };
  if (typeof result === 'number' || typeof result === 'boolean') return { ok: true, value: String(result) };
  if (result instanceof Date) return { ok: true, value: result.toISOString() };
  return refuse('must be a scalar value');
}

/** A datetime's UTC day; text that is a full date-time is first read as a timestamp. */
function dateText(field: CompiledField, result: unknown): Coerced {
  if (result instanceof Date) return { ok: true, value: result.toISOString().slice(0, 10) };
  if (typeof result === 'string' && result.length > 10) {
    const instant = COERCERS.timestamp(result, field);
    if (instant.ok) return { ok: true, value: (instant.value as string).slice(0, 10) };
  }
  return { ok: true, value: result };
}
