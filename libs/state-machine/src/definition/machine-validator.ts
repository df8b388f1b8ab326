import { ErrorDetail } from '@rocket/errors';
import { compileExpression, ExpressionError, expressionErrorDetail } from '@rocket/expressions';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import {
  ACTION_TYPES,
  ActionDefinition,
  MachineDefinition,
  StateMachineInput,
  TransitionDefinition,
} from './machine.types';
import { ActionChecks } from './action-checks';
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
  /** Action checks shared with workflows; templates compile with `record.x` checks on the entity (03 §6). */
  private readonly checks: ActionChecks;

  constructor(
    private readonly problems: Problems,
    private readonly ctx: MachineValidationContext,
    private readonly entity: CompiledEntity | undefined,
    private readonly field: CompiledField | undefined,
    /** Active machines of the same entity, other than this one. */
    private readonly siblings: readonly StateMachineInput[],
  ) {
    this.checks = new ActionChecks(problems, ctx.secrets, { kind: 'action_template', entity });
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
    this.compile(path, () => compileExpression(raw, { kind: 'guard', entity: this.entity }));
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
        const target = this.checks.webhook(raw, path);
        return target && { type: known, ...target };
      }
      case 'create_record':
        return this.createRecord(raw, path);
      case 'send_event': {
        const event = this.checks.sendEvent(raw, path);
        return event && { type: known, ...event };
      }
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
    const field = this.checks.settableField(this.entity, name, at);
    if (!field) return undefined;
    if (field === this.field || this.siblings.some((m) => m.field === name)) {
      return void this.problems.add(at, 'invalid_value', `field ${name} is the field of an active state machine`);
    }
    this.checks.setValue(raw, field, join(path, 'value'));
    return { type: 'set_field', field: name, value: raw.value };
  }

  private createRecord(raw: Raw, path: string): ActionDefinition | undefined {
    const name = raw.entity;
    const at = join(path, 'entity');
    if (typeof name !== 'string' || name === '') return checkName(name, at, this.problems);
    const target = this.ctx.entities.get(name);
    if (!target) this.problems.add(at, 'not_found', `entity not found: ${name}`);
    const data = this.checks.createData(raw.data, target, join(path, 'data'));
    return data && { type: 'create_record', entity: name, data };
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
