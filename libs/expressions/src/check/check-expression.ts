import { ErrorDetail, Errors } from '@rocket/errors';
import { compileExpression } from '../compile/compile';
import { ExpressionEntity } from '../compile/compiled-expression';
import { EXPRESSION_KINDS, ExpressionKind, isExpressionKind } from '../compile/kinds';
import { ExpressionEvaluationError } from '../errors/evaluation-error';
import { ExpressionError, expressionErrorDetail } from '../errors/expression-error';
import { tryEvaluate } from '../runtime/evaluate';
import { isMap, ValueMap } from '../runtime/values';
import { NormalisableEntity } from '../scope/normalise-record';
import { checkScope } from './check-scope';

/** The entity facts the check needs: field names for member checks, kinds for normalisation. */
export type CheckEntity = ExpressionEntity & NormalisableEntity;

export interface CheckResult {
  valid: true;
  identifiers: string[];
  result?: unknown;
  error?: string;
}

/**
 * `POST /api/:app/_admin/expressions/check` (03 §13) without the HTTP:
 * validates the body, compiles, and evaluates when `env` is given.
 * Throws `AppError` 422 with 03 §12.2 details.
 */
export function checkExpression(
  body: Record<string, unknown>,
  findEntity: (name: string) => CheckEntity | undefined,
  clock: () => Date = () => new Date(),
): CheckResult {
  const { expression, kind, entityName, env } = readBody(body);
  const entity = entityName === undefined ? undefined : findEntity(entityName);
  if (entityName !== undefined && !entity)
    throw Errors.validation([{ field: 'entity', rule: 'not_found', message: `Entity not found: ${entityName}` }]);

  let compiled;
  try {
    compiled = compileExpression(expression, { kind, entity });
  } catch (e) {
    if (e instanceof ExpressionError) throw Errors.validation([expressionErrorDetail(e, 'expression')]);
    throw e;
  }
  const answer: CheckResult = { valid: true, identifiers: [...compiled.identifiers] };
  if (env === undefined) return answer;

  let built;
  try {
    built = checkScope(kind, env, entity, clock);
  } catch (e) {
    if (!(e instanceof ExpressionEvaluationError)) throw e;
    return { ...answer, error: e.message };
  }
  if ('problem' in built) throw Errors.validation([built.problem]);
  const outcome = tryEvaluate(compiled, built.scope);
  return outcome.ok ? { ...answer, result: jsonValue(outcome.value) } : { ...answer, error: outcome.error };
}

function readBody(body: Record<string, unknown>): {
  expression: string;
  kind: ExpressionKind;
  entityName?: string;
  env?: ValueMap;
} {
  const details: ErrorDetail[] = [];
  const { expression, kind, entity, env } = body;
  if (expression === undefined || expression === null)
    details.push({ field: 'expression', rule: 'required', message: 'expression is required' });
  else if (typeof expression !== 'string')
    details.push({ field: 'expression', rule: 'type', message: 'expression must be a string' });
  if (kind === undefined || kind === null)
    details.push({ field: 'kind', rule: 'required', message: 'kind is required' });
  else if (!isExpressionKind(kind))
    details.push({
      field: 'kind',
      rule: 'enum',
      message: `unknown kind: ${typeof kind === 'string' ? kind : JSON.stringify(kind)}; allowed: ${EXPRESSION_KINDS.join(', ')}`,
    });
  if (entity !== undefined && entity !== null && typeof entity !== 'string')
    details.push({ field: 'entity', rule: 'type', message: 'entity must be a string' });
  if (env !== undefined && env !== null && !isMap(env))
    details.push({ field: 'env', rule: 'type', message: 'env must be an object' });
  if (details.length > 0) throw Errors.validation(details);
  return {
    expression: expression as string,
    kind: kind as ExpressionKind,
    entityName: typeof entity === 'string' ? entity : undefined,
    env: isMap(env) ? env : undefined,
  };
}

/** Datetimes as canonical text; everything else is already JSON. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (isMap(value)) return Object.fromEntries(Object.keys(value).map((k) => [k, jsonValue(value[k])]));
  return value;
}
