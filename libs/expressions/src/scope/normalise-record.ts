import { parseIsoText } from '../runtime/datetime';
import { isMap, ValueMap } from '../runtime/values';
import { toScopeValue } from './scope-value';

/** Field kinds as the registry names them (01 §2.4, `integer` folded into `int`). */
export interface NormalisableEntity {
  readonly fields: ReadonlyArray<{ readonly name: string; readonly kind?: string }>;
}

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}/;

/**
 * A row as expressions see it (03 §4.1): numbers as numbers (node-pg hands
 * NUMERIC and INT8 over as text), timestamps as canonical ISO text, dates
 * as `YYYY-MM-DD`, JSON parsed, in a fresh null-prototype map. Keys that
 * are not fields are copied as they are. `null` stays `null`.
 */
export function normaliseRecord(entity: NormalisableEntity, row: unknown): ValueMap | null {
  if (row === null || row === undefined) return null;
  const copy = toScopeValue(row instanceof Map ? row : normaliseDates(entity, row));
  if (!isMap(copy)) return copy as null;
  const out = copy as Record<string, unknown>;
  for (const field of entity.fields) {
    if (Object.hasOwn(out, field.name)) out[field.name] = normaliseField(field.kind, out[field.name]);
  }
  return out;
}

/** Date objects of date fields would otherwise become full ISO text before their kind is known. */
function normaliseDates(entity: NormalisableEntity, row: unknown): unknown {
  if (!isMap(row)) return row;
  const dateFields = entity.fields.filter((f) => f.kind === 'date' && row[f.name] instanceof Date);
  if (dateFields.length === 0) return row;
  const copy: Record<string, unknown> = { ...row };
  for (const f of dateFields) copy[f.name] = (row[f.name] as Date).toISOString().slice(0, 10);
  return copy;
}

export function normaliseField(kind: string | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind ?? '') {
    case 'int':
    case 'integer':
    case 'float':
    case 'decimal':
      return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : value;
    case 'bigint':
      return typeof value === 'string' && /^[+-]?\d+$/.test(value) && Number.isSafeInteger(Number(value))
        ? Number(value)
        : value;
    case 'timestamp': {
      const ms = typeof value === 'string' ? parseIsoText(value) : undefined;
      return ms === undefined ? value : new Date(ms).toISOString();
    }
    case 'date':
      return typeof value === 'string' && DATE_TEXT.test(value) ? value.slice(0, 10) : value;
    default:
      return value;
  }
}
