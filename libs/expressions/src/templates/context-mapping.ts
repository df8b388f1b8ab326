import { compileExpression } from '../compile/compile';
import { ExpressionError } from '../errors/expression-error';
import { CompiledValue } from './value-template';

/**
 * A workflow context mapping value (03 §9.4): non-strings are literals; a
 * string that compiles as a `workflow_context` expression (so every free
 * identifier is a variable of that context) is a path or expression; any
 * other string (`"purchase_order"`) is the literal text.
 */
export function compileContextValue(value: unknown): CompiledValue {
  if (typeof value !== 'string') return { template: false, value };
  try {
    return { template: true, expression: compileExpression(value, { kind: 'workflow_context' }) };
  } catch (e) {
    if (e instanceof ExpressionError) return { template: false, value };
    throw e;
  }
}
