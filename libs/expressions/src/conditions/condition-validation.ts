import { compileExpression } from '../compile/compile';
import { ExpressionError } from '../errors/expression-error';
import { parseIsoText } from '../runtime/datetime';
import { wholeTemplateSource } from '../templates/value-template';
import { ConditionOperator, isConditionOperator, NUMERIC_KINDS, TEMPORAL_KINDS, TEXT_KINDS } from './condition.types';

const ORDERING: ReadonlySet<ConditionOperator> = new Set(['gt', 'gte', 'lt', 'lte']);
const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Why a condition cannot be saved (03 §11), or null: unknown operator,
 * a value of the wrong shape, an impossible comparison (`gt` on a boolean,
 * `like` on a number), or a `{{ }}` template that does not compile as a
 * `permission_template`. `kind` is the field's type.
 */
export function conditionProblem(operator: unknown, value: unknown, kind: string): string | null {
  if (!isConditionOperator(operator)) return `unknown operator: ${String(operator)}`;
  if (kind === 'json' || kind === 'file') return `operator ${operator} is not allowed on a ${kind} field`;
  if (ORDERING.has(operator) && kind === 'boolean') return `operator ${operator} is not allowed on a boolean field`;
  if (operator === 'like' && !TEXT_KINDS.has(kind)) return `operator like needs a string, text or uuid field`;
  const template = wholeTemplateSource(value);
  if (template) return templateProblem(template.source);
  if (operator === 'in' || operator === 'not_in') {
    if (!Array.isArray(value)) return `operator ${operator} needs a list value`;
    for (const item of value as unknown[]) {
      const problem = scalarProblem(item, kind, operator);
      if (problem) return problem;
    }
    return null;
  }
  return scalarProblem(value, kind, operator);
}

function scalarProblem(value: unknown, kind: string, operator: ConditionOperator): string | null {
  if (value === null)
    return ORDERING.has(operator) || operator === 'like' ? `operator ${operator} needs a value` : null;
  if (typeof value === 'object') return `operator ${operator} needs a scalar value`;
  if (
    NUMERIC_KINDS.has(kind) &&
    !(typeof value === 'number' || (typeof value === 'string' && NUMERIC_TEXT.test(value)))
  )
    return `value must be a number for a ${kind} field`;
  if (TEMPORAL_KINDS.has(kind) && (typeof value !== 'string' || parseIsoText(value) === undefined))
    return `value must be an ISO-8601 date for a ${kind} field`;
  if (kind === 'boolean' && typeof value !== 'boolean') return 'value must be a boolean for a boolean field';
  if (TEXT_KINDS.has(kind) && typeof value !== 'string') return `value must be a string for a ${kind} field`;
  return null;
}

function templateProblem(source: string): string | null {
  try {
    compileExpression(source, { kind: 'permission_template' });
    return null;
  } catch (e) {
    if (e instanceof ExpressionError) return e.message;
    throw e;
  }
}
