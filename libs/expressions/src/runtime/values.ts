import { evalError } from '../errors/evaluation-error';
import { FORBIDDEN_MEMBERS } from '../compile/limits';

/** The value types of 03 §4. */
export type ValueType = 'null' | 'boolean' | 'number' | 'string' | 'list' | 'map' | 'datetime';

/** A map as expressions see it: a plain or null-prototype object, read through own keys only. */
export type ValueMap = { readonly [key: string]: unknown };

/** Plain data only: a class instance, function or symbol in scope is refused, never touched. */
export function typeOf(value: unknown): ValueType {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      if (Array.isArray(value)) return 'list';
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw evalError('invalid datetime in scope');
        return 'datetime';
      }
      if (isMap(value)) return 'map';
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw evalError('unsupported value in expression scope');
}

export function isMap(value: unknown): value is ValueMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** Own-key lookup; the prototype names always read as null (03 §5.6). */
export function ownValue(map: ValueMap, key: string): unknown {
  if (!Object.hasOwn(map, key) || FORBIDDEN_MEMBERS.has(key)) return null;
  const value = map[key];
  return value === undefined ? null : value;
}

/** `null` for undefined, so callers only ever see JSON-ish values. */
export function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}
