import { compileExpression } from '../compile/compile';
import { CompiledExpression, CompileOptions } from '../compile/compiled-expression';
import { ExpressionError } from '../errors/expression-error';
import { Budget, checkedString } from '../runtime/budget';
import { evaluate, ExpressionScope } from '../runtime/evaluate';
import { toText } from '../runtime/text';
import { shiftError } from './shift-error';

/** Literal text and expressions, in order (09 §6 text mode). */
export interface CompiledText {
  readonly parts: ReadonlyArray<string | CompiledExpression>;
}

/** Each `{{ expr }}` in the text is compiled; a `{{` without a closing `}}` stays literal. Throws `ExpressionError`. */
export function compileTextTemplate(text: string, options: CompileOptions): CompiledText {
  const parts: Array<string | CompiledExpression> = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    const close = open < 0 ? -1 : text.indexOf('}}', open + 2);
    if (close < 0) break;
    if (open > from) parts.push(text.slice(from, open));
    try {
      parts.push(compileExpression(text.slice(open + 2, close), options));
    } catch (e) {
      throw e instanceof ExpressionError ? shiftError(e, open + 2) : e;
    }
    from = close + 2;
  }
  if (from < text.length) parts.push(text.slice(from));
  return Object.freeze({ parts: Object.freeze(parts) });
}

/** Each expression replaced by `string(result)`, null by nothing. Throws `ExpressionEvaluationError`. */
export function renderTextTemplate(compiled: CompiledText, scope: ExpressionScope): string {
  const budget = new Budget();
  let out = '';
  for (const part of compiled.parts) {
    if (typeof part === 'string') out += part;
    else {
      const value = evaluate(part, scope);
      if (value !== null) out += toText(value, budget);
    }
    checkedString(out);
  }
  return out;
}
