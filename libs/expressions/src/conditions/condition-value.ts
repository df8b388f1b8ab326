import { compileExpression } from '../compile/compile';
import { evaluate, ExpressionScope } from '../runtime/evaluate';
import { wholeTemplateSource } from '../templates/value-template';

/**
 * A condition value with a whole-string `{{ … }}` resolved in the
 * `permission_template` scope `{user, now}` (03 §11); other values as they
 * are. Throws on failure: the caller treats that as a false condition (deny, §12.3).
 */
export function resolveConditionValue(value: unknown, scope: ExpressionScope): unknown {
  const template = wholeTemplateSource(value);
  if (!template) return value;
  return evaluate(compileExpression(template.source, { kind: 'permission_template' }), scope);
}
