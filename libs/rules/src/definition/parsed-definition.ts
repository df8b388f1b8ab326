import { CompiledExpression } from '@rocket/expressions';
import { CompiledField } from '@rocket/metadata';
import { FieldOperator } from '../operators/field-operators';
import { RelatedLoad } from './related-load';
import { Json } from './problems';

/** A `field` rule's definition, checked against its entity (04 §1.3). */
export interface ParsedFieldRule {
  readonly type: 'field';
  readonly field: CompiledField;
  readonly operator: FieldOperator;
  readonly value: unknown;
  readonly message?: string;
  readonly stopOnFail: boolean;
}

/** An `expression` rule: the compiled `rule` expression, true = violated (04 §1.4). */
export interface ParsedExpressionRule {
  readonly type: 'expression';
  readonly expression: CompiledExpression;
  readonly field?: string;
  readonly message?: string;
  readonly stopOnFail: boolean;
  readonly related: readonly RelatedLoad[];
}

/** A `computed` rule: the compiled `computed` expression and its target field (04 §1.4). */
export interface ParsedComputedRule {
  readonly type: 'computed';
  readonly target: CompiledField;
  readonly expression: CompiledExpression;
  readonly related: readonly RelatedLoad[];
}

export type ParsedRule = ParsedFieldRule | ParsedExpressionRule | ParsedComputedRule;

/** A definition that validated: its canonical JSON (what is stored and answered) and what runs. */
export interface CheckedDefinition {
  readonly canonical: Json;
  readonly parsed: ParsedRule;
}
