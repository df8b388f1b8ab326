import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceDecimal } from './decimal.coercer';

const NOT_DECIMAL = 'must be a decimal number';

describeCoercer(
  'decimal (no precision)',
  coerceDecimal,
  fieldOf({ type: 'decimal' }),
  [
    ['an integer', 1500, 1500],
    ['a fraction', 12.5, 12.5],
    ['a numeric string', '12.50', 12.5],
    ['a negative string', '-0.001', -0.001],
    ['many integer digits (NUMERIC has no limit)', 1e20, 1e20],
    ['an exponent string', '2.5E2', 250],
    ['negative zero', '-0', 0],
  ],
  [
    ['words', 'lots', NOT_DECIMAL],
    ['a boolean', true, NOT_DECIMAL],
    ['Infinity', Infinity, NOT_DECIMAL],
    ['an overflowing string', '1e400', NOT_DECIMAL],
    ['an absurd exponent', '0e99999', NOT_DECIMAL],
    ['a comma decimal', '1,5', NOT_DECIMAL],
    ['an object', { value: 1 }, NOT_DECIMAL],
  ],
);

describeCoercer(
  'decimal (precision 2: at most 16 integer digits)',
  coerceDecimal,
  fieldOf({ type: 'decimal', precision: 2 }),
  [
    ['16 integer digits', '1234567890123456', 1234567890123456],
    ['more fraction digits than p (NUMERIC rounds them)', 1.005, 1.005],
    ['just below the rounding edge', '9999999.994', 9999999.994],
    ['a negative value', -99.99, -99.99],
    ['zero', 0, 0],
  ],
  [
    ['17 integer digits', '12345678901234567', 'must have at most 16 digits before the decimal point'],
    ['17 integer digits as a number', 1e16, 'must have at most 16 digits before the decimal point'],
    ['a large negative', -1e16, 'must have at most 16 digits before the decimal point'],
    ['a number as an exponent string', '1e16', 'must have at most 16 digits before the decimal point'],
  ],
);

describeCoercer(
  'decimal (precision 18: no integer digits)',
  coerceDecimal,
  fieldOf({ type: 'decimal', precision: 18 }),
  [
    ['a pure fraction', 0.123, 0.123],
    ['a value rounding to below one', '0.4999999999999999999', 0.5],
  ],
  [
    ['one', 1, 'must have at most 0 digits before the decimal point'],
    ['a value rounding up to one', '0.9999999999999999999', 'must have at most 0 digits before the decimal point'],
  ],
);

describeCoercer(
  'decimal (precision 15: at most 3 integer digits)',
  coerceDecimal,
  fieldOf({ type: 'decimal', precision: 15 }),
  [['three nines and a fraction', '999.9995', 999.9995]],
  [
    [
      'text beyond double precision that becomes 1000',
      '999.99999999999999999',
      'must have at most 3 digits before the decimal point',
    ],
  ],
);
