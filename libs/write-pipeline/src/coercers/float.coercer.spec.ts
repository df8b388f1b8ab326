import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceFloat } from './float.coercer';

const REASON = 'must be a number';

describeCoercer(
  'float',
  coerceFloat,
  fieldOf({ type: 'float' }),
  [
    ['an integer', 3, 3],
    ['a fraction', 3.25, 3.25],
    ['a negative', -0.5, -0.5],
    ['a numeric string', '3.25', 3.25],
    ['an exponent string', '1.5e3', 1500],
    ['a leading-dot string', '.5', 0.5],
    ['a trailing-dot string', '5.', 5],
    ['a tiny exponent', '1e-400', 0],
  ],
  [
    ['Infinity (1e400 parsed)', Infinity, REASON],
    ['NaN', NaN, REASON],
    ['"NaN"', 'NaN', REASON],
    ['"Infinity"', 'Infinity', REASON],
    ['an overflowing string', '1e400', REASON],
    ['an empty string', '', REASON],
    ['a lone dot', '.', REASON],
    ['hex', '0x10', REASON],
    ['whitespace', ' 1', REASON],
    ['a boolean', true, REASON],
    ['an array', [1], REASON],
  ],
);
