import { accept, Coercer, refuse } from './coercer.types';
import { integerDigitsAfterRounding, numberText, parseDecimal } from './decimal.util';

/** NUMERIC(18,p) (01 §2.4). */
const TOTAL_DIGITS = 18;

/**
 * `decimal`: a finite JSON number or numeric string, stored as a JSON number
 * (01 §2.4 accepts the precision loss beyond ~15 significant digits). With a
 * precision p > 0 the column is NUMERIC(18,p), so at most 18−p digits may
 * stand before the point once rounded to p places; otherwise NUMERIC, no limit.
 */
export const coerceDecimal: Coercer = (value, field) => {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && parseDecimal(value)) n = Number(value);
  else return refuse('must be a decimal number');
  if (!Number.isFinite(n)) return refuse('must be a decimal number');
  const p = field.def.precision;
  if (typeof p === 'number' && p > 0) {
    const maxInteger = TOTAL_DIGITS - p;
    // The number that is sent is what NUMERIC rounds and range-checks.
    const parts = parseDecimal(numberText(n));
    if (parts && integerDigitsAfterRounding(parts, p) > maxInteger) {
      return refuse(`must have at most ${maxInteger} digits before the decimal point`);
    }
  }
  return accept(n === 0 ? 0 : n);
};
