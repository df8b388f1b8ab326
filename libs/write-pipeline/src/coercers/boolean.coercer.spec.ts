import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceBoolean } from './boolean.coercer';

const REASON = 'must be a boolean';

describeCoercer(
  'boolean',
  coerceBoolean,
  fieldOf({ type: 'boolean' }),
  [
    ['true', true, true],
    ['false', false, false],
  ],
  [
    ['"true"', 'true', REASON],
    ['"false"', 'false', REASON],
    ['1', 1, REASON],
    ['0', 0, REASON],
    ['an empty string', '', REASON],
    ['an object', {}, REASON],
  ],
);
