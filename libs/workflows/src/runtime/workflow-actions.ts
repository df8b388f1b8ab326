import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { AppError } from '@rocket/errors';
import { recordBusinessEvent } from '@rocket/events';
import {
  compileStoredExpression,
  compileValueTemplate,
  ExpressionError,
  ExpressionEvaluationError,
  ExpressionScope,
  resolveValueTemplate,
} from '@rocket/expressions';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { jsonValue, nowValue } from '@rocket/state-machine';
import { SYSTEM_ACTOR } from '@rocket/tenancy';
import { enqueueDelivery } from '@rocket/webhooks';
import { WritePipeline, WriteTarget } from '@rocket/write-pipeline';
import { CONTEXT_PATH } from '../definition/action-validator';
import { WorkflowAction } from '../definition/workflow.types';
import { InstanceRow } from './instance.types';
import { StepFailure } from './step-failure';

/** What the actions of one step run with. */
export interface ActionRun {
  readonly trx: AnyDb;
  readonly app: string;
  readonly db: AnyDb;
  /** The app's registry now (definitions are snapshotted; entities are current). */
  readonly registry: Registry;
  readonly instance: InstanceRow;
  readonly step: string;
  readonly now: Date;
  /** `context`, `workflow`, `now` (03 §9.3). */
  scope(): ExpressionScope;
}

const VALUE_OPTIONS = { kind: 'workflow_value' } as const;

/**
 * The workflow actions of 05 §2.4, each inside the runner's unit: record
 * writes go through the whole write pipeline as the system actor (rules,
 * state machine, webhooks and further workflows included); webhooks and
 * events are rows written in the same transaction. A failure throws
 * `StepFailure` with the reason, which fails the step (05 §4.4).
 */
@Injectable()
export class WorkflowActions {
  constructor(private readonly pipeline: WritePipeline) {}

  async run(action: WorkflowAction, run: ActionRun): Promise<void> {
    try {
      switch (action.type) {
        case 'set_field':
          return await this.setField(action, run);
        case 'create_record':
          return await this.createRecord(action, run);
        case 'webhook':
          return await this.webhook(action, run);
        case 'send_event':
          return await this.sendEvent(action, run);
      }
    } catch (e) {
      throw asStepFailure(action.type, e);
    }
  }

  private async setField(action: Extract<WorkflowAction, { type: 'set_field' }>, run: ActionRun): Promise<void> {
    const entity = entityOf(run.registry, action.entity);
    const field = entity.fieldsByName.get(action.field);
    if (!field) throw new StepFailure(`field ${action.field} not found in entity ${entity.name}`);
    const id = recordIdOf(action.record_id, run);
    const value = action.value === 'now' ? nowValue(field, run.now) : jsonValue(valueOf(action.value, run), field);
    await this.pipeline.updateInTransaction(run.trx, this.target(run, entity), id, { [field.name]: value ?? null });
  }

  private async createRecord(action: Extract<WorkflowAction, { type: 'create_record' }>, run: ActionRun) {
    const entity = entityOf(run.registry, action.entity);
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(action.data)) {
      body[key] = jsonValue(valueOf(value, run), entity.fieldsByName.get(key)) ?? null;
    }
    await this.pipeline.createInTransaction(run.trx, this.target(run, entity), body);
  }

  /** A durable delivery in `_webhook_logs` (06 §4.3), sent after commit; never blocks the step. */
  private async webhook(action: Extract<WorkflowAction, { type: 'webhook' }>, run: ActionRun): Promise<void> {
    const { instance } = run;
    const idempotencyKey = `wh_${randomUUID()}`;
    await enqueueDelivery(run.trx, {
      source: 'workflow',
      webhookId: null,
      entity: instance.trigger.entity,
      hook: 'workflow_action',
      recordId: String(instance.trigger.record_id),
      url: action.url,
      method: action.method,
      headers: { ...action.headers },
      body: {
        event: 'workflow_action',
        workflow: instance.workflow_name,
        instance_id: instance.id,
        step: run.step,
        context: instance.context,
        timestamp: run.now.toISOString(),
        idempotency_key: idempotencyKey,
        trace_id: instance.trace_id,
      },
      maxAttempts: action.retry.max_attempts,
      backoff: action.retry.backoff,
      idempotencyKey,
      traceId: instance.trace_id,
    });
  }

  /** A business event (06 §11.1) about the trigger record. */
  private async sendEvent(action: Extract<WorkflowAction, { type: 'send_event' }>, run: ActionRun): Promise<void> {
    const { instance } = run;
    const metadata: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(action.metadata)) metadata[key] = jsonValue(valueOf(value, run));
    await recordBusinessEvent(run.trx, {
      action: action.event,
      source: 'engine',
      component: 'workflow',
      entity: instance.trigger.entity,
      recordId: String(instance.trigger.record_id),
      traceId: instance.trace_id ?? undefined,
      metadata: { workflow: instance.workflow_name, instance_id: instance.id, step: run.step, ...metadata },
    });
  }

  private target(run: ActionRun, entity: CompiledEntity): WriteTarget {
    return { app: run.app, db: run.db, registry: run.registry, entity, principal: SYSTEM_ACTOR };
  }
}

function entityOf(registry: Registry, name: string): CompiledEntity {
  const entity = registry.entities.get(name);
  if (!entity) throw new StepFailure(`entity ${name} not found`);
  return entity;
}

/** `record_id` (09 §8): a bare `context.` path, a whole `{{ expr }}`, or a literal; null fails. */
function recordIdOf(raw: unknown, run: ActionRun): string {
  const value =
    typeof raw === 'string' && CONTEXT_PATH.test(raw)
      ? resolveValueTemplate(
          { template: true, expression: compileStoredExpression(raw, VALUE_OPTIONS, run.step) },
          run.scope(),
        )
      : valueOf(raw, run);
  if (value === null || value === undefined || value === '') throw new StepFailure('record_id is null');
  if (typeof value !== 'string' && typeof value !== 'number') throw new StepFailure('record_id is not an id');
  return String(value);
}

/** A literal, or the typed result of a whole-string `{{ expr }}` (03 §10). */
function valueOf(raw: unknown, run: ActionRun): unknown {
  let compiled;
  try {
    compiled = compileValueTemplate(raw, VALUE_OPTIONS);
  } catch (e) {
    // Stored definitions were checked when saved; one that no longer compiles fails closed (03 §12.2).
    if (e instanceof ExpressionError) throw new StepFailure(`misconfigured expression: ${e.message}`);
    throw e;
  }
  return resolveValueTemplate(compiled, run.scope());
}

/**
 * Which errors fail the step (05 §4.4): pipeline rejections (4xx, a
 * refused or failing sync webhook), missing records, evaluation errors.
 * Anything else (lost connection, bug) fails the whole unit, which is
 * retried with backoff (05 §4.2).
 */
function asStepFailure(type: string, e: unknown): unknown {
  if (e instanceof StepFailure) return new StepFailure(`${type}: ${e.message}`);
  if (e instanceof ExpressionEvaluationError) return new StepFailure(`${type}: ${e.message}`);
  if (e instanceof AppError && (e.status < 500 || e.code === 'WEBHOOK_FAILED')) {
    const details = e.details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message));
    const reasons = details.filter((d) => d !== e.message);
    return new StepFailure(`${type}: ${e.message}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`);
  }
  return e;
}
