import { accept, Coercer, refuse } from './coercer.types';
import { parseDecimal } from './decimal.util';

const REASON = 'must be a number';

/** `float`: a finite JSON number or numeric string (DOUBLE PRECISION). */
export const coerceFloat: Coercer = (value) => {
  if (typeof value === 'number') return Number.isFinite(value) ? accept(value) : refuse(REASON);
  if (typeof value === 'string' && parseDecimal(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? accept(n) : refuse(REASON);
  }
  return refuse(REASON);
};
