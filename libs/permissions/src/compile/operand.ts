import { ConditionOperator } from '@rocket/expressions';
import { FieldKind, parseIsoTimestamp } from '@rocket/metadata';

/** A value no row can hold: the condition is false (fail closed, 07 §6.2 step 4). */
export const IMPOSSIBLE: unique symbol = Symbol('impossible condition value');
export type Operand = unknown;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT32 = 2 ** 31;
const ORDERING: ReadonlySet<ConditionOperator> = new Set(['gt', 'gte', 'lt', 'lte', 'like']);
const TEXT_KINDS: ReadonlySet<FieldKind> = new Set(['string', 'text', 'uuid']);

/**
 * A condition value in the one form both the SQL filter and the in-memory
 * check use (03 §11), for a field of `kind`: numbers as numbers, UUIDs lower
 * case, timestamps as canonical ISO text, dates as `YYYY-MM-DD`. `in` and
 * `not_in` take a list; nulls and values the column cannot hold are dropped
 * from it (they equal nothing). A value the field cannot hold, or of the wrong
 * shape for the operator, is IMPOSSIBLE, never a SQL error.
 */
export function conditionOperand(kind: FieldKind, operator: ConditionOperator, value: unknown): Operand {
  if (operator === 'in' || operator === 'not_in') {
    if (!Array.isArray(value)) return IMPOSSIBLE;
    return (value as unknown[])
      .map((item) => (item === null ? IMPOSSIBLE : scalarOperand(kind, item)))
      .filter((item) => item !== IMPOSSIBLE);
  }
  if (value === null) return ORDERING.has(operator) ? IMPOSSIBLE : null;
  // A LIKE pattern is text, whatever the column (a uuid column is matched as text).
  if (operator === 'like') return typeof value === 'string' && TEXT_KINDS.has(kind) ? value : IMPOSSIBLE;
  return scalarOperand(kind, value);
}

function scalarOperand(kind: FieldKind, value: unknown): Operand {
  switch (kind) {
    case 'string':
    case 'text':
      return typeof value === 'string' ? value : IMPOSSIBLE;
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : IMPOSSIBLE;
    case 'int': {
      const n = numberOf(value);
      return Number.isInteger(n) && n >= -INT32 && n < INT32 ? n : IMPOSSIBLE;
    }
    case 'bigint': {
      const n = numberOf(value);
      return Number.isSafeInteger(n) ? n : IMPOSSIBLE;
    }
    case 'float':
    case 'decimal': {
      const n = numberOf(value);
      return Number.isFinite(n) ? n : IMPOSSIBLE;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : IMPOSSIBLE;
    case 'timestamp':
      return isoOf(value) ?? IMPOSSIBLE;
    case 'date':
      return isoOf(value)?.slice(0, 10) ?? IMPOSSIBLE;
    case 'json':
    case 'file':
      return IMPOSSIBLE;
  }
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : NaN;
}

function isoOf(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
}
