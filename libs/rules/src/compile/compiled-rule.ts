import { CompiledExpression } from '@rocket/expressions';
import { CompiledField, FieldKind } from '@rocket/metadata';
import { RelatedLoad } from '../definition/related-load';
import { FieldOperator, FieldTest } from '../operators/field-operators';
import { RuleHook } from '../rule.types';

/** Identity, place and order of a rule (04 §1.7: priority, then created_at, then id). */
export interface RuleOrder {
  readonly id: string;
  readonly entity: string;
  readonly hook: RuleHook;
  readonly priority: number;
  readonly createdAt: number;
}

/** Phase 1: one field, one operator, its test built once. */
export interface CompiledFieldRule extends RuleOrder {
  readonly type: 'field';
  readonly field: string;
  readonly kind: FieldKind;
  readonly operator: FieldOperator;
  readonly test: FieldTest;
  /** `required` judges absent and null values; every other operator lets them pass. */
  readonly checksAbsent: boolean;
  readonly message: string;
  readonly stopOnFail: boolean;
}

/** Phase 2: true = violated. */
export interface CompiledExpressionRule extends RuleOrder {
  readonly type: 'expression';
  readonly expression: CompiledExpression;
  readonly field?: string;
  readonly message: string;
  readonly stopOnFail: boolean;
  readonly related: readonly RelatedLoad[];
}

/** Phase 3: the result, coerced to the target's type, is stored into the target. */
export interface CompiledComputedRule extends RuleOrder {
  readonly type: 'computed';
  readonly target: CompiledField;
  readonly expression: CompiledExpression;
  readonly related: readonly RelatedLoad[];
}

/**
 * A stored rule that no longer validates against its entity (a field changed
 * type, a relation went away): it fails every evaluation in its phase with
 * `misconfigured rule <id>: …` (fail closed, as 03 §12.2 does for expressions).
 */
export interface BrokenRule extends RuleOrder {
  readonly type: 'broken';
  readonly phase: 'field' | 'expression' | 'computed';
  readonly field?: string;
  /** The detail's `rule`: the operator, `expression` or `computed`. */
  readonly rule: string;
  readonly message: string;
  readonly stopOnFail: boolean;
}

export type CompiledRule = CompiledFieldRule | CompiledExpressionRule | CompiledComputedRule | BrokenRule;

/** One entity's active rules for one hook, by phase, each in evaluation order. */
export interface EntityRules {
  readonly field: ReadonlyArray<CompiledFieldRule | BrokenRule>;
  readonly expression: ReadonlyArray<CompiledExpressionRule | BrokenRule>;
  readonly computed: ReadonlyArray<CompiledComputedRule | BrokenRule>;
}

export const NO_RULES: EntityRules = Object.freeze({ field: [], expression: [], computed: [] });

export function isEmpty(rules: EntityRules): boolean {
  return rules.field.length === 0 && rules.expression.length === 0 && rules.computed.length === 0;
}
