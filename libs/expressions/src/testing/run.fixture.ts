import { compileExpression } from '../compile/compile';
import { ExpressionKind } from '../compile/kinds';
import { ExpressionEvaluationError } from '../errors/evaluation-error';
import { evaluate } from '../runtime/evaluate';
import { scopeOf } from './scope.fixture';

/** Compiles and evaluates in one go; `computed` returns any type, and sees `record`, `old`, `user`, `related`… */
export function run(source: string, env: Record<string, unknown> = {}, kind: ExpressionKind = 'computed'): unknown {
  return evaluate(compileExpression(source, { kind }), scopeOf(env));
}

/** The evaluation error message of `source` (fails the test if it evaluates). */
export function runError(source: string, env: Record<string, unknown> = {}, kind: ExpressionKind = 'computed'): string {
  try {
    run(source, env, kind);
  } catch (e) {
    if (e instanceof ExpressionEvaluationError) return e.message;
    throw e;
  }
  throw new Error(`expected ${source} to fail`);
}
