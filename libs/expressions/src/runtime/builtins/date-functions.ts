import { evalError } from '../../errors/evaluation-error';
import { toDateTime } from '../datetime';
import { Builtin } from './builtin.types';

/** `date(x)` and its alias `new Date(x)`. */
export const date: Builtin = ([x]) => toDateTime(x);

/** `now()`: the operation instant, the same as the variable `now` (03 §9). */
export const now: Builtin = (_args, env) => {
  if (!env.now) throw evalError('now is not available here');
  return env.now;
};
