import { evalError } from '../errors/evaluation-error';
import { Budget } from './budget';
import { ownValue, typeOf, ValueMap } from './values';

const LENGTH_HINT = ' (use len(x) for lengths)';

/** `m.name` / `m?.name` (03 §5.6): null-safe, own keys of maps only. */
export function member(object: unknown, name: string): unknown {
  const type = typeOf(object);
  if (type === 'null') return null;
  if (type === 'map') return ownValue(object as ValueMap, name);
  throw evalError(`cannot read member '${name}' of a ${type}${LENGTH_HINT}`);
}

/** `x[i]`: map key, list position or string code point; out of range is null. */
export function index(object: unknown, key: unknown, budget: Budget): unknown {
  const type = typeOf(object);
  switch (type) {
    case 'null':
      return null;
    case 'map':
      if (typeof key !== 'string') throw evalError(`a map key must be a string, got ${typeOf(key)}`);
      return ownValue(object as ValueMap, key);
    case 'list': {
      const list = object as unknown[];
      const i = integerIndex(key);
      return i < list.length ? (list[i] ?? null) : null;
    }
    case 'string':
      return codePointAt(object as string, integerIndex(key), budget);
    case 'boolean':
    case 'number':
    case 'datetime':
      throw evalError(`cannot index a ${type}${LENGTH_HINT}`);
  }
}

/** Negative indexes are out of range, hence Infinity. */
function integerIndex(key: unknown): number {
  if (typeof key !== 'number' || !Number.isInteger(key))
    throw evalError(`an index must be an integer, got ${typeOf(key)}`);
  return key < 0 ? Infinity : key;
}

function codePointAt(text: string, i: number, budget: Budget): string | null {
  if (i >= text.length) return null;
  let k = 0;
  for (const char of text) {
    if (k++ === i) return char;
    if (k % 1024 === 0) budget.charge(1024);
  }
  return null;
}
