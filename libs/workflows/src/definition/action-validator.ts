import { compileExpression, compileValueTemplate, ExpressionError, expressionErrorDetail } from '@rocket/expressions';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { isObject, join, literalProblem, Problems, Raw, shown } from '@rocket/state-machine';
import { checkHeaders, checkMethod, checkRetry, checkUrl } from '@rocket/webhooks';
import { DELETED_AT } from '@rocket/write-pipeline';
import { WORKFLOW_ACTION_TYPES, WorkflowAction, WorkflowActionType } from './workflow.types';

const ACTION_KEYS: Record<WorkflowActionType, readonly string[]> = {
  set_field: ['type', 'entity', 'record_id', 'field', 'value'],
  webhook: ['type', 'url', 'method', 'headers', 'retry'],
  create_record: ['type', 'entity', 'data'],
  send_event: ['type', 'event', 'metadata'],
};
/** Action types of later phases (09 §8): known names, refused until their module exists. */
const LATER_ACTION_TYPES = ['http_request', 'send_email', 'update_record', 'delete_record', 'transform', 'delay'];
const NOW_KINDS: readonly string[] = ['timestamp', 'date', 'string', 'text'];
const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
/** `context.a.b`: the bare path form of `record_id` (09 §8). */
export const CONTEXT_PATH = /^context(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const VALUE_OPTIONS = { kind: 'workflow_value' } as const;

/** Checks the actions of a workflow `action` step (05 §2.4, §3) and returns their canonical form. */
export class ActionValidator {
  constructor(
    private readonly entities: ReadonlyMap<string, CompiledEntity>,
    private readonly secrets: SecretReferences,
    private readonly problems: Problems,
  ) {}

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
        const url = checkUrl(raw.url, join(path, 'url'), this.problems);
        const method = checkMethod(raw.method, join(path, 'method'), this.problems);
        const headers = checkHeaders(raw.headers, join(path, 'headers'), this.problems, this.secrets);
        const retry = checkRetry(raw.retry, join(path, 'retry'), this.problems);
        return url === undefined ? undefined : { type: known, url, method, headers, retry };
      }
      case 'create_record':
        return this.createRecord(raw, path);
      case 'send_event':
        return this.sendEvent(raw, path);
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
    const field = entity.fieldsByName.get(name);
    if (!field) return void this.problems.add(at, 'not_found', `field ${name} not found in entity ${entity.name}`);
    if (field.isPk) return void this.problems.add(at, 'invalid_value', 'set_field cannot set the primary key');
    if (field.auto || field.name === DELETED_AT) {
      return void this.problems.add(at, 'invalid_value', `field ${name} is set by the engine`);
    }
    const value = raw.value;
    if (value === 'now') {
      if (!NOW_KINDS.includes(field.kind)) {
        this.problems.add(
          join(path, 'value'),
          'invalid_value',
          `"now" only sets timestamp, date, string or text fields (${name} is ${field.kind})`,
        );
      }
    } else if ('value' in raw) this.value(value, field, join(path, 'value'));
    return { type: 'set_field', entity: entity.name, record_id: raw.record_id, field: name, value };
  }

  private createRecord(raw: Raw, path: string): WorkflowAction | undefined {
    const entity = this.entity(raw.entity, join(path, 'entity'));
    const data = raw.data ?? {};
    if (!isObject(data)) return void this.problems.add(join(path, 'data'), 'type', 'data must be an object');
    for (const [key, value] of Object.entries(data)) {
      if (!entity) continue;
      const field = entity.fieldsByName.get(key);
      const at = join(join(path, 'data'), key);
      if (!field) this.problems.add(at, 'not_found', `field ${key} not found in entity ${entity.name}`);
      else this.value(value, field, at);
    }
    return entity ? { type: 'create_record', entity: entity.name, data: { ...data } } : undefined;
  }

  private sendEvent(raw: Raw, path: string): WorkflowAction | undefined {
    const event = raw.event;
    const at = join(path, 'event');
    if (event === undefined || event === null || event === '') {
      return void this.problems.add(at, 'required', 'event is required');
    }
    if (typeof event !== 'string' || !EVENT_NAME.test(event)) {
      return void this.problems.add(at, 'invalid_value', 'event must be 1 to 100 characters of A-Z a-z 0-9 _ . : -');
    }
    const metadata = raw.metadata ?? {};
    if (!isObject(metadata)) {
      return void this.problems.add(join(path, 'metadata'), 'type', 'metadata must be an object');
    }
    for (const [key, value] of Object.entries(metadata)) this.template(value, join(join(path, 'metadata'), key));
    return { type: 'send_event', event, metadata: { ...metadata } };
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
      return void this.compile(path, () => compileExpression(raw, VALUE_OPTIONS));
    }
    if (this.template(raw, path)) return;
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      this.problems.add(path, 'type', 'record_id must be a context path, a {{ }} template or an id');
    }
  }

  /** An action value for `field`: a template that compiles, or a literal the field accepts. */
  private value(value: unknown, field: CompiledField, path: string): void {
    if (this.template(value, path)) return;
    const problem = literalProblem(field, value);
    if (problem) this.problems.add(path, problem.rule, problem.message);
  }

  /** True when `value` is a whole-string `{{ }}` template (03 §10); compile problems are reported. */
  private template(value: unknown, path: string): boolean {
    try {
      return compileValueTemplate(value, VALUE_OPTIONS).template;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      this.problems.push(expressionErrorDetail(e, path));
      return true;
    }
  }

  private compile(path: string, run: () => void): void {
    try {
      run();
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      this.problems.push(expressionErrorDetail(e, path));
    }
  }
}
