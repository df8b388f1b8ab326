import { evalError } from '../../errors/evaluation-error';
import { clip } from '../datetime';
import { compare } from '../ordering';
import { typeOf } from '../values';
import { Builtin } from './builtin.types';
import { roundHalfAwayFromZero } from './round';

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `number(x)`: a number, or a numeric string; null → null. */
export const number: Builtin = ([x]) => toNumber(x);

function toNumber(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && NUMERIC_TEXT.test(x)) {
    const n = Number(x);
    if (Number.isFinite(n)) return n;
  }
  if (typeof x === 'string') throw evalError(`'${clip(x)}' is not a number`);
  throw evalError(`number() needs a number or a numeric string, got ${typeOf(x)}`);
}

/** `int(x)`: `number(x)` truncated toward zero. */
export const int: Builtin = ([x]) => {
  const n = toNumber(x);
  return n === null ? null : Math.trunc(n) || 0;
};

const numberFunction =
  (name: string, fn: (n: number) => number): Builtin =>
  ([n]) => {
    if (n === null || n === undefined) return null;
    if (typeof n !== 'number') throw evalError(`${name}() needs a number, got ${typeOf(n)}`);
    return fn(n) || 0; // no -0 in results
  };

export const abs = numberFunction('abs', Math.abs);
export const floor = numberFunction('floor', Math.floor);
export const ceil = numberFunction('ceil', Math.ceil);

/** `round(n)`, `round(n, d)`: half away from zero, `d` an integer 0–10. */
export const round: Builtin = ([n, d = 0]) => {
  if (n === null || n === undefined) return null;
  if (typeof n !== 'number') throw evalError(`round() needs a number, got ${typeOf(n)}`);
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 10)
    throw evalError('round() takes 0 to 10 decimals');
  return roundHalfAwayFromZero(n, d);
};

/** `min`/`max`: over the arguments, or the elements of a single list; nulls ignored. */
const extreme =
  (sign: 1 | -1): Builtin =>
  (args, { budget }) => {
    const items = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    budget.charge(items.length);
    let best: unknown = null;
    for (const item of items) {
      if (item === null || item === undefined) continue;
      if (best === null || sign * compare(item, best) < 0) best = item;
    }
    return best;
  };

export const min = extreme(1);
export const max = extreme(-1);
