import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceInt } from './int.coercer';

const REASON = 'must be an integer between -2147483648 and 2147483647';

describeCoercer(
  'int',
  coerceInt,
  fieldOf({ type: 'int' }),
  [
    ['zero', 0, 0],
    ['negative zero', -0, 0],
    ['a positive number', 42, 42],
    ['int32 max', 2147483647, 2147483647],
    ['int32 min', -2147483648, -2147483648],
    ['an integer string', '42', 42],
    ['a signed string', '-17', -17],
    ['a plus-signed string', '+5', 5],
    ['leading zeros', '007', 7],
    ['a float that is integral', 3.0, 3],
  ],
  [
    ['int32 max + 1', 2147483648, REASON],
    ['int32 min − 1', -2147483649, REASON],
    ['a fraction', 1.5, REASON],
    ['a fractional string', '1.5', REASON],
    ['an exponent string', '1e3', REASON],
    ['an out-of-range string', '2147483648', REASON],
    ['a huge string', '9'.repeat(100), REASON],
    ['an empty string', '', REASON],
    ['whitespace', ' 1', REASON],
    ['a boolean', true, REASON],
    ['Infinity', Infinity, REASON],
    ['NaN', NaN, REASON],
    ['an object', {}, REASON],
  ],
);
