import { compileExpression } from '../compile/compile';
import { CompiledExpression, CompileOptions } from '../compile/compiled-expression';
import { ExpressionError } from '../errors/expression-error';
import { evaluate, ExpressionScope } from '../runtime/evaluate';
import { shiftError } from './shift-error';

/** A literal, or a whole-string `{{ expr }}` compiled at definition time (03 §10). */
export type CompiledValue =
  | { readonly template: false; readonly value: unknown }
  | { readonly template: true; readonly expression: CompiledExpression };

const WHOLE = /^\{\{([\s\S]*)\}\}$/;

/**
 * The expression text of a value that is wholly `{{ … }}`, else null. A
 * string with further `{{`/`}}` inside (`"{{a}} and {{b}}"`) is not one
 * template but text, so it stays literal here (text mode is separate).
 */
export function wholeTemplateSource(value: unknown): { source: string; offset: number } | null {
  if (typeof value !== 'string') return null;
  const m = WHOLE.exec(value);
  if (!m || m[1].includes('{{') || m[1].includes('}}')) return null;
  return { source: m[1], offset: 2 };
}

/** Compiles an action value; the literal `"now"` is left to the caller (04 §2.3). Throws `ExpressionError`. */
export function compileValueTemplate(value: unknown, options: CompileOptions): CompiledValue {
  const found = wholeTemplateSource(value);
  if (!found) return { template: false, value };
  try {
    return { template: true, expression: compileExpression(found.source, options) };
  } catch (e) {
    throw e instanceof ExpressionError ? shiftError(e, found.offset) : e;
  }
}

/** The run-time value: the literal, or the typed result. Throws `ExpressionEvaluationError`. */
export function resolveValueTemplate(compiled: CompiledValue, scope: ExpressionScope): unknown {
  return compiled.template ? evaluate(compiled.expression, scope) : compiled.value;
}
