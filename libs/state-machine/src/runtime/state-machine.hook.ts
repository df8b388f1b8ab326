import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppError, ErrorDetail, Errors } from '@rocket/errors';
import { recordBusinessEvent } from '@rocket/events';
import {
  buildRecordScope,
  CompiledValue,
  evaluateBoolean,
  evaluationErrorDetail,
  ExpressionEvaluationError,
  ExpressionScope,
  resolveValueTemplate,
  ScopeUser,
} from '@rocket/expressions';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { SYSTEM_ACTOR, TenancyService } from '@rocket/tenancy';
import { enqueueDelivery } from '@rocket/webhooks';
import {
  operationInstant,
  reloadRecordQuery,
  Row,
  WriteContext,
  WriteHook,
  WriteHooks,
  WritePipeline,
} from '@rocket/write-pipeline';
import { fieldValue, jsonValue, nowValue } from './action-values';
import {
  AfterPersistStep,
  BeforeWriteStep,
  CompiledMachine,
  CompiledTransition,
  CreateRecordStep,
  MachineSet,
  SendEventStep,
  WebhookStep,
} from './compiled-machine';
import { MachineStore } from './machine-store';
import { decideCreate, decideUpdate, mayTake, stateText } from './transitions';
import { stateTransitionBody } from './webhook-body';

/** A transition an update takes, kept from step 8 for the actions of step 11. */
interface Taken {
  readonly machine: CompiledMachine;
  readonly transition: CompiledTransition;
  readonly from: string;
  readonly to: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * State machines in the write pipeline (04 §2.5, §3.1 steps 8 and 11), for
 * the top-level row and every nested child row alike.
 *
 * - create: the initial state is assigned (over a field default) or checked;
 * - update: the transition must exist (422), the caller must hold one of
 *   its roles (403), its guard must pass on the merged record (422); then
 *   `set_field` actions write into the row before it is stored;
 * - after the row is written: `webhook` (top-level rows only: children fire
 *   no webhooks, 02 §7.2), `create_record` and `send_event` actions, in
 *   definition order, in the write's transaction.
 *
 * Details carry the row path (`items[0].status`) in nested rows.
 */
@Injectable()
export class StateMachineHook implements WriteHook, OnModuleInit {
  readonly name = 'state-machines';
  /** After the rules (10): 04 §3.1 step 8. */
  readonly order = 20;

  private readonly taken = new WeakMap<WriteContext, readonly Taken[]>();
  /** Snapshots whose `required` exemptions were handed out before the machines caught up with them. */
  private readonly provisional = new WeakSet<Registry>();

  constructor(
    private readonly hooks: WriteHooks,
    private readonly store: MachineStore,
    private readonly tenancy: TenancyService,
    private readonly pipeline: WritePipeline,
  ) {}

  /**
   * 04 §3.1 step 6: on create the initial states join the proposed record,
   * over field defaults, before the rules (order 10) see it. Checking a
   * state the payload gives is step 8, in `beforeWrite`.
   */
  readonly initialStates: WriteHook = {
    name: 'state-machines.initial-states',
    order: 5,
    beforeWrite: (ctx) => this.assignInitialStates(ctx),
  };

  onModuleInit(): void {
    this.hooks.register(this.initialStates);
    this.hooks.register(this);
  }

  /**
   * The state fields of the entity's active machines: the initial state
   * fills them (02 §6.2). While a change is announced but not loaded here,
   * every required text field is exempted for the moment and `beforeWrite`
   * checks the ones that turn out not to be state fields.
   */
  requiredExempt(entity: CompiledEntity, registry: Registry): Iterable<string> {
    const tenant = this.tenancy.currentScope()?.tenant;
    if (!tenant) return []; // outside any app: no machines
    const view = this.store.view(tenant, registry);
    if (!view.stale) return view.set.stateFields(entity.name);
    this.provisional.add(registry);
    return provisionalExemptions(entity);
  }

  async beforeWrite(ctx: WriteContext): Promise<void> {
    if (ctx.action === 'delete') return;
    const registry = ctx.target.registry;
    const set = await this.store.fresh(this.tenancy.current(), registry, ctx.trx);
    if (this.provisional.has(registry)) checkProvisionalRequired(ctx, set);
    const machines = set.of(ctx.entity.name);
    if (machines.length === 0) return;
    if (ctx.action === 'create') this.onCreate(ctx, machines);
    else this.onUpdate(ctx, machines);
  }

  async afterPersist(ctx: WriteContext): Promise<boolean> {
    const taken = this.taken.get(ctx);
    if (!taken) return false;
    this.taken.delete(ctx);
    const after = new AfterPersist(ctx, this.nowOf(ctx), this.pipeline);
    let ran = false;
    for (const t of taken) {
      for (const step of t.transition.after) {
        await after.run(step, t);
        ran = true;
      }
    }
    return ran;
  }

  private async assignInitialStates(ctx: WriteContext): Promise<void> {
    if (ctx.action !== 'create') return;
    const set = await this.store.fresh(this.tenancy.current(), ctx.target.registry, ctx.trx);
    const given = ctx.payload?.values ?? ctx.values;
    for (const machine of set.of(ctx.entity.name)) {
      if (stateText(given.get(machine.field.name)) === null) ctx.values.set(machine.field.name, machine.initial);
    }
  }

  /** 04 §2.5 Create: the initial state assigned or checked; no transition actions run. */
  private onCreate(ctx: WriteContext, machines: readonly CompiledMachine[]): void {
    const given = ctx.payload?.values ?? ctx.values;
    const details: ErrorDetail[] = [];
    for (const machine of machines) {
      const name = machine.field.name;
      const decision = decideCreate(machine, given.get(name));
      if (decision.kind === 'assign') ctx.values.set(name, machine.initial);
      else if (decision.kind === 'invalid') details.push(stateDetail(ctx, name, decision.message));
    }
    if (details.length > 0) throw Errors.validation(details);
  }

  /**
   * 04 §2.5 Update, every machine evaluated: the first role failure wins
   * (403), otherwise all 422 details together; only then the `set_field`
   * actions of the transitions taken, in order.
   */
  private onUpdate(ctx: WriteContext, machines: readonly CompiledMachine[]): void {
    const current = ctx.requireCurrent();
    const merged = { ...current, ...Object.fromEntries(ctx.values) };
    const details: ErrorDetail[] = [];
    const taken: Taken[] = [];
    let forbidden: AppError | undefined;
    let scope: ExpressionScope | undefined;
    for (const machine of machines) {
      const name = machine.field.name;
      const proposed = ctx.values.has(name) ? ctx.values.get(name) : current[name];
      const decision = decideUpdate(machine, current[name], proposed);
      if (decision.kind === 'none') continue;
      if (decision.kind === 'invalid') {
        details.push(stateDetail(ctx, name, decision.message));
        continue;
      }
      const { transition, from, to } = decision;
      if (!mayTake(transition, ctx.target.principal)) {
        forbidden ??= roleError(ctx, name, transition, from, to);
        continue;
      }
      if (transition.guard) {
        scope ??= this.scopeOf(ctx, merged);
        const blocked = guardProblem(ctx, name, transition, from, to, scope);
        if (blocked) {
          details.push(blocked);
          continue;
        }
      }
      taken.push({ machine, transition, from, to });
    }
    if (forbidden) throw forbidden;
    if (details.length > 0) throw Errors.validation(details);
    for (const t of taken) for (const step of t.transition.before) this.setField(ctx, step, t);
    if (taken.some((t) => t.transition.after.length > 0)) this.taken.set(ctx, taken);
  }

  /** `set_field` (04 §2.3): `"now"`, a template on the record as set so far, or a literal. */
  private setField(ctx: WriteContext, step: BeforeWriteStep, taken: Taken): void {
    if (step.type === 'broken') throw actionFailure(step.message, ctx.pathOf(taken.machine.field.name));
    const path = ctx.pathOf(step.field.name);
    const raw = step.now
      ? nowValue(step.field, this.nowOf(ctx))
      : resolve(
          step.value,
          () => this.scopeOf(ctx, { ...ctx.requireCurrent(), ...Object.fromEntries(ctx.values) }),
          path,
        );
    const value = fieldValue(step.field, raw);
    if (!value.ok) throw actionFailure(value.message, path);
    ctx.values.set(step.field.name, value.value);
  }

  private scopeOf(ctx: WriteContext, record: Row): ExpressionScope {
    return buildRecordScope(ctx.entity, {
      record,
      old: ctx.current ?? null,
      action: ctx.action === 'create' ? 'create' : 'update',
      entityName: ctx.entity.name,
      user: scopeUser(ctx),
      now: this.nowOf(ctx),
    });
  }

  private nowOf(ctx: WriteContext): Date {
    return operationInstant(ctx.trx);
  }
}

/** The actions of 04 §3.1 step 11 for one written row. */
class AfterPersist {
  private scope?: ExpressionScope;
  private written?: Row;

  constructor(
    private readonly ctx: WriteContext,
    private readonly now: Date,
    private readonly pipeline: WritePipeline,
  ) {}

  async run(step: AfterPersistStep, taken: Taken): Promise<void> {
    switch (step.type) {
      case 'broken':
        throw actionFailure(step.message, this.ctx.pathOf(taken.machine.field.name));
      case 'webhook':
        // 02 §7.2: child rows fire no webhooks; the event belongs to the parent.
        if (this.ctx.path === '') await this.webhook(step, taken);
        return;
      case 'create_record':
        return this.createRecord(step);
      case 'send_event':
        return this.sendEvent(step, taken);
    }
  }

  /** A durable delivery in `_webhook_logs`, sent after commit (06 §4.2, §6.1). */
  private async webhook(step: WebhookStep, taken: Taken): Promise<void> {
    const ctx = this.ctx;
    const pk = ctx.requirePk();
    // The row as its INSERT/UPDATE returned it; re-read only when a hook has written since.
    this.written ??= ctx.persisted ?? (await reloadRecordQuery(ctx.trx, ctx.entity, pk).executeTakeFirstOrThrow());
    // One key for the body and the row: receivers deduplicate on it across retries.
    const idempotencyKey = `wh_${randomUUID()}`;
    const body = stateTransitionBody({
      entity: ctx.entity,
      row: this.written,
      old: ctx.requireCurrent(),
      principal: ctx.target.principal,
      now: this.now,
      idempotencyKey,
      transition: { field: taken.machine.field.name, from: taken.from, to: taken.to },
    });
    await enqueueDelivery(ctx.trx, {
      source: 'state_machine',
      webhookId: null,
      entity: ctx.entity.name,
      hook: 'state_transition',
      recordId: String(pk),
      url: step.url,
      method: step.method,
      headers: { ...step.headers },
      body,
      maxAttempts: step.retry.max_attempts,
      backoff: step.retry.backoff,
      idempotencyKey,
    });
  }

  /** A record of another entity through the whole write pipeline, as the system actor, in this transaction. */
  private async createRecord(step: CreateRecordStep): Promise<void> {
    const ctx = this.ctx;
    const entity = ctx.target.registry.entities.get(step.entity);
    if (!entity) throw actionFailure(`create_record: entity ${step.entity} not found`);
    const body: Record<string, unknown> = {};
    for (const [key, value] of step.data) {
      body[key] = jsonValue(
        resolve(value, () => this.scopeOf()),
        entity.fieldsByName.get(key),
      );
    }
    await this.pipeline.createInTransaction(
      ctx.trx,
      { app: ctx.target.app, db: ctx.target.db, registry: ctx.target.registry, entity, principal: SYSTEM_ACTOR },
      body,
    );
  }

  /** A business event in `_events` (06 §8, §11.1), metadata plus `{field, from, to}`. */
  private async sendEvent(step: SendEventStep, taken: Taken): Promise<void> {
    const ctx = this.ctx;
    const metadata: Record<string, unknown> = {};
    for (const [key, value] of step.metadata) metadata[key] = jsonValue(resolve(value, () => this.scopeOf()));
    const userId = ctx.target.principal?.id;
    await recordBusinessEvent(ctx.trx, {
      action: step.event,
      source: 'engine',
      component: 'state_machine',
      entity: ctx.entity.name,
      recordId: String(ctx.requirePk()),
      userId: userId && UUID.test(userId) ? userId : null,
      metadata: { ...metadata, field: taken.machine.field.name, from: taken.from, to: taken.to },
    });
  }

  /** `record` now has its primary key, so `{{ record.id }}` works (04 §2.3). */
  private scopeOf(): ExpressionScope {
    const ctx = this.ctx;
    this.scope ??= buildRecordScope(ctx.entity, {
      record: { ...(ctx.current ?? {}), ...Object.fromEntries(ctx.values), ...ctx.requireKeys() },
      old: ctx.current ?? null,
      action: ctx.action === 'create' ? 'create' : 'update',
      entityName: ctx.entity.name,
      user: scopeUser(ctx),
      now: this.now,
    });
    return this.scope;
  }
}

/** Evaluates a template; an evaluation error rejects the write (03 §12.3 `action_template`). */
function resolve(value: CompiledValue, scope: () => ExpressionScope, field?: string): unknown {
  if (!value.template) return value.value;
  try {
    return resolveValueTemplate(value, scope());
  } catch (e) {
    if (e instanceof ExpressionEvaluationError)
      throw Errors.validation([evaluationErrorDetail('action_template', e.message, field)]);
    throw e;
  }
}

/** Step 6: `false`/`null` blocks with the transition's message; an evaluation error blocks too (03 §12.3). */
function guardProblem(
  ctx: WriteContext,
  name: string,
  transition: CompiledTransition,
  from: string,
  to: string,
  scope: ExpressionScope,
): ErrorDetail | undefined {
  try {
    if (evaluateBoolean(transition.guard!, scope)) return undefined;
  } catch (e) {
    if (e instanceof ExpressionEvaluationError) return evaluationErrorDetail('guard', e.message, ctx.pathOf(name));
    throw e;
  }
  return stateDetail(ctx, name, transition.message ?? `Transition from '${from}' to '${to}' blocked by guard`);
}

function stateDetail(ctx: WriteContext, name: string, message: string): ErrorDetail {
  return { field: ctx.pathOf(name), rule: 'state_machine', message };
}

/** 04 §2.6: 403 FORBIDDEN naming the transition, the allowed roles in the detail. */
function roleError(
  ctx: WriteContext,
  name: string,
  transition: CompiledTransition,
  from: string,
  to: string,
): AppError {
  return new AppError('FORBIDDEN', 403, `Role not permitted for transition from '${from}' to '${to}'`, [
    { field: ctx.pathOf(name), rule: 'state_machine_role', message: `allowed roles: ${transition.roles.join(', ')}` },
  ]);
}

/** A failing action rejects the whole write (04 §2.3). */
function actionFailure(message: string, field?: string): AppError {
  return Errors.validation([{ ...(field === undefined ? {} : { field }), rule: 'state_machine', message }]);
}

function scopeUser(ctx: WriteContext): ScopeUser | null {
  const principal = ctx.target.principal;
  return principal ? { id: principal.id, email: principal.email, roles: principal.roles } : null;
}

/** What could be a state field: required string/text fields other than the primary key. */
function provisionalExemptions(entity: CompiledEntity): string[] {
  return entity.fields
    .filter((f) => !f.isPk && f.effectivelyRequired && (f.kind === 'string' || f.kind === 'text'))
    .map((f) => f.name);
}

/**
 * The `required` check of 02 §6.2 for the fields exempted provisionally
 * that are not state fields after all (a slug with a source is generated
 * later, 02 §6.4). Creates check the proposed record, updates the payload.
 */
function checkProvisionalRequired(ctx: WriteContext, set: MachineSet): void {
  const stateFields = new Set(set.stateFields(ctx.entity.name));
  const slug = ctx.entity.def.slug;
  const details: ErrorDetail[] = [];
  for (const name of provisionalExemptions(ctx.entity)) {
    if (stateFields.has(name) || (slug?.source && slug.field === name)) continue;
    if (ctx.action === 'update' && !ctx.payload?.values.has(name)) continue;
    const value = ctx.values.get(name);
    if (value === null || value === undefined || value === '') {
      details.push({ field: ctx.pathOf(name), rule: 'required', message: `${name} is required` });
    }
  }
  if (details.length > 0) throw Errors.validation(details);
}
