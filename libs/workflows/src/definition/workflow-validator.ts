import { ErrorDetail } from '@rocket/errors';
import { compileContextValue, compileExpression, ExpressionError, expressionErrorDetail } from '@rocket/expressions';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { checkRoleName, isObject, join, Problems, Raw, shown } from '@rocket/state-machine';
import { ActionValidator } from './action-validator';
import { parseDuration } from './duration';
import { canonicalGoto } from './goto';
import { toOneRelation } from './relation-path';
import {
  AssigneeDefinition,
  Goto,
  STEP_TYPES,
  WorkflowAction,
  WorkflowInput,
  WorkflowStep,
  WorkflowStepType,
  WorkflowTrigger,
} from './workflow.types';

export type ValidatedWorkflow =
  { workflow: WorkflowInput; details: [] } | { workflow?: undefined; details: ErrorDetail[] };

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const STEP_ID = /^[A-Za-z0-9_-]{1,100}$/;
const CONTEXT_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PATH_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_CONTEXT_KEYS = 50;
const MAX_STEPS = 100;
const MAX_ACTIONS = 20;
const MAX_USER_ID = 200;

const BODY_KEYS = ['name', 'trigger', 'context', 'steps', 'active'];
/** A GET result can be PUT back unchanged. */
const IGNORED_KEYS = ['id', 'created_at', 'updated_at'];
const TRIGGER_KEYS = ['type', 'entity', 'field', 'to'];
/** Each step type's own keys (05 §2.3); another type's keys are tolerated only when null or empty. */
const STEP_KEYS: Record<WorkflowStepType, readonly string[]> = {
  action: ['actions', 'then'],
  condition: ['expression', 'on_true', 'on_false'],
  approval: ['assignee', 'timeout', 'on_approve', 'on_reject', 'on_timeout'],
};
const ALL_STEP_KEYS = [...new Set(Object.values(STEP_KEYS).flat())];
/** Step types of later phases (11, 09 §9) and the unsupported `wait`: known names, refused. */
const UNAVAILABLE_STEP_TYPES = ['http_request', 'parallel', 'loop', 'multi_approval', 'subworkflow', 'wait'];

/**
 * Checks a workflow as the admin API and the import receive it (05 §3) and
 * returns its canonical form: gotos as `"end"` or `{"goto": id}`, roles
 * lower case, webhook defaults explicit. Expressions and templates are
 * compiled (03 §12.2); webhook headers are checked against the secret
 * policy (06 §5). Name uniqueness is the caller's (409).
 */
export function validateWorkflow(
  raw: unknown,
  registry: Registry,
  secrets: SecretReferences,
  pathPrefix = '',
): ValidatedWorkflow {
  const problems = new Problems(pathPrefix);
  if (!isObject(raw)) {
    problems.add('', 'invalid_value', 'workflow must be an object');
    return { details: problems.details };
  }
  const workflow = new WorkflowValidator(registry, secrets, problems).check(raw);
  return problems.count === 0 && workflow ? { workflow, details: [] } : { details: problems.details };
}

class WorkflowValidator {
  private readonly actions: ActionValidator;
  private triggerEntity?: CompiledEntity;

  constructor(
    private readonly registry: Registry,
    secrets: SecretReferences,
    private readonly problems: Problems,
  ) {
    this.actions = new ActionValidator(registry.entities, secrets, problems);
  }

  check(raw: Raw): WorkflowInput | undefined {
    this.problems.unknownKeys(raw, '', BODY_KEYS, IGNORED_KEYS);
    const name = this.name(raw.name);
    const trigger = this.trigger(raw.trigger);
    const context = this.context(raw.context);
    const steps = this.steps(raw.steps);
    const active = raw.active ?? true;
    if (typeof active !== 'boolean') this.problems.add('active', 'type', 'active must be a boolean');
    if (!name || !trigger || !context || !steps) return undefined;
    return { name, trigger, context, steps, active: active === true };
  }

  private name(raw: unknown): string | undefined {
    if (raw === undefined || raw === null || raw === '')
      return void this.problems.add('name', 'required', 'name is required');
    if (typeof raw !== 'string' || !NAME.test(raw)) {
      return void this.problems.add(
        'name',
        'invalid_value',
        'name must start with a letter and have at most 100 characters of A-Z a-z 0-9 _ -',
      );
    }
    return raw;
  }

  private trigger(raw: unknown): WorkflowTrigger | undefined {
    if (!isObject(raw)) return void this.problems.add('trigger', 'required', 'trigger must be an object');
    this.problems.unknownKeys(raw, 'trigger', TRIGGER_KEYS);
    if (raw.type !== 'state_change') {
      const manual = raw.type === 'manual' ? ' (manual triggers are not available in this version)' : '';
      this.problems.add('trigger.type', 'enum', `trigger.type must be state_change${manual}`);
    }
    const entityName = raw.entity;
    if (typeof entityName !== 'string' || entityName === '') {
      return void this.problems.add('trigger.entity', 'required', 'trigger.entity is required');
    }
    const entity = this.registry.entities.get(entityName);
    if (!entity) return void this.problems.add('trigger.entity', 'not_found', `entity not found: ${entityName}`);
    this.triggerEntity = entity;
    const fieldName = raw.field;
    if (typeof fieldName !== 'string' || fieldName === '') {
      return void this.problems.add('trigger.field', 'required', 'trigger.field is required');
    }
    const field = entity.fieldsByName.get(fieldName);
    if (!field) {
      return void this.problems.add(
        'trigger.field',
        'not_found',
        `field ${fieldName} not found in entity ${entityName}`,
      );
    }
    const to = raw.to;
    if (typeof to !== 'string' || to === '') {
      return void this.problems.add('trigger.to', 'required', 'trigger.to must be a non-empty string');
    }
    const allowed = field.def.enum;
    if (allowed && !allowed.includes(to)) {
      this.problems.add('trigger.to', 'enum', `trigger.to must be one of: ${allowed.join(', ')}`);
    }
    return raw.type === 'state_change' ? { type: 'state_change', entity: entityName, field: fieldName, to } : undefined;
  }

  /** Keys are identifiers; string values compile as context mappings or stay literal (03 §9.4). */
  private context(raw: unknown): Record<string, unknown> | undefined {
    if (raw === undefined || raw === null) return {};
    if (!isObject(raw)) return void this.problems.add('context', 'type', 'context must be an object');
    const keys = Object.keys(raw);
    if (keys.length > MAX_CONTEXT_KEYS) {
      this.problems.add('context', 'invalid_value', `context may have at most ${MAX_CONTEXT_KEYS} keys`);
    }
    for (const key of keys) {
      if (!CONTEXT_KEY.test(key)) {
        this.problems.add(join('context', key), 'invalid_value', `context key ${key} is not an identifier`);
      } else compileContextValue(raw[key]);
    }
    return { ...raw };
  }

  private steps(raw: unknown): WorkflowStep[] | undefined {
    if (!Array.isArray(raw) || raw.length === 0) {
      return void this.problems.add('steps', 'required', 'steps must be a list of 1 to 100 steps');
    }
    if (raw.length > MAX_STEPS) {
      return void this.problems.add('steps', 'invalid_value', `a workflow has at most ${MAX_STEPS} steps`);
    }
    const ids = new Set<string>();
    raw.forEach((step, i) => {
      const id = isObject(step) ? step.id : undefined;
      const at = join(join('steps', i), 'id');
      if (typeof id !== 'string' || !STEP_ID.test(id)) {
        this.problems.add(at, 'invalid_value', 'step id must be 1 to 100 characters of A-Z a-z 0-9 _ -');
      } else if (id === 'end') this.problems.add(at, 'reserved', 'step id end is reserved');
      else if (ids.has(id)) this.problems.add(at, 'duplicate', `duplicate step id: ${id}`);
      else ids.add(id);
    });
    const steps = raw.map((step, i) => this.step(step, join('steps', i), ids));
    return steps.every((s): s is WorkflowStep => s !== undefined) ? steps : undefined;
  }

  private step(raw: unknown, path: string, ids: ReadonlySet<string>): WorkflowStep | undefined {
    if (!isObject(raw)) return void this.problems.add(path, 'invalid_value', 'step must be an object');
    const type = raw.type;
    if (!(STEP_TYPES as readonly unknown[]).includes(type)) {
      const later = UNAVAILABLE_STEP_TYPES.includes(type as string) ? ' (not available in this version)' : '';
      return void this.problems.add(
        join(path, 'type'),
        type === undefined || type === null ? 'required' : 'enum',
        `unknown step type ${shown(type)}${later}; allowed: ${STEP_TYPES.join(', ')}`,
      );
    }
    const known = type as WorkflowStepType;
    this.foreignKeys(raw, path, known);
    const id = raw.id as string;
    const target = (key: string) => this.target(raw[key], join(path, key), ids);
    switch (known) {
      case 'action': {
        const actions = this.actionList(raw.actions, join(path, 'actions'));
        const then = target('then');
        return actions && then !== null ? { id, type: known, actions, then } : undefined;
      }
      case 'condition': {
        const expression = this.expression(raw.expression, join(path, 'expression'));
        const onTrue = target('on_true');
        const onFalse = target('on_false');
        if (expression === undefined || onTrue === null || onFalse === null) return undefined;
        return { id, type: known, expression, on_true: onTrue, on_false: onFalse };
      }
      case 'approval':
        return this.approval(raw, path, id, target);
    }
  }

  private approval(raw: Raw, path: string, id: string, target: (key: string) => Goto | null): WorkflowStep | undefined {
    const assignee = this.assignee(raw.assignee, join(path, 'assignee'));
    const onApprove = target('on_approve');
    const onReject = target('on_reject');
    const onTimeout = raw.on_timeout === undefined || raw.on_timeout === null ? undefined : target('on_timeout');
    let timeout: string | undefined;
    if (raw.timeout !== undefined && raw.timeout !== null) {
      if (parseDuration(raw.timeout) === null) {
        this.problems.add(
          join(path, 'timeout'),
          'invalid_value',
          'timeout must be <integer><unit> groups (ms, s, m, h, d) such as 48h or 1h30m, above 0 and at most 365 days',
        );
      } else timeout = raw.timeout as string;
    }
    if (!assignee || onApprove === null || onReject === null || onTimeout === null) return undefined;
    return {
      id,
      type: 'approval',
      assignee,
      ...(timeout === undefined ? {} : { timeout }),
      on_approve: onApprove,
      on_reject: onReject,
      ...(onTimeout === undefined ? {} : { on_timeout: onTimeout }),
    };
  }

  /** Keys of other step types only when null or empty; anything else unknown (05 §3). */
  private foreignKeys(raw: Raw, path: string, type: WorkflowStepType): void {
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'id' || key === 'type' || STEP_KEYS[type].includes(key)) continue;
      const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
      if (ALL_STEP_KEYS.includes(key)) {
        if (!empty) this.problems.add(join(path, key), 'invalid_value', `${key} does not apply to a ${type} step`);
      } else this.problems.add(join(path, key), 'unknown', `Unknown key: ${key}`);
    }
  }

  /** A goto (05 §2.2): missing = end; otherwise end or an existing step. Null when invalid. */
  private target(raw: unknown, path: string, ids: ReadonlySet<string>): Goto | null {
    const goto = canonicalGoto(raw);
    if (goto === undefined) return 'end';
    if (goto === null) {
      this.problems.add(path, 'invalid_value', 'a step target is "end", a step id, or {"goto": "<step id>"}');
      return null;
    }
    if (goto !== 'end' && !ids.has(goto.goto)) {
      this.problems.add(path, 'not_found', `step not found: ${goto.goto}`);
      return null;
    }
    return goto;
  }

  private actionList(raw: unknown, path: string): WorkflowAction[] | undefined {
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_ACTIONS) {
      return void this.problems.add(path, 'required', `actions must be a list of 1 to ${MAX_ACTIONS} actions`);
    }
    const actions = raw.map((a, i) => this.actions.action(a, join(path, i)));
    return actions.every((a): a is WorkflowAction => a !== undefined) ? actions : undefined;
  }

  private expression(raw: unknown, path: string): string | undefined {
    if (typeof raw !== 'string' || raw.trim() === '') {
      return void this.problems.add(path, 'required', 'expression is required');
    }
    try {
      compileExpression(raw, { kind: 'workflow_condition' });
      return raw;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      this.problems.push(expressionErrorDetail(e, path));
      return undefined;
    }
  }

  /** 05 §2.5: `role`, `fixed` or `relation` (`expression` belongs to 11). */
  private assignee(raw: unknown, path: string): AssigneeDefinition | undefined {
    if (!isObject(raw)) return void this.problems.add(path, 'required', 'assignee must be an object');
    switch (raw.type) {
      case 'role': {
        this.problems.unknownKeys(raw, path, ['type', 'role']);
        const role = checkRoleName(raw.role, join(path, 'role'), this.problems);
        return role === undefined ? undefined : { type: 'role', role };
      }
      case 'fixed': {
        this.problems.unknownKeys(raw, path, ['type', 'user']);
        const user = raw.user;
        if (typeof user !== 'string' || user.trim() === '' || user.length > MAX_USER_ID) {
          return void this.problems.add(join(path, 'user'), 'required', 'user must be a user id');
        }
        return { type: 'fixed', user };
      }
      case 'relation': {
        this.problems.unknownKeys(raw, path, ['type', 'path']);
        const relationPath = raw.path;
        if (typeof relationPath !== 'string' || !this.relationPath(relationPath, join(path, 'path'))) return undefined;
        return { type: 'relation', path: relationPath };
      }
      default:
        return void this.problems.add(
          join(path, 'type'),
          'enum',
          `assignee type must be role, fixed or relation, not ${shown(raw.type)}`,
        );
    }
  }

  /** `context.<key>…`, or fields and to-one relations walked from the trigger entity (05 §2.5). */
  private relationPath(text: string, path: string): boolean {
    const segments = text.split('.');
    if (text === '' || segments.length > 10 || !segments.every((s) => PATH_SEGMENT.test(s))) {
      this.problems.add(path, 'invalid_value', 'path must be dotted identifiers such as requester.manager_id');
      return false;
    }
    if (segments[0] === 'context') {
      if (segments.length > 1) return true;
      this.problems.add(path, 'invalid_value', 'a context path names a context key');
      return false;
    }
    let entity = this.triggerEntity;
    if (!entity) return true; // the trigger's own problem is reported
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      const relation = toOneRelation(entity, segment);
      if (relation && !last) {
        entity = relation.entity;
        continue;
      }
      if (last && entity.fieldsByName.has(segment)) return true;
      this.problems.add(path, 'not_found', `${segment} is not a field or to-one relation of ${entity.name}`);
      return false;
    }
    return true;
  }
}
