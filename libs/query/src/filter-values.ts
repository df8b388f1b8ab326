import { FieldKind, isIsoDate, parseIsoTimestamp } from '@rocket/metadata';

/** A filter value as it is bound to a SQL parameter. */
export type FilterValue = string | number | boolean;

/** The outcome of coercing one raw query-string value: the value, or why it was refused. */
export type Coerced = { ok: true; value: FilterValue } | { ok: false; reason: string };

type Coercer = (raw: string) => Coerced;

const ok = (value: FilterValue): Coerced => ({ ok: true, value });
const fail = (reason: string): Coerced => ({ ok: false, reason });

const INT_RE = /^-?\d+$/;
const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;
// bigint values travel as JSON numbers (01 §2.4), so the API range is the safe-integer one.
const BIGINT_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

function integerIn(min: bigint, max: bigint): Coercer {
  const reason = `must be an integer between ${min} and ${max}`;
  return (raw) => {
    if (!INT_RE.test(raw)) return fail(reason);
    const n = BigInt(raw);
    return n < min || n > max ? fail(reason) : ok(Number(n));
  };
}

const coerceDate: Coercer = (raw) => (isIsoDate(raw) ? ok(raw) : fail('must be a date (YYYY-MM-DD)'));

/**
 * ISO-8601 date or date-time with the grammar the write path accepts, bound
 * as the same canonical `YYYY-MM-DDTHH:mm:ss.sssZ` a write stores, so a
 * value read back filters equal to itself whatever the session time zone.
 */
const coerceTimestamp: Coercer = (raw) => {
  const iso = parseIsoTimestamp(raw);
  return iso === undefined ? fail('must be an ISO-8601 date or date-time') : ok(iso);
};

const coerceText: Coercer = (raw) =>
  // PostgreSQL rejects NUL in text: refuse it here rather than answer 500.
  raw.includes('\u0000') ? fail('must not contain NUL characters') : ok(raw);

/**
 * `float` and `decimal` alike: a JSON number, as 02 §3.1 says and as the
 * write path stores decimals, so a value read back filters equal to itself.
 */
const coerceNumber: Coercer = (raw) => {
  if (!NUMBER_RE.test(raw)) return fail('must be a number');
  const n = Number(raw);
  return Number.isFinite(n) ? ok(n) : fail('must be a number');
};

const coerceBoolean: Coercer = (raw) => {
  const v = raw.toLowerCase();
  if (v === 'true' || v === '1') return ok(true);
  if (v === 'false' || v === '0') return ok(false);
  return fail('must be true, false, 1 or 0');
};

const coerceUuid: Coercer = (raw) => (UUID_RE.test(raw) ? ok(raw.toLowerCase()) : fail('must be a UUID'));

/** The filter coercion table of 02 §3.1; json and file fields are not filterable. */
const COERCERS: Record<Exclude<FieldKind, 'json' | 'file'>, Coercer> = {
  string: coerceText,
  text: coerceText,
  int: integerIn(INT32_MIN, INT32_MAX),
  bigint: integerIn(-BIGINT_LIMIT, BIGINT_LIMIT),
  float: coerceNumber,
  decimal: coerceNumber,
  boolean: coerceBoolean,
  uuid: coerceUuid,
  timestamp: coerceTimestamp,
  date: coerceDate,
};

/** Coerces one raw filter value (or list item) for a field of `kind`. */
export function coerceFilterValue(kind: FieldKind, raw: string): Coerced {
  if (kind === 'json' || kind === 'file') return fail(`${kind} fields cannot be filtered`);
  return COERCERS[kind](raw);
}
