/** Operators of condition triples (03 §11). */
export const CONDITION_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'like'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** `{field, operator, value}`: a permission condition, field-rule comparison or `related_load` filter. */
export interface ConditionTriple {
  readonly field: string;
  readonly operator: ConditionOperator;
  readonly value: unknown;
}

export function isConditionOperator(value: unknown): value is ConditionOperator {
  return typeof value === 'string' && (CONDITION_OPERATORS as readonly string[]).includes(value);
}

export const NUMERIC_KINDS: ReadonlySet<string> = new Set(['int', 'integer', 'bigint', 'float', 'decimal']);
export const TEMPORAL_KINDS: ReadonlySet<string> = new Set(['timestamp', 'date']);
export const TEXT_KINDS: ReadonlySet<string> = new Set(['string', 'text', 'uuid']);
