import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceTimestamp } from './timestamp.coercer';

const REASON = 'must be an ISO-8601 date-time';

describeCoercer(
  'timestamp',
  coerceTimestamp,
  fieldOf({ type: 'timestamp' }),
  [
    ['UTC with Z', '2025-01-15T10:30:00Z', '2025-01-15T10:30:00.000Z'],
    ['milliseconds', '2025-01-15T10:30:00.123Z', '2025-01-15T10:30:00.123Z'],
    ['microseconds (truncated to ms)', '2025-01-15T10:30:00.123456Z', '2025-01-15T10:30:00.123Z'],
    ['no offset means UTC', '2025-01-15T10:30:00', '2025-01-15T10:30:00.000Z'],
    ['no seconds', '2025-01-15T10:30', '2025-01-15T10:30:00.000Z'],
    ['space separator', '2025-01-15 10:30:00', '2025-01-15T10:30:00.000Z'],
    ['a positive offset', '2025-01-15T10:30:00+05:30', '2025-01-15T05:00:00.000Z'],
    ['a negative compact offset', '2025-01-15T22:30:00-0200', '2025-01-16T00:30:00.000Z'],
    ['an hour-only offset', '2025-01-15T10:30:00+01', '2025-01-15T09:30:00.000Z'],
    ['a date only', '2025-01-15', '2025-01-15T00:00:00.000Z'],
    ['a leap day', '2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['an early year', '0042-03-04T00:00:00Z', '0042-03-04T00:00:00.000Z'],
  ],
  [
    ['not a date', 'yesterday', REASON],
    ['an impossible day', '2025-02-30T10:00:00Z', REASON],
    ['a non-leap Feb 29', '2023-02-29', REASON],
    ['month 13', '2025-13-01', REASON],
    ['hour 24', '2025-01-15T24:00:00Z', REASON],
    ['minute 60', '2025-01-15T10:60:00Z', REASON],
    ['a leap second', '2025-12-31T23:59:60Z', REASON],
    ['year zero', '0000-01-01', REASON],
    ['an hour without minutes', '2025-01-15T10', REASON],
    ['a bad offset', '2025-01-15T10:00:00+25:00', REASON],
    ['epoch milliseconds', 1736937000000, REASON],
    ['a Date-parsable but non-ISO text', 'Jan 15 2025', REASON],
    ['trailing garbage', '2025-01-15T10:30:00Zjunk', REASON],
  ],
);
