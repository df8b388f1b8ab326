import { evalError } from '../errors/evaluation-error';
import { LIMITS } from '../compile/limits';
import { ValueMap } from '../runtime/values';

/**
 * A deep copy of JSON-like data with null-prototype maps (03 §12.5), so
 * no evaluation can reach a prototype or touch the caller's objects.
 * Dates become canonical ISO text (record data, 03 §4.1); BigInts become
 * numbers when safe, else decimal text; JS Maps become maps. Functions,
 * symbols and class instances are refused.
 */
export function toScopeValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return safeInteger(value);
    case 'object':
      break;
    case 'function':
    case 'symbol':
    case 'undefined':
      throw evalError(`unsupported ${typeof value} in expression scope`);
  }
  if (depth >= LIMITS.scopeDepth) throw evalError('scope data nested too deeply');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toScopeValue(item, depth + 1));
  const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : plainEntries(value);
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of entries) out[String(key)] = toScopeValue(item, depth + 1);
  return out;
}

/** A fresh null-prototype map from own keys. */
export function scopeMap(entries: Record<string, unknown>): ValueMap {
  return Object.assign(Object.create(null) as Record<string, unknown>, entries);
}

function plainEntries(value: object): Array<[string, unknown]> {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) throw evalError('unsupported object in expression scope');
  return Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
}

function safeInteger(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(-Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}
