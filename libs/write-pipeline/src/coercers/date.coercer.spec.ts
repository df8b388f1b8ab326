import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceDate } from './date.coercer';

const REASON = 'must be a date (YYYY-MM-DD)';

describeCoercer(
  'date',
  coerceDate,
  fieldOf({ type: 'date' }),
  [
    ['a plain date', '2025-01-15', '2025-01-15'],
    ['a leap day', '2000-02-29', '2000-02-29'],
    ['the last day of the year', '9999-12-31', '9999-12-31'],
  ],
  [
    ['a date-time', '2025-01-15T00:00:00Z', REASON],
    ['a 30th of February', '2025-02-30', REASON],
    ['a century non-leap year', '1900-02-29', REASON],
    ['April 31st', '2025-04-31', REASON],
    ['month zero', '2025-00-10', REASON],
    ['day zero', '2025-01-00', REASON],
    ['year zero', '0000-01-01', REASON],
    ['single-digit month', '2025-1-15', REASON],
    ['slashes', '2025/01/15', REASON],
    ['a number', 20250115, REASON],
  ],
);
