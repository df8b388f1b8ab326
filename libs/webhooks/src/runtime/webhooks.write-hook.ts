import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AppError, Errors } from '@rocket/errors';
import { recordSystemEvent } from '@rocket/events';
import {
  buildRecordScope,
  evaluateBoolean,
  evaluationErrorDetail,
  ExpressionEvaluationError,
  ExpressionScope,
} from '@rocket/expressions';
import { JobRunner } from '@rocket/jobs';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { TenancyService } from '@rocket/tenancy';
import { CommitHookContext, operationInstant, TransactionOutcome, WriteHook, WriteHooks } from '@rocket/write-pipeline';
import { SyncLogRecord, WebhookLogsRepository } from '../webhook-logs.repository';
import { enqueueDelivery, hasOutboxRows } from '../webhook-outbox';
import { WebhookHook } from '../webhook.types';
import { WEBHOOK_QUEUE } from './delivery.queue';
import { entityWebhookBody } from './webhook-body';
import { AttemptOutcome, WebhookSender } from './webhook-sender';
import { CompiledWebhook, WebhookStore } from './webhook-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_RECEIVER_TEXT = 500;

/** One write (one transaction): its instant and trace, shared by every webhook of it. */
interface WriteFacts {
  readonly now: Date;
  readonly traceId: string;
  /** Logs of synchronous calls, written once the transaction ended (06 §6.3). */
  readonly syncLogs: SyncLogRecord[];
}

/**
 * Webhooks in the write pipeline, for the request's own record only (nested
 * children and cascaded records fire none, 02 §7–8), at 04 §3.1 step 13 and
 * §3.2 steps 6–7:
 *
 * - `before_*` webhooks are called one at a time in `created_at` order with
 *   the row as it will be committed (delete: as it was); a 4xx answer → 422
 *   WEBHOOK_REJECTED, any other failure → 502 WEBHOOK_FAILED, and the
 *   write rolls back. Their log rows are written after the transaction
 *   ended, on a pool connection, so a vetoed write keeps its trace.
 * - `after_*` webhooks whose condition holds become outbox rows in the
 *   write's transaction; the dispatcher is woken once it commits.
 */
@Injectable()
export class WebhooksWriteHook implements WriteHook, OnModuleInit {
  readonly name = 'webhooks';
  /** After rules and state machines; only `beforeCommit`/`afterTransaction` are used. */
  readonly order = 100;

  private readonly writes = new WeakMap<object, WriteFacts>();

  constructor(
    private readonly hooks: WriteHooks,
    private readonly tenancy: TenancyService,
    private readonly store: WebhookStore,
    private readonly sender: WebhookSender,
    private readonly logs: WebhookLogsRepository,
    private readonly runner: JobRunner,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async beforeCommit(ctx: CommitHookContext): Promise<void> {
    const entity = ctx.target.entity;
    const set = await this.store.fresh(this.tenancy.current(), ctx.target.registry, ctx.trx);
    const deleting = ctx.action === 'delete';
    const syncHook: WebhookHook = deleting ? 'before_delete' : 'before_write';
    const asyncHook: WebhookHook = deleting ? 'after_delete' : 'after_write';
    const sync = set.of(entity.name, syncHook);
    const async = set.of(entity.name, asyncHook);
    if (sync.length === 0 && async.length === 0) return;
    const facts = this.factsOf(ctx.trx);
    for (const webhook of sync) await this.callSync(ctx, webhook, facts);
    for (const webhook of async) await this.enqueue(ctx, webhook, facts);
  }

  /** Writes the logs of synchronous calls (committed or not), then wakes the dispatcher for committed outbox rows. */
  async afterTransaction(outcome: TransactionOutcome): Promise<void> {
    const facts = this.writes.get(outcome.trx);
    this.writes.delete(outcome.trx);
    for (const log of facts?.syncLogs ?? []) {
      await this.logs
        .insertSync(outcome.db, log)
        .catch((err: Error) =>
          this.logger.error({ app: outcome.app, log_id: log.id, err: err.message }, 'Could not write a webhook log'),
        );
    }
    if (outcome.committed && hasOutboxRows(outcome.trx)) this.runner.wake(outcome.app, WEBHOOK_QUEUE);
  }

  private factsOf(trx: object): WriteFacts {
    let facts = this.writes.get(trx);
    if (!facts) {
      facts = { now: operationInstant(trx), traceId: randomUUID(), syncLogs: [] };
      this.writes.set(trx, facts);
    }
    return facts;
  }

  /** The webhook's condition on this write; an evaluation error is returned for the caller to handle. */
  private condition(
    ctx: CommitHookContext,
    webhook: CompiledWebhook,
    facts: WriteFacts,
  ): boolean | ExpressionEvaluationError {
    try {
      return evaluateBoolean(webhook.condition, this.scope(ctx, webhook.row.hook, facts));
    } catch (e) {
      if (e instanceof ExpressionEvaluationError) return e;
      throw e;
    }
  }

  /** 06 §6.3: one attempt inside the transaction; the first failure stops the write. */
  private async callSync(ctx: CommitHookContext, webhook: CompiledWebhook, facts: WriteFacts): Promise<void> {
    const row = webhook.row;
    const holds = this.condition(ctx, webhook, facts);
    if (holds instanceof ExpressionEvaluationError) {
      throw Errors.validation([evaluationErrorDetail('webhook_condition', holds.message)]);
    }
    if (!holds) return;
    const id = randomUUID();
    const idempotencyKey = `wh_${randomUUID()}`;
    const body = this.body(ctx, row.hook, row.id, idempotencyKey, facts);
    const outcome = await this.sender.attempt(ctx.target.app, {
      deliveryId: id,
      event: row.hook,
      attempt: 1,
      idempotencyKey,
      traceId: facts.traceId,
      url: row.url,
      method: row.method,
      headers: row.headers,
      body,
      signed: true,
    });
    facts.syncLogs.push({
      id,
      webhookId: row.id,
      entity: row.entity,
      hook: row.hook,
      recordId: this.recordId(ctx),
      url: row.url,
      method: row.method,
      headers: row.headers,
      body,
      delivered: outcome.delivered,
      responseStatus: outcome.responseStatus,
      responseBody: outcome.responseBody,
      error: outcome.error,
      idempotencyKey,
      traceId: facts.traceId,
    });
    if (!outcome.delivered) throw syncFailure(row.id, outcome);
  }

  /** 06 §6.1 step 1: an outbox row when the condition holds; an evaluation error skips it, recorded (03 §12.3). */
  private async enqueue(ctx: CommitHookContext, webhook: CompiledWebhook, facts: WriteFacts): Promise<void> {
    const row = webhook.row;
    const holds = this.condition(ctx, webhook, facts);
    if (holds instanceof ExpressionEvaluationError) return this.conditionError(ctx, row.id, holds.message, facts);
    if (!holds) return;
    const idempotencyKey = `wh_${randomUUID()}`;
    await enqueueDelivery(ctx.trx, {
      source: 'webhook',
      webhookId: row.id,
      entity: row.entity,
      hook: row.hook,
      recordId: this.recordId(ctx),
      url: row.url,
      method: row.method,
      headers: { ...row.headers },
      body: this.body(ctx, row.hook, row.id, idempotencyKey, facts),
      maxAttempts: row.retry.max_attempts,
      backoff: row.retry.backoff,
      idempotencyKey,
      traceId: facts.traceId,
    });
  }

  private async conditionError(ctx: CommitHookContext, webhookId: string, error: string, facts: WriteFacts) {
    this.logger.warn({ app: ctx.target.app, webhook_id: webhookId, error }, 'webhook.condition_error');
    const userId = ctx.target.principal?.id;
    await recordSystemEvent(ctx.trx, {
      traceId: facts.traceId,
      source: 'webhook',
      component: 'dispatcher',
      action: 'webhook.condition_error',
      status: 'error',
      entity: ctx.target.entity.name,
      recordId: this.recordId(ctx),
      userId: userId && UUID.test(userId) ? userId : null,
      metadata: { webhook_id: webhookId, error },
    });
  }

  /** 03 §9.2: the content of the delivered payload, clear values included. */
  private scope(ctx: CommitHookContext, hook: string, facts: WriteFacts): ExpressionScope {
    const principal = ctx.target.principal;
    return buildRecordScope(ctx.target.entity, {
      record: ctx.row,
      old: ctx.old,
      action: ctx.action,
      entityName: ctx.target.entity.name,
      user: principal ? { id: principal.id, email: principal.email, roles: principal.roles } : null,
      now: facts.now,
      event: hook,
    });
  }

  private body(ctx: CommitHookContext, hook: string, webhookId: string, idempotencyKey: string, facts: WriteFacts) {
    return entityWebhookBody({
      entity: ctx.target.entity,
      hook,
      action: ctx.action,
      row: ctx.row,
      old: ctx.old,
      principal: ctx.target.principal,
      now: facts.now,
      idempotencyKey,
      webhookId,
      traceId: facts.traceId,
    });
  }

  private recordId(ctx: CommitHookContext): string | null {
    const pk = ctx.row[ctx.target.entity.pk.name];
    return typeof pk === 'string' || typeof pk === 'number' || typeof pk === 'bigint' ? String(pk) : null;
  }
}

/** 06 §6.3: 4xx → 422 WEBHOOK_REJECTED with the receiver's text; anything else → 502 WEBHOOK_FAILED. */
export function syncFailure(webhookId: string, outcome: AttemptOutcome): AppError {
  const status = outcome.responseStatus;
  if (status !== null && status >= 400 && status < 500) {
    return new AppError('WEBHOOK_REJECTED', 422, `Rejected by webhook ${webhookId} (HTTP ${status})`, [
      { rule: 'webhook', message: receiverText(outcome.responseBody, status) },
    ]);
  }
  return new AppError('WEBHOOK_FAILED', 502, `Webhook ${webhookId} could not be delivered`, [
    { rule: 'webhook', message: outcome.clientError },
  ]);
}

/** The response's JSON `error.message`, `message` or `error` string, else `HTTP <status>`; ≤ 500 characters. */
export function receiverText(body: string, status: number): string {
  let text: string | undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object') {
      const { error, message } = parsed as { error?: unknown; message?: unknown };
      if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
        text = (error as { message: string }).message;
      } else if (typeof message === 'string') text = message;
      else if (typeof error === 'string') text = error;
    }
  } catch {
    /* not JSON */
  }
  return (text || `HTTP ${status}`).slice(0, MAX_RECEIVER_TEXT);
}
