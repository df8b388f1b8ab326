import { compileExpression, ExpressionError, expressionErrorDetail } from '@rocket/expressions';
import { CompiledEntity } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { ActionChecks, isObject, join, Problems, Raw, shown } from '@rocket/state-machine';
import { WORKFLOW_ACTION_TYPES, WorkflowAction, WorkflowActionType } from './workflow.types';

const ACTION_KEYS: Record<WorkflowActionType, readonly string[]> = {
  set_field: ['type', 'entity', 'record_id', 'field', 'value'],
  webhook: ['type', 'url', 'method', 'headers', 'retry'],
  create_record: ['type', 'entity', 'data'],
  send_event: ['type', 'event', 'metadata'],
};
/** Action types of later phases (09 §8): known names, refused until their module exists. */
const LATER_ACTION_TYPES = ['http_request', 'send_email', 'update_record', 'delete_record', 'transform', 'delay'];
/** `context.a.b`: the bare path form of `record_id` (09 §8). */
export const CONTEXT_PATH = /^context(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const VALUE_OPTIONS = { kind: 'workflow_value' } as const;

/**
 * Checks the actions of a workflow `action` step (05 §2.4, §3) and returns
 * their canonical form. What they share with state-machine actions is
 * `ActionChecks`; here: the target entity of every record action and
 * `record_id`.
 */
export class ActionValidator {
  private readonly checks: ActionChecks;

  constructor(
    private readonly entities: ReadonlyMap<string, CompiledEntity>,
    secrets: SecretReferences,
    private readonly problems: Problems,
  ) {
    this.checks = new ActionChecks(problems, secrets, VALUE_OPTIONS);
  }

  action(raw: unknown, path: string): WorkflowAction | undefined {
    if (!isObject(raw)) return void this.problems.add(path, 'invalid_value', 'action must be an object');
    const type = raw.type;
    if (type === undefined || type === null || type === '') {
      return void this.problems.add(join(path, 'type'), 'required', 'action type is required');
    }
    if (!(WORKFLOW_ACTION_TYPES as readonly unknown[]).includes(type)) {
      const later = LATER_ACTION_TYPES.includes(type as string) ? ' (not available in this version)' : '';
      return void this.problems.add(
        join(path, 'type'),
        'enum',
        `unknown action type ${shown(type)}${later}; allowed: ${WORKFLOW_ACTION_TYPES.join(', ')}`,
      );
    }
    const known = type as WorkflowActionType;
    this.problems.unknownKeys(raw, path, ACTION_KEYS[known]);
    switch (known) {
      case 'set_field':
        return this.setField(raw, path);
      case 'webhook': {
        const target = this.checks.webhook(raw, path);
        return target && { type: known, ...target };
      }
      case 'create_record': {
        const entity = this.entity(raw.entity, join(path, 'entity'));
        const data = this.checks.createData(raw.data, entity, join(path, 'data'));
        return entity && data && { type: known, entity: entity.name, data };
      }
      case 'send_event': {
        const event = this.checks.sendEvent(raw, path);
        return event && { type: known, ...event };
      }
    }
  }

  /** `set_field`: an existing, writable field of an existing entity; `record_id` and `value` compile. */
  private setField(raw: Raw, path: string): WorkflowAction | undefined {
    const entity = this.entity(raw.entity, join(path, 'entity'));
    this.recordId(raw.record_id, join(path, 'record_id'));
    if (!('value' in raw)) this.problems.add(join(path, 'value'), 'required', 'value is required');
    const name = raw.field;
    const at = join(path, 'field');
    if (typeof name !== 'string' || name === '') return void this.problems.add(at, 'required', 'field is required');
    if (!entity) return undefined;
    const field = this.checks.settableField(entity, name, at);
    if (!field) return undefined;
    this.checks.setValue(raw, field, join(path, 'value'));
    return { type: 'set_field', entity: entity.name, record_id: raw.record_id, field: name, value: raw.value };
  }

  private entity(raw: unknown, path: string): CompiledEntity | undefined {
    if (typeof raw !== 'string' || raw === '') return void this.problems.add(path, 'required', 'entity is required');
    const entity = this.entities.get(raw);
    if (!entity) this.problems.add(path, 'not_found', `entity not found: ${raw}`);
    return entity;
  }

  /** `record_id` (09 §8): a bare `context.` path, a whole `{{ expr }}`, or a literal id. */
  private recordId(raw: unknown, path: string): void {
    if (raw === undefined || raw === null || raw === '') {
      return void this.problems.add(path, 'required', 'record_id is required');
    }
    if (typeof raw === 'string' && CONTEXT_PATH.test(raw)) {
      try {
        compileExpression(raw, VALUE_OPTIONS);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        this.problems.push(expressionErrorDetail(e, path));
      }
      return;
    }
    if (this.checks.template(raw, path)) return;
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      this.problems.add(path, 'type', 'record_id must be a context path, a {{ }} template or an id');
    }
  }
}
