import { ExpressionEvaluationError } from '../errors/evaluation-error';
import { Budget } from '../runtime/budget';
import { parseIsoText } from '../runtime/datetime';
import { equals } from '../runtime/equality';
import { compare } from '../runtime/ordering';
import { isMap } from '../runtime/values';
import { ConditionTriple, NUMERIC_KINDS, TEMPORAL_KINDS } from './condition.types';
import { likeMatch } from './like';

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Checks a condition triple in memory (03 §11) against a record normalised
 * as in §4.1; `kind` is the field's type when known. Mirrors the SQL the
 * permissions layer generates: null never equals, orders or matches.
 * Template values must be resolved first (`resolveConditionValue`).
 */
export function evaluateCondition(condition: ConditionTriple, record: unknown, kind?: string): boolean {
  if (!isMap(record) || !Object.hasOwn(record, condition.field)) return false;
  const v = record[condition.field] ?? null;
  const c = coerceForKind(condition.value ?? null, kind);
  const budget = new Budget(Infinity);
  try {
    switch (condition.operator) {
      case 'eq':
        return c === null ? v === null : v !== null && same(v, c, kind, budget);
      case 'neq':
        return c === null ? v !== null : v !== null && !same(v, c, kind, budget);
      case 'gt':
        return v !== null && c !== null && order(v, c, kind) > 0;
      case 'gte':
        return v !== null && c !== null && order(v, c, kind) >= 0;
      case 'lt':
        return v !== null && c !== null && order(v, c, kind) < 0;
      case 'lte':
        return v !== null && c !== null && order(v, c, kind) <= 0;
      case 'in':
        return Array.isArray(c) && v !== null && c.some((item) => same(v, item, kind, budget));
      case 'not_in':
        return Array.isArray(c) && v !== null && !c.some((item) => same(v, item, kind, budget));
      case 'like':
        return typeof v === 'string' && typeof c === 'string' && likeMatch(v, c);
    }
  } catch (e) {
    // An impossible comparison is refused at save time; if one slips through, it is false (deny).
    if (e instanceof ExpressionEvaluationError) return false;
    throw e;
  }
}

/** A numeric field compared with a numeric string converts the string (lists element-wise). */
function coerceForKind(value: unknown, kind: string | undefined): unknown {
  if (!kind || !NUMERIC_KINDS.has(kind)) return value;
  if (Array.isArray(value)) return value.map((item) => coerceForKind(item, kind));
  return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : value;
}

/** Dates and timestamps compare as instants, whatever text form each side uses. */
function same(v: unknown, c: unknown, kind: string | undefined, budget: Budget): boolean {
  if (kind && TEMPORAL_KINDS.has(kind)) {
    const [x, y] = [instant(v), instant(c)];
    return x !== undefined && x === y;
  }
  return equals(v, c, budget);
}

function order(v: unknown, c: unknown, kind: string | undefined): number {
  if (kind && TEMPORAL_KINDS.has(kind)) {
    const [x, y] = [instant(v), instant(c)];
    return x === undefined || y === undefined ? NaN : x - y;
  }
  return compare(v, c);
}

function instant(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  return typeof value === 'string' ? parseIsoText(value) : undefined;
}
