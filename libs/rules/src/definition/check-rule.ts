import { ErrorDetail } from '@rocket/errors';
import { compileExpression } from '@rocket/expressions';
import { CompiledEntity, Registry, shown } from '@rocket/metadata';
import { HOOK_TYPES, isRuleHook, isRuleType, RuleHook, RuleInput, RuleType } from '../rule.types';
import { checkComputedRule, checkExpressionRule, DefinitionScope, RuleCompiler } from './expression-rule.definition';
import { checkFieldRule } from './field-rule.definition';
import { ParsedRule } from './parsed-definition';
import { isObject, Json, Problems } from './problems';

/** Keys a rule body may carry; `id` and the timestamps are ignored so a GET result can be PUT back (04 §1.2). */
const BODY_KEYS: ReadonlySet<string> = new Set([
  'entity',
  'hook',
  'type',
  'definition',
  'priority',
  'active',
  'message',
  'stop_on_fail',
  'id',
  'created_at',
  'updated_at',
]);
/** Accepted at the top level for `docs/rules-and-workflows.md` compatibility, moved into `definition`. */
const MOVED_KEYS = ['message', 'stop_on_fail'] as const;
const MAX_PRIORITY = 1_000_000;

export interface RuleCheckOptions {
  readonly registry: Registry;
  /**
   * Rules read back from `_rules` (03 §12.2, §6): `record.x` members are not
   * checked against the entity, so a field removed since reads as null.
   */
  readonly stored?: boolean;
  /** Fields another write hook owns on the entity (state-machine fields). */
  readonly reserved?: (entity: CompiledEntity) => ReadonlySet<string>;
  /** Path prefix of every detail (`rules[3]` in an import). */
  readonly prefix?: string;
}

export type RuleCheck =
  | { readonly ok: true; readonly input: RuleInput; readonly parsed: ParsedRule }
  | { readonly ok: false; readonly details: ErrorDetail[] };

/**
 * Validates a rule body (04 §1.9) and returns its canonical form with the
 * compiled definition, or every problem with its JSON path. Pure: the
 * registry is the only metadata it reads.
 */
export function checkRule(body: unknown, options: RuleCheckOptions): RuleCheck {
  const problems = new Problems(options.prefix);
  if (!isObject(body)) {
    problems.add('', 'invalid_value', 'rule must be an object');
    return { ok: false, details: problems.details };
  }
  problems.unknownKeys(body, BODY_KEYS, '');
  const entity = checkEntity(body.entity, options.registry, problems);
  const type = checkType(body.type, problems);
  const hook = checkHook(body.hook, type, problems);
  const priority = checkPriority(body.priority, problems);
  const active = body.active === undefined ? true : problems.flag(body.active, 'active', 'active');
  const definition = checkDefinitionObject(body, type, problems);
  if (!entity || !type || !hook || !definition) return { ok: false, details: problems.details };

  const scope: DefinitionScope = {
    entity,
    registry: options.registry,
    compile: compilerFor(entity, options.stored === true),
    reserved: options.reserved?.(entity) ?? new Set(),
    stored: options.stored === true,
  };
  const checked =
    type === 'field'
      ? checkFieldRule(definition, entity, problems)
      : type === 'expression'
        ? checkExpressionRule(definition, scope, problems)
        : checkComputedRule(definition, scope, problems);
  if (!checked || problems.count > 0) return { ok: false, details: problems.details };
  return {
    ok: true,
    input: { entity: entity.name, hook, type, definition: checked.canonical, priority, active },
    parsed: checked.parsed,
  };
}

function compilerFor(entity: CompiledEntity, stored: boolean): RuleCompiler {
  return (source, kind) => compileExpression(source, stored ? { kind } : { kind, entity });
}

function checkEntity(value: unknown, registry: Registry, problems: Problems): CompiledEntity | undefined {
  if (value === undefined || value === null || value === '')
    return void problems.add('entity', 'required', 'entity is required');
  const entity = typeof value === 'string' ? registry.entities.get(value) : undefined;
  if (!entity) return void problems.add('entity', 'not_found', `unknown entity: ${shown(value)}`);
  return entity;
}

function checkType(value: unknown, problems: Problems): Exclude<RuleType, 'http_validate'> | undefined {
  if (value === undefined || value === null || value === '')
    return void problems.add('type', 'required', 'type is required');
  if (!isRuleType(value)) {
    return void problems.add('type', 'invalid_value', 'type must be one of field, expression, computed, http_validate');
  }
  // 00-README: a type this build does not implement is refused when saved, never ignored at run time.
  if (value === 'http_validate') {
    return void problems.add('type', 'invalid_value', 'rule type http_validate is not supported by this server');
  }
  return value;
}

function checkHook(value: unknown, type: RuleType | undefined, problems: Problems): RuleHook | undefined {
  const hook = value ?? 'before_write';
  if (!isRuleHook(hook))
    return void problems.add('hook', 'invalid_value', 'hook must be before_write or before_delete');
  if (type && !HOOK_TYPES[hook].includes(type)) {
    return void problems.add('hook', 'invalid_value', `hook ${hook} does not allow ${type} rules`);
  }
  return hook;
}

function checkPriority(value: unknown, problems: Problems): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || Math.abs(value as number) > MAX_PRIORITY) {
    problems.add('priority', 'invalid_value', `priority must be an integer from -${MAX_PRIORITY} to ${MAX_PRIORITY}`);
    return 0;
  }
  return value as number;
}

/** `definition` as an object, with the top-level compatibility keys moved into it. */
function checkDefinitionObject(body: Json, type: RuleType | undefined, problems: Problems): Json | undefined {
  const raw = body.definition;
  if (raw === undefined || raw === null) return void problems.add('definition', 'required', 'definition is required');
  if (!isObject(raw)) return void problems.add('definition', 'invalid_value', 'definition must be an object');
  const definition: Json = { ...raw };
  for (const key of MOVED_KEYS) {
    if (body[key] === undefined) continue;
    if (definition[key] !== undefined && definition[key] !== body[key]) {
      problems.add(key, 'invalid_value', `${key} is given both at the top level and in definition`);
    } else if (type === 'computed') {
      problems.add(key, 'unknown', `unknown key for a computed rule: ${key}`);
    } else {
      definition[key] = body[key];
    }
  }
  return definition;
}
