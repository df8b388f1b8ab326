import { parseRoleList, roleListDetail } from '@rocket/auth';
import { ErrorDetail, isObject } from '@rocket/errors';
import {
  compileValueTemplate,
  conditionProblem,
  ExpressionError,
  isConditionOperator,
  wholeTemplateSource,
} from '@rocket/expressions';
import { CompiledEntity, CompiledField, Registry } from '@rocket/metadata';
import { conditionOperand, IMPOSSIBLE } from '../compile/operand';
import { isPermissionAction, PermissionAction, PermissionInput, StoredCondition } from '../permission.types';

/** Keys a policy body may carry; `id` and the timestamps are ignored so a GET result can be PUT back. */
const BODY_KEYS: ReadonlySet<string> = new Set([
  'entity',
  'action',
  'roles',
  'conditions',
  'fields',
  'masks',
  'field_rules',
  'id',
  'created_at',
  'updated_at',
]);
const CONDITION_KEYS = ['field', 'operator', 'value'];
export const MAX_CONDITIONS = 100;
/** As a list literal of an expression (03 §12.4). */
export const MAX_VALUE_LIST = 1000;
const FIELD_LEVEL_KEYS = ['fields', 'masks', 'field_rules'] as const;

export interface PermissionCheckOptions {
  readonly registry: Registry;
  /** Path prefix of every detail (`permissions[3]` in an import). */
  readonly prefix?: string;
}

export type PermissionCheck =
  { readonly ok: true; readonly input: PermissionInput } | { readonly ok: false; readonly details: ErrorDetail[] };

type Json = Record<string, unknown>;

/**
 * Validates a policy body (07 §8, POST and PUT alike, and import phase A):
 * entity, action, roles (07 §0), the field-level keys of 12 §1.1 and every
 * condition triple against the entity (03 §11). Returns the canonical policy
 * or every problem with its JSON path. Pure: the registry is the only
 * metadata it reads.
 */
export function checkPermission(body: unknown, options: PermissionCheckOptions): PermissionCheck {
  const details: ErrorDetail[] = [];
  const at = (relative: string) => {
    if (!options.prefix) return relative;
    return relative ? `${options.prefix}.${relative}` : options.prefix;
  };
  const add = (relative: string, rule: string, message: string) => details.push({ field: at(relative), rule, message });
  if (!isObject(body)) {
    add('', 'invalid_value', 'permission must be an object');
    return { ok: false, details };
  }
  // A misspelt key (`condition`) would otherwise store a policy that grants every row.
  for (const key of Object.keys(body)) if (!BODY_KEYS.has(key)) add(key, 'unknown', `unknown key: ${key}`);

  let entity: CompiledEntity | undefined;
  if (typeof body.entity !== 'string' || body.entity === '') add('entity', 'required', 'entity is required');
  else if (!(entity = options.registry.entities.get(body.entity)))
    add('entity', 'not_found', `entity not found: ${body.entity}`);

  let action: PermissionAction | undefined;
  if (body.action === undefined || body.action === null || body.action === '')
    add('action', 'required', 'action is required');
  else if (!isPermissionAction(body.action))
    add('action', 'invalid_value', 'action must be read, create, update, delete, or comment');
  else action = body.action;

  const roles = parseRoleList(body.roles);
  if (!roles) details.push(roleListDetail(at('roles')));

  if (action) checkFieldLevelKeys(body, action, add);
  const conditions = checkConditions(body.conditions, entity, add);

  if (details.length > 0 || !entity || !action || !roles || !conditions) return { ok: false, details };
  return {
    ok: true,
    input: { entity: entity.name, action, roles, conditions, fields: null, masks: {}, field_rules: [] },
  };
}

type Add = (relative: string, rule: string, message: string) => void;

/**
 * `fields`, `masks`, `field_rules` (12 §1.1) keep their defaults until
 * field-level permissions arrive: a policy that names fields would otherwise
 * be stored and silently grant them all, so anything else is refused.
 */
function checkFieldLevelKeys(body: Json, action: PermissionAction, add: Add): void {
  for (const key of FIELD_LEVEL_KEYS) {
    const value = body[key];
    const isDefault =
      value === undefined ||
      (key === 'fields' && value === null) ||
      (key === 'masks' && isObject(value) && Object.keys(value).length === 0) ||
      (key === 'field_rules' && Array.isArray(value) && value.length === 0);
    if (isDefault) continue;
    const allowed = action === 'read' || (key !== 'masks' && (action === 'create' || action === 'update'));
    if (!allowed) add(key, 'invalid_value', `${key} is not allowed on ${action} policies`);
    else add(key, 'invalid_value', `${key}: field-level permissions are not supported yet`);
  }
}

function checkConditions(raw: unknown, entity: CompiledEntity | undefined, add: Add): StoredCondition[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add('conditions', 'invalid_value', 'conditions must be a list of {field, operator, value}');
    return undefined;
  }
  if (raw.length > MAX_CONDITIONS) {
    add('conditions', 'invalid_value', `conditions may hold at most ${MAX_CONDITIONS} conditions`);
    return undefined;
  }
  const out: StoredCondition[] = [];
  (raw as unknown[]).forEach((item, i) => {
    const condition = checkCondition(item, entity, `conditions[${i}]`, add);
    if (condition) out.push(condition);
  });
  return out.length === raw.length ? out : undefined;
}

function checkCondition(
  item: unknown,
  entity: CompiledEntity | undefined,
  path: string,
  add: Add,
): StoredCondition | undefined {
  const keys = isObject(item) ? Object.keys(item) : [];
  if (
    !isObject(item) ||
    keys.length !== CONDITION_KEYS.length ||
    !CONDITION_KEYS.every((k) => Object.hasOwn(item, k)) ||
    typeof item.field !== 'string'
  ) {
    add(path, 'invalid_value', 'a condition is {field, operator, value}');
    return undefined;
  }
  const { field: name, operator, value } = item as { field: string; operator: unknown; value: unknown };
  const field = entity?.fieldsByName.get(name);
  if (entity && !field) add(`${path}.field`, 'not_found', `field not found: ${name}`);
  if (!isConditionOperator(operator)) {
    add(`${path}.operator`, 'invalid_value', `unsupported operator: ${String(operator)}`);
    return undefined;
  }
  if (!field) return undefined;
  const problem = valueProblem(field, operator, value);
  if (problem) {
    add(`${path}.value`, problem.rule, problem.message);
    return undefined;
  }
  return { field: name, operator, value };
}

/** 03 §11 and §12.2: a template must compile; a literal must be comparable with the field. */
function valueProblem(
  field: CompiledField,
  operator: Parameters<typeof conditionOperand>[1],
  value: unknown,
): { rule: string; message: string } | undefined {
  if (wholeTemplateSource(value)) {
    try {
      compileValueTemplate(value, { kind: 'permission_template' });
    } catch (e) {
      if (e instanceof ExpressionError) return { rule: e.rule, message: e.message };
      throw e;
    }
  }
  const problem = conditionProblem(operator, value, field.kind);
  if (problem) return { rule: 'invalid_value', message: problem };
  if (wholeTemplateSource(value)) return undefined;
  // Stricter than the shape check: a value the column cannot hold (a non-UUID for a uuid
  // field, 1.5 for an int) could never match and would be a SQL error.
  const list = operator === 'in' || operator === 'not_in';
  const items = list ? (value as unknown[]) : [value];
  if (items.length > MAX_VALUE_LIST) {
    return { rule: 'invalid_value', message: `operator ${operator} takes at most ${MAX_VALUE_LIST} values` };
  }
  for (const item of items) {
    if (item !== null && conditionOperand(field.kind, list ? 'eq' : operator, item) === IMPOSSIBLE) {
      const message = `value ${JSON.stringify(item)} cannot be compared with ${field.kind} field ${field.name}`;
      return { rule: 'invalid_value', message };
    }
  }
  return undefined;
}
