import { CompiledField, FieldKind } from '@rocket/metadata';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Turns one non-null column value into its JSON form. */
export type ValueConverter = (value: unknown) => unknown;

/** Kinds whose column values are already their JSON form. */
export const AS_IS: ReadonlySet<FieldKind> = new Set(['string', 'text', 'boolean', 'json', 'file']);

/**
 * One converter per field kind (01 §2.4): NUMERIC and FLOAT as JSON numbers,
 * INT8 as a number up to ±(2^53−1) and a decimal string beyond, timestamps
 * as ISO 8601 in UTC, dates as `YYYY-MM-DD`, UUIDs in lower case.
 */
export const CONVERTERS: Readonly<Record<FieldKind, ValueConverter>> = {
  decimal: toNumber,
  float: toNumber,
  bigint: toJsonInteger,
  int: toJsonInteger,
  timestamp: toIso,
  date: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  uuid: (value) => (typeof value === 'string' ? value.toLowerCase() : value),
  string: asIs,
  text: asIs,
  boolean: asIs,
  json: asIs,
  file: asIs,
};

/** One column value as the API returns it; null for SQL NULL (and a missing column). */
export function serializeValue(field: CompiledField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return CONVERTERS[field.kind](value);
}

function asIs(value: unknown): unknown {
  return value;
}

function toNumber(value: unknown): unknown {
  return typeof value === 'string' ? Number(value) : value;
}

/** Beyond ±(2^53−1) a bigint is returned as a decimal string (01 §2.4). */
function toJsonInteger(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const big = BigInt(value);
  return big > MAX_SAFE || big < -MAX_SAFE ? value : Number(value);
}

/** A timestamp as ISO 8601; null stays null. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  // Only raw or odd rows get here; the driver turns 'infinity' into Infinity.
  const raw = value as string | number;
  const date = new Date(raw);
  // 'infinity' (writable only outside the API) has no ISO form: return it as text rather than throw.
  return Number.isNaN(date.getTime()) ? `${raw}` : date.toISOString();
}
