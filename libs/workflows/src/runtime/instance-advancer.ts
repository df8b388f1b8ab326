import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { AnyDb } from '@rocket/database';
import { recordSystemEvent } from '@rocket/events';
import {
  compileStoredExpression,
  evaluateBoolean,
  ExpressionEvaluationError,
  ExpressionScope,
  scopeMap,
  toScopeValue,
} from '@rocket/expressions';
import { registryOf } from '@rocket/metadata';
import { TenantContext } from '@rocket/tenancy';
import { setOperationInstant } from '@rocket/write-pipeline';
import { parseDuration } from '../definition/duration';
import { gotoStep } from '../definition/goto';
import { ActionStep, ApprovalStep, ConditionStep, Goto, WorkflowStep } from '../definition/workflow.types';
import { setActorDepth } from './actor-depth';
import { resolveAssignee } from './assignee';
import { HistoryEntry, InstanceRow } from './instance.types';
import { InstancesRepository, LockedInstance } from './instances.repository';
import { StepFailure } from './step-failure';
import { WorkflowActions } from './workflow-actions';

/** How a unit starts (05 §4.2, §5.1). */
export type UnitStart =
  { kind: 'due' } | { kind: 'decision'; decision: 'approved' | 'rejected'; by: string; comment?: string };

/**
 * Advances one locked instance inside the caller's transaction (05 §4.3):
 * from `current_step` it runs actions and conditions, pauses at approvals,
 * handles an expired deadline or a decision, and stops at `end`, at a
 * pause, or at a failure. Every change — record writes, deliveries,
 * events, the instance row — commits with the unit or not at all.
 */
@Injectable()
export class InstanceAdvancer {
  constructor(
    private readonly instances: InstancesRepository,
    private readonly actions: WorkflowActions,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
  ) {}

  async advance(trx: AnyDb, tenant: TenantContext, locked: LockedInstance, start: UnitStart): Promise<InstanceRow> {
    const unit = new Unit(trx, tenant, locked, this.actions, this.config.workflows.max_steps_per_run);
    // Writes made for this instance trigger further workflows one level deeper (05 §4.1),
    // and every expression and "now" of the unit, in the pipeline's hooks too, shares its clock (03 §9).
    setActorDepth(trx, locked.row.depth + 1);
    setOperationInstant(trx, locked.now);
    if (start.kind === 'decision') await unit.decide(start);
    await unit.run();
    await this.instances.save(trx, unit.row);
    return unit.row;
  }
}

/** One unit of work on one instance: `now` fixed, changes collected on `row`. */
class Unit {
  readonly row: InstanceRow;
  private readonly now: Date;
  private readonly steps: ReadonlyMap<string, WorkflowStep>;
  private scopeCache?: ExpressionScope;

  constructor(
    private readonly trx: AnyDb,
    private readonly tenant: TenantContext,
    locked: LockedInstance,
    private readonly actions: WorkflowActions,
    private readonly maxSteps: number,
  ) {
    this.row = { ...locked.row, history: [...locked.row.history] };
    this.now = locked.now;
    this.steps = new Map(locked.row.definition.steps.map((s) => [s.id, s]));
  }

  /** 05 §5.1 step 4: record the decision and move to its target. */
  async decide(start: Extract<UnitStart, { kind: 'decision' }>): Promise<void> {
    const step = this.steps.get(this.row.current_step ?? '') as ApprovalStep;
    this.history({
      step: step.id,
      status: start.decision,
      by: start.by,
      ...(start.comment === undefined ? {} : { comment: start.comment }),
    });
    this.leaveApproval();
    await this.event(start.decision === 'approved' ? 'workflow.approve' : 'workflow.reject', 'ok', {
      step: step.id,
      user_id: start.by,
    });
    // SEAM(activity, step visits): the `approved`/`rejected` item of 10 §11.1 and 13 §2.1.
    this.goTo(start.decision === 'approved' ? step.on_approve : step.on_reject);
  }

  /** 05 §4.3: until the end, a pause or a failure. */
  async run(): Promise<void> {
    let ran = 0;
    while (this.row.status === 'running') {
      const id = this.row.current_step;
      if (id === null) return this.complete();
      const step = this.steps.get(id);
      if (!step) return this.fail(id, `step '${id}' not found`);
      if (++ran > this.maxSteps) return this.fail(id, 'step limit exceeded');
      const paused = await this.visit(step);
      if (paused) return;
    }
  }

  /** Runs one step; true when the instance pauses there. */
  private async visit(step: WorkflowStep): Promise<boolean> {
    switch (step.type) {
      case 'action':
        await this.action(step);
        return false;
      case 'condition':
        await this.condition(step);
        return false;
      case 'approval':
        return this.approval(step);
    }
  }

  /** 05 §4.3 step 3 in a SAVEPOINT, so a failing action leaves the earlier steps' effects (05 §4.4). */
  private async action(step: ActionStep): Promise<void> {
    await sql`SAVEPOINT workflow_step`.execute(this.trx);
    try {
      const registry = registryOf(this.tenant);
      for (const action of step.actions) {
        await this.actions.run(action, {
          trx: this.trx,
          app: this.tenant.name,
          db: this.tenant.db,
          registry,
          instance: this.row,
          step: step.id,
          now: this.now,
          scope: () => this.scope(),
        });
      }
      await sql`RELEASE SAVEPOINT workflow_step`.execute(this.trx);
    } catch (e) {
      await sql`ROLLBACK TO SAVEPOINT workflow_step`.execute(this.trx);
      if (e instanceof StepFailure) return this.fail(step.id, e.message);
      throw e;
    }
    this.history({ step: step.id, status: 'completed' });
    await this.advanced(step, step.then);
    this.goTo(step.then);
  }

  private async condition(step: ConditionStep): Promise<void> {
    let holds: boolean;
    try {
      const expression = compileStoredExpression(step.expression, { kind: 'workflow_condition' }, step.id);
      holds = evaluateBoolean(expression, this.scope());
    } catch (e) {
      if (e instanceof ExpressionEvaluationError) return this.fail(step.id, `condition: ${e.message}`);
      throw e;
    }
    const target = holds ? step.on_true : step.on_false;
    this.history({ step: step.id, status: holds ? 'on_true' : 'on_false' });
    await this.advanced(step, target);
    this.goTo(target);
  }

  /** Entering pauses; an expired deadline times out (05 §4.3 step 5); otherwise still waiting. */
  private async approval(step: ApprovalStep): Promise<boolean> {
    if (this.row.assignee === null) {
      await this.enter(step);
      return true;
    }
    const deadline = this.row.current_step_deadline;
    if (deadline === null || deadline.getTime() > this.now.getTime()) {
      this.row.next_run_at = deadline;
      return true;
    }
    await this.timeOut(step, deadline);
    return false;
  }

  private async enter(step: ApprovalStep): Promise<void> {
    const resolved = await resolveAssignee(step.assignee, this.row, registryOf(this.tenant), this.trx);
    if (resolved.unresolved && step.assignee.type === 'relation') {
      await this.event('workflow.assignee_unresolved', 'error', { step: step.id, path: step.assignee.path });
    }
    const ms = step.timeout === undefined ? null : parseDuration(step.timeout);
    const deadline = ms === null ? null : new Date(this.now.getTime() + ms);
    this.row.assignee = resolved.assignee;
    this.row.current_step_deadline = deadline;
    this.row.next_run_at = deadline;
    // SEAM(activity, step visits): the `approval requested` item of 10 §11.1 and 13 §2.1.
  }

  /** 05 §5.3. */
  private async timeOut(step: ApprovalStep, deadline: Date): Promise<void> {
    this.history({ step: step.id, status: 'timed_out' });
    this.leaveApproval();
    await this.event('workflow.timeout', 'ok', { step: step.id, deadline: deadline.toISOString() });
    if (step.on_timeout === undefined) {
      this.finish('failed', 'approval timed out');
      await this.event('workflow.fail', 'error', { step: step.id, error: 'approval timed out' });
      return;
    }
    this.goTo(step.on_timeout);
  }

  private goTo(target: Goto): void {
    const next = gotoStep(target);
    if (next === null) return this.complete();
    this.row.current_step = next;
    this.row.assignee = null;
    this.row.current_step_deadline = null;
  }

  private complete(): void {
    this.finish('completed', null);
    // SEAM(activity): the `workflow completed` item of 10 §11.1.
  }

  /** 05 §4.4: the failing step's own changes are rolled back already. */
  private async fail(step: string, error: string): Promise<void> {
    this.history({ step, status: 'failed', error });
    this.finish('failed', error);
    await this.event('workflow.fail', 'error', { step, error });
  }

  private finish(status: 'completed' | 'failed', error: string | null): void {
    this.row.status = status;
    this.row.error = error;
    this.row.current_step = null;
    this.row.current_step_deadline = null;
    this.row.assignee = null;
    this.row.next_run_at = null;
    this.row.resume_action_index = null;
  }

  private leaveApproval(): void {
    this.row.assignee = null;
    this.row.current_step_deadline = null;
    this.row.next_run_at = null;
  }

  private history(entry: Omit<HistoryEntry, 'at'>): void {
    this.row.history.push({ ...entry, at: this.now.toISOString() });
  }

  /** `workflow.advance` (05 §8): one per step that moved on. */
  private advanced(step: WorkflowStep, target: Goto): Promise<void> {
    return this.event('workflow.advance', 'ok', {
      from_step: step.id,
      to_step: gotoStep(target) ?? 'end',
      step_type: step.type,
    });
  }

  private async event(action: string, status: 'ok' | 'error', metadata: Record<string, unknown>): Promise<void> {
    await recordSystemEvent(this.trx, {
      action,
      source: 'workflow',
      component: 'workflow',
      status,
      traceId: this.row.trace_id ?? undefined,
      entity: this.row.trigger.entity,
      recordId: String(this.row.trigger.record_id),
      metadata: { instance_id: this.row.id, ...metadata },
    });
  }

  /** `context`, `workflow`, `now` (03 §9.3); the context is only changed by later action types (09 §8). */
  private scope(): ExpressionScope {
    this.scopeCache ??= scopeMap({
      context: toScopeValue(this.row.context),
      workflow: this.row.workflow_name,
      now: this.now,
    });
    return this.scopeCache;
  }
}
