import { FieldKind } from '@rocket/metadata';
import { coerceFilterValue, FilterValue } from './filter-values';

/** Good inputs per field kind and the value bound to SQL (02 §3.1 coercion table). */
const GOOD: [FieldKind, string, FilterValue][] = [
  ['string', 'hello', 'hello'],
  ['string', '', ''],
  ['string', ' padded ', ' padded '],
  ['string', "O'Brien; drop table x", "O'Brien; drop table x"],
  ['text', 'long text', 'long text'],
  ['text', '', ''],
  ['int', '0', 0],
  ['int', '-42', -42],
  ['int', '007', 7],
  ['int', '2147483647', 2147483647],
  ['int', '-2147483648', -2147483648],
  ['bigint', '9007199254740991', 9007199254740991],
  ['bigint', '-9007199254740991', -9007199254740991],
  ['bigint', '2147483648', 2147483648],
  ['float', '1.5', 1.5],
  ['float', '-3', -3],
  ['float', '0.000001', 0.000001],
  ['decimal', '1500', 1500],
  ['decimal', '-12.34', -12.34],
  // A JSON number, like the write path stores it (01 §2.4 accepts the precision loss).
  ['decimal', '12345678901234567.89', 12345678901234568],
  ['boolean', 'true', true],
  ['boolean', 'TRUE', true],
  ['boolean', '1', true],
  ['boolean', 'false', false],
  ['boolean', 'False', false],
  ['boolean', '0', false],
  ['uuid', '4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab', '4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab'],
  ['uuid', '4F1C2A9E-0B9E-4C1D-8E2F-1234567890AB', '4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab'],
  // Bound as the canonical UTC form a write stores (no offset ⇒ UTC).
  ['timestamp', '2025-01-15', '2025-01-15T00:00:00.000Z'],
  ['timestamp', '2024-02-29', '2024-02-29T00:00:00.000Z'],
  ['timestamp', '2025-01-15T10:30', '2025-01-15T10:30:00.000Z'],
  ['timestamp', '2025-01-15t10:30:00', '2025-01-15T10:30:00.000Z'],
  ['timestamp', '2025-01-15 10:30:00', '2025-01-15T10:30:00.000Z'],
  ['timestamp', '2025-01-15T10:30:00Z', '2025-01-15T10:30:00.000Z'],
  ['timestamp', '2025-01-15T10:30:00z', '2025-01-15T10:30:00.000Z'],
  ['timestamp', '2025-01-15T10:30:00.123Z', '2025-01-15T10:30:00.123Z'],
  ['timestamp', '2025-01-15T10:30:00.1239Z', '2025-01-15T10:30:00.123Z'],
  ['timestamp', '2025-01-15T10:30:00.5+02:00', '2025-01-15T08:30:00.500Z'],
  ['timestamp', '2025-01-15T01:30:00-0530', '2025-01-15T07:00:00.000Z'],
  ['timestamp', '2025-01-15T00:30:00+01', '2025-01-14T23:30:00.000Z'],
  ['timestamp', '0099-12-31T00:00:00Z', '0099-12-31T00:00:00.000Z'],
  ['date', '2025-01-15', '2025-01-15'],
  ['date', '2000-02-29', '2000-02-29'],
];

/** Bad inputs per field kind and the reason given to the client. */
const BAD: [FieldKind, string, string][] = [
  ['string', 'a\u0000b', 'must not contain NUL characters'],
  ['int', '', 'must be an integer between -2147483648 and 2147483647'],
  ['int', '1.5', 'must be an integer between -2147483648 and 2147483647'],
  ['int', 'abc', 'must be an integer between -2147483648 and 2147483647'],
  ['int', '+1', 'must be an integer between -2147483648 and 2147483647'],
  ['int', ' 1', 'must be an integer between -2147483648 and 2147483647'],
  ['int', '1e3', 'must be an integer between -2147483648 and 2147483647'],
  ['int', '2147483648', 'must be an integer between -2147483648 and 2147483647'],
  ['int', '-2147483649', 'must be an integer between -2147483648 and 2147483647'],
  ['int', '99999999999999999999999', 'must be an integer between -2147483648 and 2147483647'],
  ['bigint', '9007199254740992', 'must be an integer between -9007199254740991 and 9007199254740991'],
  ['bigint', '-9007199254740992', 'must be an integer between -9007199254740991 and 9007199254740991'],
  ['bigint', 'NaN', 'must be an integer between -9007199254740991 and 9007199254740991'],
  ['float', '', 'must be a number'],
  ['float', '1.', 'must be a number'],
  ['float', '.5', 'must be a number'],
  ['float', '1e5', 'must be a number'],
  ['float', 'Infinity', 'must be a number'],
  ['float', '9'.repeat(400), 'must be a number'],
  ['decimal', 'NaN', 'must be a number'],
  ['decimal', '1,5', 'must be a number'],
  ['boolean', '', 'must be true, false, 1 or 0'],
  ['boolean', 'yes', 'must be true, false, 1 or 0'],
  ['boolean', '2', 'must be true, false, 1 or 0'],
  ['uuid', '', 'must be a UUID'],
  ['uuid', 'not-a-uuid', 'must be a UUID'],
  ['uuid', '4f1c2a9e0b9e4c1d8e2f1234567890ab', 'must be a UUID'],
  ['uuid', '{4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab}', 'must be a UUID'],
  ['timestamp', '', 'must be an ISO-8601 date or date-time'],
  ['timestamp', 'yesterday', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-13-01', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-02-29', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '0000-01-01', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-01-15T24:00:00Z', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-01-15T10:60Z', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-01-15T10:30:61Z', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-01-15T10:30:00+24:00', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-01-15T10:30:00+01:60', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-01-15T10', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '2025-01-15T10:30:00.1234567890Z', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '12025-01-15', 'must be an ISO-8601 date or date-time'],
  // `+` in a query string decodes to a space: refused, not guessed.
  ['timestamp', '2025-01-15T10:30:00 02:00', 'must be an ISO-8601 date or date-time'],
  ['timestamp', '1736937000', 'must be an ISO-8601 date or date-time'],
  ['date', '', 'must be a date (YYYY-MM-DD)'],
  ['date', '2025-1-5', 'must be a date (YYYY-MM-DD)'],
  ['date', '2025-02-30', 'must be a date (YYYY-MM-DD)'],
  ['date', '1900-02-29', 'must be a date (YYYY-MM-DD)'],
  ['date', '2025-01-15T00:00:00Z', 'must be a date (YYYY-MM-DD)'],
  ['json', '{}', 'json fields cannot be filtered'],
  ['file', 'x', 'file fields cannot be filtered'],
];

describe('coerceFilterValue', () => {
  it.each(GOOD)('%s accepts %j', (kind, raw, expected) => {
    expect(coerceFilterValue(kind, raw)).toEqual({ ok: true, value: expected });
  });

  it.each(BAD)('%s refuses %j', (kind, raw, reason) => {
    expect(coerceFilterValue(kind, raw)).toEqual({ ok: false, reason });
  });
});
