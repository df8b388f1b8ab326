import {
  CompiledExpression,
  compileStoredExpression,
  compileValueTemplate,
  CompiledValue,
  ExpressionError,
} from '@rocket/expressions';
import { CompiledEntity, CompiledField, Registry } from '@rocket/metadata';
import { RetryPolicy } from '@rocket/webhooks';
import { DELETED_AT } from '@rocket/write-pipeline';
import { ActionDefinition, StateMachineRow, TransitionDefinition } from '../definition/machine.types';

/** `set_field` (04 §2.3): runs before the row is written. */
export interface SetFieldStep {
  readonly type: 'set_field';
  readonly field: CompiledField;
  /** The literal `"now"`: the operation instant in the field's form. */
  readonly now: boolean;
  readonly value: CompiledValue;
}

export interface WebhookStep {
  readonly type: 'webhook';
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly retry: Readonly<RetryPolicy>;
}

export interface CreateRecordStep {
  readonly type: 'create_record';
  readonly entity: string;
  readonly data: ReadonlyArray<readonly [string, CompiledValue]>;
}

export interface SendEventStep {
  readonly type: 'send_event';
  readonly event: string;
  readonly metadata: ReadonlyArray<readonly [string, CompiledValue]>;
}

/** Stored metadata that no longer fits the registry: fails every write that reaches it (03 §12.2). */
export interface BrokenStep {
  readonly type: 'broken';
  readonly message: string;
}

export type BeforeWriteStep = SetFieldStep | BrokenStep;
export type AfterPersistStep = WebhookStep | CreateRecordStep | SendEventStep | BrokenStep;

export interface CompiledTransition {
  readonly from: ReadonlySet<string>;
  readonly to: string;
  /** Lower case; empty = anyone who may update the record. */
  readonly roles: readonly string[];
  readonly guard: CompiledExpression | null;
  readonly message?: string;
  /** The `set_field` actions, in definition order. */
  readonly before: readonly BeforeWriteStep[];
  /** The other actions, in definition order (04 §3.1 step 11/13). */
  readonly after: readonly AfterPersistStep[];
}

export interface CompiledMachine {
  readonly id: string;
  readonly entity: CompiledEntity;
  readonly field: CompiledField;
  readonly initial: string;
  readonly transitions: readonly CompiledTransition[];
}

/** The active machines of one app, compiled against one registry snapshot (STYLE 3). */
export class MachineSet {
  static readonly EMPTY = new MachineSet(new Map());

  constructor(private readonly byEntity: ReadonlyMap<string, readonly CompiledMachine[]>) {}

  of(entity: string): readonly CompiledMachine[] {
    return this.byEntity.get(entity) ?? [];
  }

  /** The state fields of the entity's active machines (exempt from `required`, 04 §2.5). */
  stateFields(entity: string): string[] {
    return this.of(entity).map((m) => m.field.name);
  }
}

export type CompileWarning = (machine: StateMachineRow, why: string) => void;

/**
 * Compiles the stored machines once per (rows, registry) pair (03 §12.1):
 * guards and templates are parsed here, never per request. A machine whose
 * entity is gone is left out; one whose state field no longer fits is left
 * out with a warning; expressions and actions that no longer compile fail
 * closed at run time.
 */
export function compileMachines(
  rows: readonly StateMachineRow[],
  registry: Registry,
  warn: CompileWarning = () => undefined,
): MachineSet {
  const byEntity = new Map<string, CompiledMachine[]>();
  for (const row of rows) {
    if (!row.active) continue;
    const entity = registry.entities.get(row.entity);
    if (!entity) continue;
    try {
      const machine = compileMachine(row, entity, registry, warn);
      if (!machine) continue;
      const list = byEntity.get(entity.name) ?? [];
      list.push(machine);
      byEntity.set(entity.name, list);
    } catch (err) {
      warn(row, `unreadable definition: ${(err as Error).message}`);
    }
  }
  return new MachineSet(byEntity);
}

function compileMachine(
  row: StateMachineRow,
  entity: CompiledEntity,
  registry: Registry,
  warn: CompileWarning,
): CompiledMachine | undefined {
  const field = entity.fieldsByName.get(row.field);
  if (!field || field.isPk || (field.kind !== 'string' && field.kind !== 'text')) {
    warn(row, `state field ${row.field} is not a string or text field of ${entity.name}`);
    return undefined;
  }
  const { initial, transitions } = row.definition;
  const context = { row, entity, registry };
  return Object.freeze({
    id: row.id,
    entity,
    field,
    initial: String(initial),
    transitions: Object.freeze(transitions.map((t) => compileTransition(t, context))),
  });
}

interface MachineContext {
  readonly row: StateMachineRow;
  readonly entity: CompiledEntity;
  readonly registry: Registry;
}

function compileTransition(t: TransitionDefinition, ctx: MachineContext): CompiledTransition {
  const from = Array.isArray(t.from) ? t.from : [t.from];
  const guard =
    typeof t.guard === 'string' && t.guard.trim() !== ''
      ? compileStoredExpression(t.guard, { kind: 'guard', entity: ctx.entity }, ctx.row.id)
      : null;
  const before: BeforeWriteStep[] = [];
  const after: AfterPersistStep[] = [];
  for (const action of t.actions ?? []) {
    const step = compileAction(action, ctx);
    if (action.type === 'set_field') before.push(step as BeforeWriteStep);
    else after.push(step as AfterPersistStep);
  }
  return Object.freeze({
    from: new Set(from.map(String)),
    to: String(t.to),
    roles: Object.freeze((t.roles ?? []).map((r) => r.toLowerCase())),
    guard,
    ...(t.message ? { message: t.message } : {}),
    before: Object.freeze(before),
    after: Object.freeze(after),
  });
}

function compileAction(action: ActionDefinition, ctx: MachineContext): BeforeWriteStep | AfterPersistStep {
  const broken = (why: string): BrokenStep => ({
    type: 'broken',
    message: `misconfigured ${action.type} action in state machine ${ctx.row.id}: ${why}`,
  });
  const template = (value: unknown): CompiledValue =>
    compileValueTemplate(value, { kind: 'action_template', entity: ctx.entity });
  try {
    switch (action.type) {
      case 'set_field': {
        const field = ctx.entity.fieldsByName.get(action.field);
        if (!field || field.isPk || field.auto || field.name === DELETED_AT) {
          return broken(`field ${action.field} cannot be set`);
        }
        const now = action.value === 'now';
        return {
          type: 'set_field',
          field,
          now,
          value: now ? { template: false, value: null } : template(action.value),
        };
      }
      case 'webhook':
        return {
          type: 'webhook',
          url: action.url,
          method: action.method ?? 'POST',
          headers: action.headers ?? {},
          retry: action.retry ?? { max_attempts: 3, backoff: 'exponential' },
        };
      case 'create_record': {
        const target = ctx.registry.entities.get(action.entity);
        if (!target) return broken(`entity ${action.entity} not found`);
        const data = Object.entries(action.data ?? {}).map(([k, v]) => [k, template(v)] as const);
        return { type: 'create_record', entity: target.name, data };
      }
      case 'send_event': {
        const metadata = Object.entries(action.metadata ?? {}).map(([k, v]) => [k, template(v)] as const);
        return { type: 'send_event', event: action.event, metadata };
      }
      default:
        return broken('unknown action type');
    }
  } catch (e) {
    if (e instanceof ExpressionError) return broken(e.message);
    throw e;
  }
}
