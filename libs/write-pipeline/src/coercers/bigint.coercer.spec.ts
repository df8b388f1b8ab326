import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceBigint } from './bigint.coercer';

const REASON = 'must be an integer between -9007199254740991 and 9007199254740991';

describeCoercer(
  'bigint',
  coerceBigint,
  fieldOf({ type: 'bigint' }),
  [
    ['a small number', 1, 1],
    ['beyond int32', 3000000000, 3000000000],
    ['2^53−1', 9007199254740991, 9007199254740991],
    ['−(2^53−1)', -9007199254740991, -9007199254740991],
    ['an integer string', '9007199254740991', 9007199254740991],
    ['a negative string', '-42', -42],
  ],
  [
    ['2^53', 9007199254740992, REASON],
    ['2^53 as a string', '9007199254740992', REASON],
    ['a fraction', 0.5, REASON],
    ['a decimal string', '10.0', REASON],
    ['a boolean', false, REASON],
    ['null-ish text', 'null', REASON],
  ],
);
