import { evalError } from '../errors/evaluation-error';
import { LIMITS } from '../compile/limits';
import { Budget } from './budget';
import { parseIsoText } from './datetime';
import { typeOf, ValueMap } from './values';

/**
 * `==` (03 §5.2): deep, without coercion. The one cross-type case is a
 * datetime against a string, which compares instants when the string parses.
 */
export function equals(a: unknown, b: unknown, budget: Budget, depth = 0): boolean {
  if (typeof a !== 'object' && typeof a === typeof b) return a === b;
  budget.charge(1);
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta === 'datetime' || tb === 'datetime') return sameInstant(a, b, ta, tb);
  if (ta !== tb) return false;
  if (depth > LIMITS.scopeDepth) throw evalError('values nested too deeply to compare');
  if (ta === 'list') {
    const [x, y] = [a as unknown[], b as unknown[]];
    budget.charge(x.length);
    return x.length === y.length && x.every((item, i) => equals(item, y[i], budget, depth + 1));
  }
  if (ta === 'map') {
    const [x, y] = [a as ValueMap, b as ValueMap];
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    budget.charge(keys.length);
    return keys.every((k) => Object.hasOwn(y, k) && equals(x[k], y[k], budget, depth + 1));
  }
  return a === b || (ta === 'null' && tb === 'null');
}

function sameInstant(a: unknown, b: unknown, ta: string, tb: string): boolean {
  const ms = (value: unknown, type: string): number | undefined =>
    type === 'datetime' ? (value as Date).getTime() : type === 'string' ? parseIsoText(value as string) : undefined;
  const x = ms(a, ta);
  const y = ms(b, tb);
  return x !== undefined && y !== undefined && x === y;
}
