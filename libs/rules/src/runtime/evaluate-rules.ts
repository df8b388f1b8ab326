import { ErrorDetail } from '@rocket/errors';
import {
  evaluate,
  evaluateBoolean,
  evaluationErrorDetail,
  ExpressionEvaluationError,
  normaliseField,
} from '@rocket/expressions';
import {
  BrokenRule,
  CompiledComputedRule,
  CompiledExpressionRule,
  CompiledFieldRule,
  EntityRules,
} from '../compile/compiled-rule';
import { computedValue } from './computed-value';
import { detailField, pathOf, RuleRun } from './rule-run';
import { RuleScope } from './rule-scope';

export interface RuleOutcome {
  /** Every failure, in evaluation order; non-empty = reject with 422 (04 §1.8). */
  readonly details: ErrorDetail[];
  /** Computed target → coerced value, to be written by this write (04 §1.4). */
  readonly computed: Map<string, unknown>;
}

/**
 * 04 §1.7 for one record and one hook: field rules, then expression rules,
 * each failure one detail, a failing `stop_on_fail` rule ending everything
 * at once; then, only if nothing failed, computed rules in order, each
 * result visible to the next. `http_validate` (phase 2b) is refused when
 * saved by this build, so it never appears here.
 */
export async function evaluateRules(rules: EntityRules, run: RuleRun): Promise<RuleOutcome> {
  const outcome: RuleOutcome = { details: [], computed: new Map() };
  const scope = new RuleScope(run);
  for (const rule of rules.field) {
    const detail = fieldRuleDetail(rule, run, scope);
    if (detail) {
      outcome.details.push(detail);
      if (rule.stopOnFail) return outcome;
    }
  }
  for (const rule of rules.expression) {
    const detail = await expressionRuleDetail(rule, run, scope);
    if (detail) {
      outcome.details.push(detail);
      if (rule.stopOnFail) return outcome;
    }
  }
  if (outcome.details.length > 0) return outcome;
  for (const rule of rules.computed) {
    const detail = await computeInto(rule, run, scope, outcome.computed);
    if (detail) outcome.details.push(detail);
  }
  return outcome;
}

function fieldRuleDetail(rule: CompiledFieldRule | BrokenRule, run: RuleRun, scope: RuleScope) {
  if (rule.type === 'broken') return brokenDetail(rule, run);
  const present = run.checked.has(rule.field);
  // `required` on create judges absence; otherwise only values the write sets are looked at.
  if (!present && !(rule.checksAbsent && run.action === 'create')) return undefined;
  const value = normaliseField(rule.kind, run.checked.get(rule.field));
  if (value === null && !rule.checksAbsent) return undefined;
  if (rule.test(value, scope)) return undefined;
  return { field: pathOf(run, rule.field), rule: rule.operator, message: rule.message };
}

async function expressionRuleDetail(
  rule: CompiledExpressionRule | BrokenRule,
  run: RuleRun,
  scope: RuleScope,
): Promise<ErrorDetail | undefined> {
  if (rule.type === 'broken') return brokenDetail(rule, run);
  const variables = await scope.forRule(rule.related);
  try {
    if (!evaluateBoolean(rule.expression, variables)) return undefined; // true = violated (04 §1.4)
  } catch (e) {
    if (!(e instanceof ExpressionEvaluationError)) throw e;
    return { ...detailField(run, rule.field), ...evaluationErrorDetail('rule', e.message) };
  }
  return { ...detailField(run, rule.field), rule: 'expression', message: rule.message };
}

/** Runs a computed rule and stores its coerced result into the record; a detail on failure. */
async function computeInto(
  rule: CompiledComputedRule | BrokenRule,
  run: RuleRun,
  scope: RuleScope,
  computed: Map<string, unknown>,
): Promise<ErrorDetail | undefined> {
  if (rule.type === 'broken') return brokenDetail(rule, run);
  const field = pathOf(run, rule.target.name);
  let result: unknown;
  try {
    result = evaluate(rule.expression, await scope.forRule(rule.related));
  } catch (e) {
    if (!(e instanceof ExpressionEvaluationError)) throw e;
    return evaluationErrorDetail('computed', e.message, field);
  }
  const value = computedValue(rule.target, result);
  if (!value.ok) return { field, rule: 'computed', message: `${rule.target.name} ${value.reason}` };
  run.record[rule.target.name] = value.value;
  computed.set(rule.target.name, value.value);
  scope.invalidate();
  return undefined;
}

function brokenDetail(rule: BrokenRule, run: RuleRun): ErrorDetail {
  return { ...detailField(run, rule.field), rule: rule.rule, message: rule.message };
}
