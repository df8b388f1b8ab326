import { ErrorDetail } from '@rocket/errors';
import {
  compileExpression,
  compileValueTemplate,
  CompileOptions,
  ExpressionError,
  expressionErrorDetail,
} from '@rocket/expressions';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { checkHeaders, checkMethod, checkRetry, checkUrl } from '@rocket/webhooks';
import { coerceValue, DELETED_AT } from '@rocket/write-pipeline';
import {
  ACTION_TYPES,
  ActionDefinition,
  MachineDefinition,
  StateMachineInput,
  TransitionDefinition,
} from './machine.types';
import { isObject, join, Problems, Raw, shown } from './problems';
import { checkRoles } from './roles';

/** What a machine is checked against (04 §2.4). */
export interface MachineValidationContext {
  /** Every entity the machine may name (its own, `create_record` targets), compiled. */
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  /** The app's other machines, never the one being saved. */
  readonly others: readonly StateMachineInput[];
  /** The `{{env.NAME}}` policy webhook action headers are checked against (06 §5). */
  readonly secrets: SecretReferences;
}

export type ValidatedMachine =
  { machine: StateMachineInput; details: [] } | { machine?: undefined; details: ErrorDetail[] };

const BODY_KEYS = ['entity', 'field', 'definition', 'active', 'initial', 'transitions'];
/** A GET result can be PUT back unchanged. */
const IGNORED_KEYS = ['id', 'created_at', 'updated_at'];
const DEFINITION_KEYS = ['initial', 'transitions'];
const TRANSITION_KEYS = ['from', 'to', 'roles', 'guard', 'message', 'actions'];
const ACTION_KEYS: Record<ActionDefinition['type'], readonly string[]> = {
  set_field: ['type', 'field', 'value'],
  webhook: ['type', 'url', 'method', 'headers', 'retry'],
  create_record: ['type', 'entity', 'data'],
  send_event: ['type', 'event', 'metadata'],
};
const STATE_KINDS: readonly string[] = ['string', 'text'];
/** The literal `"now"` of `set_field` (04 §2.3) only fits these. */
const NOW_KINDS: readonly string[] = ['timestamp', 'date', 'string', 'text'];
const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAX_MESSAGE = 500;

/**
 * Checks a state machine as the admin API and the import receive it (04
 * §2.2, §2.4) and returns its canonical form: top-level `initial` and
 * `transitions` moved into `definition`, `from` always a list, roles lower
 * case, defaults explicit. Expressions and templates are compiled (03
 * §12.2). The (entity, field) uniqueness is the caller's (409).
 */
export function validateMachine(raw: unknown, ctx: MachineValidationContext, pathPrefix = ''): ValidatedMachine {
  const problems = new Problems(pathPrefix);
  if (!isObject(raw)) {
    problems.add('', 'invalid_value', 'state machine must be an object');
    return { details: problems.details };
  }
  problems.unknownKeys(raw, '', BODY_KEYS, IGNORED_KEYS);

  const entity = checkEntity(raw.entity, ctx, problems);
  const field = entity ? checkStateField(raw.field, entity, problems) : checkName(raw.field, 'field', problems);
  const active = raw.active === undefined ? true : raw.active;
  if (typeof active !== 'boolean') problems.add('active', 'type', 'active must be a boolean');

  const definitionRaw = definitionOf(raw, problems);
  const sameEntity = ctx.others.filter((m) => m.entity === entity?.name && m.active);
  const checker = new DefinitionChecker(problems, ctx, entity, field, sameEntity);
  const definition = definitionRaw ? checker.definition(definitionRaw) : undefined;

  if (entity && field && active === true) {
    const writer = sameEntity.find((m) =>
      m.definition.transitions.some((t) => t.actions.some((a) => a.type === 'set_field' && a.field === field.name)),
    );
    if (writer) {
      problems.add(
        'field',
        'invalid_value',
        `field ${field.name} is set by a set_field action of the state machine on ${writer.field}`,
      );
    }
  }

  if (problems.count > 0 || !entity || !field || !definition || typeof active !== 'boolean') {
    return { details: problems.details };
  }
  return { machine: { entity: entity.name, field: field.name, definition, active }, details: [] };
}

function checkName(raw: unknown, key: string, problems: Problems): undefined {
  if (raw === undefined || raw === null || raw === '') problems.add(key, 'required', `${key} is required`);
  else if (typeof raw !== 'string') problems.add(key, 'type', `${key} must be a string`);
  return undefined;
}

function checkEntity(raw: unknown, ctx: MachineValidationContext, problems: Problems): CompiledEntity | undefined {
  if (typeof raw !== 'string' || raw === '') return checkName(raw, 'entity', problems);
  const entity = ctx.entities.get(raw);
  if (!entity) problems.add('entity', 'not_found', `entity not found: ${raw}`);
  return entity;
}

/** The state field: a string/text field of the entity, not its primary key (04 §2.4). */
function checkStateField(raw: unknown, entity: CompiledEntity, problems: Problems): CompiledField | undefined {
  if (typeof raw !== 'string' || raw === '') return checkName(raw, 'field', problems);
  const field = entity.fieldsByName.get(raw);
  if (!field) return void problems.add('field', 'not_found', `field ${raw} not found in entity ${entity.name}`);
  if (field.isPk) return void problems.add('field', 'invalid_value', 'the state field cannot be the primary key');
  if (!STATE_KINDS.includes(field.kind)) {
    return void problems.add(
      'field',
      'invalid_value',
      `the state field must be string or text (${raw} is ${field.kind})`,
    );
  }
  return field;
}

/** `definition`, with `initial` / `transitions` given at the top level moved in (04 §2.2). */
function definitionOf(raw: Raw, problems: Problems): Raw | undefined {
  let definition = raw.definition;
  const moved = DEFINITION_KEYS.filter((k) => raw[k] !== undefined);
  if (moved.length > 0 && (definition === undefined || isObject(definition))) {
    const merged: Raw = { ...(definition ?? {}) };
    for (const key of moved) {
      if (merged[key] !== undefined) {
        problems.add(key, 'duplicate', `${key} is given both at the top level and in definition`);
      } else merged[key] = raw[key];
    }
    definition = merged;
  }
  if (definition === undefined || definition === null) {
    return void problems.add('definition', 'required', 'definition is required');
  }
  if (!isObject(definition)) return void problems.add('definition', 'type', 'definition must be an object');
  return definition;
}

class DefinitionChecker {
  /** For `record.x` checks in guards and templates (03 §6). */
  private readonly compileAs: (kind: 'guard' | 'action_template') => CompileOptions;

  constructor(
    private readonly problems: Problems,
    private readonly ctx: MachineValidationContext,
    private readonly entity: CompiledEntity | undefined,
    private readonly field: CompiledField | undefined,
    /** Active machines of the same entity, other than this one. */
    private readonly siblings: readonly StateMachineInput[],
  ) {
    this.compileAs = (kind) => ({ kind, entity: this.entity });
  }

  definition(raw: Raw): MachineDefinition | undefined {
    const path = 'definition';
    this.problems.unknownKeys(raw, path, DEFINITION_KEYS);
    const initial = this.state(raw.initial, join(path, 'initial'), 'initial');
    const list = raw.transitions;
    const at = join(path, 'transitions');
    let transitions: TransitionDefinition[] = [];
    if (list === undefined || list === null) this.problems.add(at, 'required', 'at least one transition is required');
    else if (!Array.isArray(list)) this.problems.add(at, 'type', 'transitions must be a list');
    else if (list.length === 0) this.problems.add(at, 'required', 'at least one transition is required');
    else transitions = list.flatMap((t, i) => this.transition(t, join(at, i)) ?? []);
    this.duplicatePairs(transitions, at);
    return initial === undefined ? undefined : { initial, transitions };
  }

  /** A state name: a non-empty string, one of the field's `enum` values when it has one. */
  private state(raw: unknown, path: string, what: string): string | undefined {
    if (raw === undefined || raw === null || raw === '')
      return void this.problems.add(path, 'required', `${what} is required`);
    if (typeof raw !== 'string') return void this.problems.add(path, 'type', `${what} must be a string`);
    const allowed = this.field?.def.enum;
    if (allowed && !allowed.includes(raw)) {
      this.problems.add(path, 'enum', `${what} state ${raw} is not one of: ${allowed.join(', ')}`);
    }
    return raw;
  }

  private transition(raw: unknown, path: string): TransitionDefinition | undefined {
    if (!isObject(raw)) return void this.problems.add(path, 'invalid_value', 'transition must be an object');
    this.problems.unknownKeys(raw, path, TRANSITION_KEYS);
    const from = this.from(raw.from, join(path, 'from'));
    const to = this.state(raw.to, join(path, 'to'), 'to');
    const roles = checkRoles(raw.roles, join(path, 'roles'), this.problems);
    const guard = this.guard(raw.guard, join(path, 'guard'));
    const message = this.message(raw.message, join(path, 'message'));
    const actions = this.actions(raw.actions, join(path, 'actions'));
    if (!from || to === undefined) return undefined;
    const transition: TransitionDefinition = { from, to, roles, guard, actions };
    if (message !== undefined) transition.message = message;
    return transition;
  }

  /** `from`: a state or a non-empty list of states; always a list once stored. */
  private from(raw: unknown, path: string): string[] | undefined {
    if (!Array.isArray(raw)) {
      const state = this.state(raw, path, 'from');
      return state === undefined ? undefined : [state];
    }
    if (raw.length === 0) return void this.problems.add(path, 'required', 'from must name at least one state');
    const states = raw.map((s, i) => this.state(s, join(path, i), 'from'));
    return states.every((s): s is string => s !== undefined) ? states : undefined;
  }

  private guard(raw: unknown, path: string): string | null {
    if (raw === undefined || raw === null || raw === '') return null;
    if (typeof raw !== 'string') {
      this.problems.add(path, 'type', 'guard must be a string');
      return null;
    }
    this.compile(path, () => compileExpression(raw, this.compileAs('guard')));
    return raw;
  }

  private message(raw: unknown, path: string): string | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'string') return void this.problems.add(path, 'type', 'message must be a string');
    if (raw.length > MAX_MESSAGE) {
      return void this.problems.add(path, 'max_length', `message must be at most ${MAX_MESSAGE} characters`);
    }
    return raw === '' ? undefined : raw;
  }

  /** No two transitions share a (from, to) pair (04 §2.4). */
  private duplicatePairs(transitions: readonly TransitionDefinition[], path: string): void {
    const seen = new Set<string>();
    transitions.forEach((t) => {
      for (const from of t.from) {
        const key = JSON.stringify([from, t.to]);
        if (seen.has(key)) {
          this.problems.add(path, 'duplicate', `more than one transition from '${from}' to '${t.to}'`);
        }
        seen.add(key);
      }
    });
  }

  private actions(raw: unknown, path: string): ActionDefinition[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.problems.add(path, 'type', 'actions must be a list');
      return [];
    }
    return raw.flatMap((a, i) => this.action(a, join(path, i)) ?? []);
  }

  private action(raw: unknown, path: string): ActionDefinition | undefined {
    if (!isObject(raw)) return void this.problems.add(path, 'invalid_value', 'action must be an object');
    const type = raw.type;
    if (type === undefined || type === null || type === '') {
      return void this.problems.add(join(path, 'type'), 'required', 'action type is required');
    }
    if (!(ACTION_TYPES as readonly unknown[]).includes(type)) {
      return void this.problems.add(
        join(path, 'type'),
        'enum',
        `unknown action type ${shown(type)}; allowed: ${ACTION_TYPES.join(', ')}`,
      );
    }
    const known = type as ActionDefinition['type'];
    this.problems.unknownKeys(raw, path, ACTION_KEYS[known]);
    switch (known) {
      case 'set_field':
        return this.setField(raw, path);
      case 'webhook': {
        const url = checkUrl(raw.url, join(path, 'url'), this.problems);
        const method = checkMethod(raw.method, join(path, 'method'), this.problems);
        const headers = checkHeaders(raw.headers, join(path, 'headers'), this.problems, this.ctx.secrets);
        const retry = checkRetry(raw.retry, join(path, 'retry'), this.problems);
        return url === undefined ? undefined : { type: known, url, method, headers, retry };
      }
      case 'create_record':
        return this.createRecord(raw, path);
      case 'send_event':
        return this.sendEvent(raw, path);
    }
  }

  /**
   * `set_field`: an existing field that the engine does not own and no
   * active machine of the entity guards; `"now"` only for time-like and
   * text fields; a template compiles; a literal fits the field.
   */
  private setField(raw: Raw, path: string): ActionDefinition | undefined {
    const at = join(path, 'field');
    const name = raw.field;
    if (typeof name !== 'string' || name === '') return checkName(name, at, this.problems);
    if (!('value' in raw)) this.problems.add(join(path, 'value'), 'required', 'value is required');
    if (!this.entity) return undefined;
    const field = this.entity.fieldsByName.get(name);
    if (!field) return void this.problems.add(at, 'not_found', `field ${name} not found in entity ${this.entity.name}`);
    if (field.isPk) return void this.problems.add(at, 'invalid_value', 'set_field cannot set the primary key');
    if (field.auto || field.name === DELETED_AT) {
      return void this.problems.add(at, 'invalid_value', `field ${name} is set by the engine`);
    }
    if (field === this.field || this.siblings.some((m) => m.field === name)) {
      return void this.problems.add(at, 'invalid_value', `field ${name} is the field of an active state machine`);
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
    return { type: 'set_field', field: name, value };
  }

  private createRecord(raw: Raw, path: string): ActionDefinition | undefined {
    const name = raw.entity;
    const at = join(path, 'entity');
    if (typeof name !== 'string' || name === '') return checkName(name, at, this.problems);
    const target = this.ctx.entities.get(name);
    if (!target) this.problems.add(at, 'not_found', `entity not found: ${name}`);
    const data = raw.data ?? {};
    if (!isObject(data)) return void this.problems.add(join(path, 'data'), 'type', 'data must be an object');
    for (const [key, value] of Object.entries(data)) {
      if (!target) continue;
      const field = target.fieldsByName.get(key);
      if (!field)
        this.problems.add(join(join(path, 'data'), key), 'not_found', `field ${key} not found in entity ${name}`);
      else this.value(value, field, join(join(path, 'data'), key));
    }
    return { type: 'create_record', entity: name, data: { ...data } };
  }

  private sendEvent(raw: Raw, path: string): ActionDefinition | undefined {
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

  /** An action value for `field`: a template that compiles, or a literal the field accepts. */
  private value(value: unknown, field: CompiledField, path: string): void {
    if (this.template(value, path)) return;
    const problem = literalProblem(field, value);
    if (problem) this.problems.add(path, problem.rule, problem.message);
  }

  /** True when `value` is a whole-string `{{ }}` template (03 §10); compile problems are reported. */
  private template(value: unknown, path: string): boolean {
    try {
      return compileValueTemplate(value, this.compileAs('action_template')).template;
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

/** Why a literal action value does not fit a field (type, enum, required), or nothing. */
export function literalProblem(field: CompiledField, value: unknown): { rule: string; message: string } | undefined {
  if (value === null || value === undefined) {
    return field.effectivelyRequired ? { rule: 'required', message: `${field.name} is required` } : undefined;
  }
  const coerced = coerceValue(field, value);
  if (!coerced.ok) return { rule: 'type', message: `${field.name} ${coerced.reason}` };
  const allowed = field.def.enum;
  if (allowed && !allowed.includes(String(coerced.value))) {
    return { rule: 'enum', message: `${field.name} must be one of: ${allowed.join(', ')}` };
  }
  return undefined;
}
