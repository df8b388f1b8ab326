import { ExpressionEvaluationError, evalError } from '../errors/evaluation-error';
import { CompiledExpression } from '../compile/compiled-expression';
import { isBooleanKind } from '../compile/kinds';
import { LIMITS } from '../compile/limits';
import { Budget } from './budget';
import { runProgram } from './evaluator';
import { isMap, typeOf, ValueMap } from './values';

/** Variables by name; build it with `toScopeValue` / `buildRecordScope` so it holds plain data only. */
export type ExpressionScope = ValueMap;

export interface EvaluateOptions {
  /** Lower the step budget (never raise it above 03 §12.4). */
  readonly maxSteps?: number;
}

export type EvaluationResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Runs a compiled expression (03 §5). Boolean kinds answer a boolean
 * (null → false; any other type is an error). Throws
 * `ExpressionEvaluationError`, which callers map per 03 §12.3.
 */
export function evaluate(expr: CompiledExpression, scope: ExpressionScope, options: EvaluateOptions = {}): unknown {
  if (expr.broken) throw evalError(expr.broken);
  if (expr.empty) return true;
  if (!isMap(scope)) throw evalError('the scope must be a plain map of variables');
  const now = Object.hasOwn(scope, 'now') && scope.now instanceof Date ? scope.now : null;
  const budget = new Budget(Math.min(options.maxSteps ?? LIMITS.steps, LIMITS.steps));
  const value = runProgram(expr, scope, { budget, now });
  const type = typeOf(value);
  if (!isBooleanKind(expr.kind)) return type === 'null' ? null : value;
  if (type === 'null') return false;
  if (type !== 'boolean') throw evalError(`a ${expr.kind} expression must give a boolean, got ${type}`);
  return value;
}

/** `evaluate` for boolean kinds, typed. */
export function evaluateBoolean(expr: CompiledExpression, scope: ExpressionScope, options?: EvaluateOptions): boolean {
  if (!isBooleanKind(expr.kind) && !expr.empty) throw new Error(`${expr.kind} is not a boolean kind`);
  return evaluate(expr, scope, options) as boolean;
}

/** `evaluate` with the failure as a value, for contexts that record rather than reject (03 §12.3). */
export function tryEvaluate(
  expr: CompiledExpression,
  scope: ExpressionScope,
  options?: EvaluateOptions,
): EvaluationResult {
  try {
    return { ok: true, value: evaluate(expr, scope, options) };
  } catch (e) {
    if (e instanceof ExpressionEvaluationError) return { ok: false, error: e.message };
    throw e;
  }
}
