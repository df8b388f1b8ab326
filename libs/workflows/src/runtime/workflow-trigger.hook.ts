import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { recordSystemEvent } from '@rocket/events';
import { JobRunner } from '@rocket/jobs';
import { serializeValue } from '@rocket/query';
import { TenancyService } from '@rocket/tenancy';
import { CommitHookContext, operationInstant, TransactionOutcome, WriteHook, WriteHooks } from '@rocket/write-pipeline';
import { WorkflowRow } from '../definition/workflow.types';
import { actorDepth } from './actor-depth';
import { InstanceTrigger } from './instance.types';
import { InstancesRepository } from './instances.repository';
import { buildInstanceContext } from './trigger-context';
import { WORKFLOW_QUEUE } from './workflow-queue.name';
import { WorkflowStore } from './workflow-store';

/** Transactions that started instances: the runner is woken when they commit. */
const started = new WeakSet<object>();

/**
 * Workflow triggers (05 §4.1) at 04 §3.1 step 13, for the record of every
 * top-level create or update (API calls and engine-made writes alike; the
 * pipeline does not call `beforeCommit` for nested children): a workflow
 * fires when its field's new value is non-null, equals `trigger.to` as
 * text, and differs from the stored one. The instance row is written in
 * the write's transaction, so a crash after COMMIT cannot lose it; the
 * runner is woken once the transaction commits.
 */
@Injectable()
export class WorkflowTriggerHook implements WriteHook, OnModuleInit {
  readonly name = 'workflows';
  /** After rules and state machines, before the webhooks' outbox (100). */
  readonly order = 90;

  constructor(
    private readonly hooks: WriteHooks,
    private readonly tenancy: TenancyService,
    private readonly store: WorkflowStore,
    private readonly instances: InstancesRepository,
    private readonly runner: JobRunner,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async beforeCommit(ctx: CommitHookContext): Promise<void> {
    if (ctx.action === 'delete') return;
    const entity = ctx.target.entity;
    const workflows = await this.store.triggeredBy(this.tenancy.current(), ctx.target.registry, entity.name, ctx.trx);
    const firing = workflows.filter((w) => fires(w, ctx));
    if (firing.length === 0) return;
    const now = operationInstant(ctx.trx);
    const depth = actorDepth(ctx.trx);
    const recordId = serializeValue(entity.pk, ctx.row[entity.pk.name]) as string;
    for (const workflow of firing) {
      const field = workflow.trigger.field;
      const trigger: InstanceTrigger = {
        entity: entity.name,
        record_id: recordId,
        field,
        from: jsonOf(ctx, field, ctx.old),
        to: jsonOf(ctx, field, ctx.row),
      };
      const event = { source: 'workflow', component: 'workflow', entity: entity.name, recordId: String(recordId) };
      if (depth > this.config.workflows.max_trigger_depth) {
        await recordSystemEvent(ctx.trx, {
          ...event,
          action: 'workflow.trigger',
          status: 'skipped',
          metadata: {
            workflow_name: workflow.name,
            instance_id: null,
            trigger_entity: entity.name,
            trigger_record: recordId,
            depth,
          },
        });
        continue;
      }
      await this.start(ctx, workflow, trigger, depth, now, event);
    }
  }

  afterTransaction(outcome: TransactionOutcome): void {
    if (outcome.committed && started.has(outcome.trx)) this.runner.wake(outcome.app, WORKFLOW_QUEUE);
  }

  private async start(
    ctx: CommitHookContext,
    workflow: WorkflowRow,
    trigger: InstanceTrigger,
    depth: number,
    now: Date,
    event: { source: string; component: string; entity: string; recordId: string },
  ): Promise<void> {
    const principal = ctx.target.principal;
    const built = buildInstanceContext(workflow.context, {
      entity: ctx.target.entity,
      row: ctx.row,
      trigger,
      user: principal ? { id: principal.id, email: principal.email, roles: principal.roles } : null,
      now,
    });
    const traceId = randomUUID();
    const id = await this.instances.insert(ctx.trx, {
      workflowId: workflow.id,
      workflowName: workflow.name,
      definition: { trigger: workflow.trigger, context: workflow.context, steps: workflow.steps },
      firstStep: workflow.steps[0].id,
      context: built.context,
      trigger,
      depth,
      traceId,
    });
    started.add(ctx.trx);
    for (const failure of built.errors) {
      await recordSystemEvent(ctx.trx, {
        ...event,
        action: 'workflow.context_error',
        status: 'error',
        traceId,
        metadata: { workflow_name: workflow.name, key: failure.key, error: failure.error },
      });
    }
    await recordSystemEvent(ctx.trx, {
      ...event,
      action: 'workflow.trigger',
      status: 'ok',
      traceId,
      metadata: {
        workflow_name: workflow.name,
        instance_id: id,
        trigger_entity: trigger.entity,
        trigger_record: trigger.record_id,
      },
    });
    // SEAM(activity): the `workflow_started` item of 10 §11.1 for the trigger record.
  }
}

/** 05 §4.1: new value non-null, equal to `to` as text, and changed. */
function fires(workflow: WorkflowRow, ctx: CommitHookContext): boolean {
  const field = workflow.trigger.field;
  const value = ctx.row[field];
  if (value === null || value === undefined || textOf(value) !== workflow.trigger.to) return false;
  const old = ctx.old?.[field];
  return old === null || old === undefined || textOf(old) !== textOf(value);
}

function textOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** A field value as the API shows it, for the instance's `trigger` (null when absent). */
function jsonOf(ctx: CommitHookContext, name: string, row: Record<string, unknown> | null): unknown {
  const field = ctx.target.entity.fieldsByName.get(name);
  const value = row?.[name];
  if (value === undefined || value === null || !field) return null;
  return serializeValue(field, value);
}
