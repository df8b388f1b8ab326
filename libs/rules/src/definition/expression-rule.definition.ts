import { CompiledExpression, ExpressionError, expressionErrorDetail } from '@rocket/expressions';
import { CompiledEntity, CompiledField, Registry } from '@rocket/metadata';
import { checkedField } from './field-rule.definition';
import { CheckedDefinition } from './parsed-definition';
import { Json, Problems } from './problems';
import { parseRelatedLoads } from './related-load';

/** Compiles a rule's expression for its kind; throws `ExpressionError`. */
export type RuleCompiler = (source: string, kind: 'rule' | 'computed') => CompiledExpression;

/** What checking an expression or computed definition needs besides the body. */
export interface DefinitionScope {
  readonly entity: CompiledEntity;
  readonly registry: Registry;
  readonly compile: RuleCompiler;
  /** Fields other write hooks fill themselves (state-machine fields): never computed targets (04 §1.4). */
  readonly reserved: ReadonlySet<string>;
  /** A stored rule being loaded: a label field removed since is dropped, not an error. */
  readonly stored: boolean;
}

const EXPRESSION_KEYS: ReadonlySet<string> = new Set([
  'expression',
  'message',
  'field',
  'stop_on_fail',
  'related_load',
]);
const COMPUTED_KEYS: ReadonlySet<string> = new Set(['field', 'expression', 'related_load']);

/** `{expression, message?, field?, stop_on_fail?, related_load?}` (04 §1.2, §1.4). */
export function checkExpressionRule(
  definition: Json,
  scope: DefinitionScope,
  problems: Problems,
): CheckedDefinition | undefined {
  const before = problems.count;
  problems.unknownKeys(definition, EXPRESSION_KEYS, 'definition');
  const expression = compiled(definition.expression, 'rule', scope, problems);
  const label = checkedLabel(definition.field, scope, problems);
  const message = problems.message(definition.message, 'definition.message');
  const stopOnFail = problems.flag(definition.stop_on_fail, 'definition.stop_on_fail', 'stop_on_fail');
  const related = parseRelatedLoads(
    definition.related_load,
    scope.entity,
    scope.registry,
    problems,
    'definition.related_load',
  );
  if (problems.count > before || !expression) return undefined;
  const canonical: Json = { expression: expression.source };
  if (label) canonical.field = label.name;
  if (message !== undefined) canonical.message = message;
  canonical.stop_on_fail = stopOnFail;
  if (definition.related_load !== undefined) canonical.related_load = related.canonical;
  return {
    canonical,
    parsed: { type: 'expression', expression, field: label?.name, message, stopOnFail, related: related.loads },
  };
}

/** `{field, expression, related_load?}` of a computed rule (04 §1.2, §1.4). */
export function checkComputedRule(
  definition: Json,
  scope: DefinitionScope,
  problems: Problems,
): CheckedDefinition | undefined {
  const before = problems.count;
  problems.unknownKeys(definition, COMPUTED_KEYS, 'definition');
  const target = checkedField(definition.field, scope.entity, problems, 'definition.field');
  const why = target && targetProblem(target, scope);
  if (why) problems.add('definition.field', 'invalid_value', why);
  const expression = compiled(definition.expression, 'computed', scope, problems);
  const related = parseRelatedLoads(
    definition.related_load,
    scope.entity,
    scope.registry,
    problems,
    'definition.related_load',
  );
  if (problems.count > before || !expression || !target) return undefined;
  const canonical: Json = { field: target.name, expression: expression.source };
  if (definition.related_load !== undefined) canonical.related_load = related.canonical;
  return { canonical, parsed: { type: 'computed', target, expression, related: related.loads } };
}

/** `field?` only labels the error detail (04 §1.2), but must name a field of the entity when saved. */
function checkedLabel(name: unknown, scope: DefinitionScope, problems: Problems) {
  if (name === undefined) return undefined;
  if (scope.stored && typeof name === 'string' && !scope.entity.fieldsByName.has(name)) return undefined;
  return checkedField(name, scope.entity, problems, 'definition.field');
}

/** The fields a computed rule may not write (04 §1.4): the engine or another hook owns them. */
function targetProblem(field: CompiledField, scope: DefinitionScope): string | undefined {
  if (field.isPk) return `computed target ${field.name} is the primary key`;
  if (field.auto) return `computed target ${field.name} is an auto timestamp`;
  if (field.kind === 'file') return `computed target ${field.name} is a file field`;
  if (field.name === 'deleted_at') return `computed target ${field.name} is managed by soft delete`;
  if (scope.reserved.has(field.name)) return `computed target ${field.name} is the field of an active state machine`;
  return undefined;
}

/** The expression compiled for its kind, or a 03 §12.2 detail at `definition.expression`. */
function compiled(
  source: unknown,
  kind: 'rule' | 'computed',
  scope: DefinitionScope,
  problems: Problems,
): CompiledExpression | undefined {
  const at = 'definition.expression';
  if (source === undefined || source === null) return void problems.add(at, 'required', 'expression is required');
  try {
    return scope.compile(source as string, kind);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    const detail = expressionErrorDetail(e, problems.path(at));
    problems.details.push(detail);
    return undefined;
  }
}
