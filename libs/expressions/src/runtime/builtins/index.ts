import { all, any, avg, count, sum } from './aggregate-functions';
import { Builtin } from './builtin.types';
import { date, now } from './date-functions';
import { abs, ceil, floor, int, max, min, number, round } from './number-functions';
import { len, lower, string, trim, upper } from './string-functions';

export * from './builtin.types';

/**
 * Implementations by name (null prototype: no inherited names); the
 * checker's signature table names the same set, and a spec checks it.
 */
export const BUILTINS: Readonly<Record<string, Builtin>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Builtin>, {
    len,
    lower,
    upper,
    trim,
    string,
    number,
    int,
    abs,
    floor,
    ceil,
    round,
    min,
    max,
    sum,
    avg,
    count,
    any,
    all,
    date,
    now,
  }),
);
