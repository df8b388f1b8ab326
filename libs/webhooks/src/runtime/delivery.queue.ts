import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { JobQueue, JobRunner } from '@rocket/jobs';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { TenantContext } from '@rocket/tenancy';
import { AttemptRecord, DUE_AT_SQL, WebhookLogsRepository } from '../webhook-logs.repository';
import { WebhookLogRow } from '../webhook.types';
import { retryDelaySeconds } from './retry-schedule';
import { WebhookSender } from './webhook-sender';

export const WEBHOOK_QUEUE = 'webhooks';

/** Seconds a claim lasts beyond the call's own timeout (06 §6.1: timeout + 30 s). */
const LEASE_MARGIN_SECONDS = 30;

interface ClaimedDelivery extends WebhookLogRow {
  readonly claim_token: string;
}

/**
 * Asynchronous deliveries (06 §6.1): every row of `_webhook_logs` that is
 * pending or due for a retry — entity webhooks, state-machine and workflow
 * actions, connector calls — claimed with a lease, sent outside any
 * transaction, recorded while the claim is still ours.
 */
@Injectable()
export class DeliveryQueue implements JobQueue<ClaimedDelivery>, OnModuleInit {
  readonly name = WEBHOOK_QUEUE;
  readonly dueAtSql = DUE_AT_SQL;

  constructor(
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
    private readonly runner: JobRunner,
    private readonly logs: WebhookLogsRepository,
    private readonly sender: WebhookSender,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  get concurrency(): number {
    return this.config.webhooks.concurrency;
  }

  get pollIntervalMs(): number {
    return this.config.webhooks.poll_interval_ms;
  }

  async claim(ctx: TenantContext, limit: number): Promise<ClaimedDelivery[]> {
    const lease = Math.ceil(this.config.webhooks.timeout_ms / 1000) + LEASE_MARGIN_SECONDS;
    return (await this.logs.claim(ctx.db, randomUUID(), lease, limit)) as ClaimedDelivery[];
  }

  hasDue(ctx: TenantContext): Promise<boolean> {
    return this.logs.hasDue(ctx.db);
  }

  async run(ctx: TenantContext, row: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const outcome = await this.sender.attempt(
      ctx.name,
      {
        deliveryId: row.id,
        event: eventOf(row),
        attempt: row.attempt,
        idempotencyKey: row.idempotency_key,
        traceId: row.trace_id ?? row.id,
        url: row.url,
        method: row.method,
        headers: row.request_headers ?? {},
        body: row.request_body,
        signed: row.source !== 'connector',
      },
      signal,
    );
    if (outcome.aborted) return this.logs.releaseLease(ctx.db, row.id, row.claim_token);
    const record = this.recordOf(row, outcome.delivered, outcome.responseStatus, outcome.responseBody, outcome.error);
    const ours = await this.logs.record(ctx.db, row.id, row.claim_token, record);
    const log = { app: ctx.name, log_id: row.id, webhook_id: row.webhook_id, attempt: row.attempt };
    if (!ours) this.logger.warn(log, 'Webhook delivery outcome dropped: the claim was taken over');
    else if (record.status === 'delivered')
      this.logger.debug({ ...log, status: outcome.responseStatus }, 'webhook.success');
    else this.logger.info({ ...log, error: record.error, next: record.status }, 'webhook.fail');
  }

  /** 06 §6.1 step 4 with the schedule of §6.2. */
  private recordOf(
    row: WebhookLogRow,
    delivered: boolean,
    responseStatus: number | null,
    responseBody: string,
    error: string,
  ): AttemptRecord {
    if (delivered) return { status: 'delivered', responseStatus, responseBody, error: '' };
    if (row.attempt < row.max_attempts) {
      const retryInSeconds = retryDelaySeconds(row.attempt, row.backoff, {
        baseSeconds: this.config.webhooks.retry_base_seconds,
        maxDelaySeconds: this.config.webhooks.max_retry_delay_seconds,
      });
      return { status: 'retrying', responseStatus, responseBody, error, retryInSeconds };
    }
    return { status: 'failed', responseStatus, responseBody, error };
  }
}

/** `X-Rocket-Event`: the body's `event` (06 §4), else the row's hook. */
function eventOf(row: WebhookLogRow): string {
  const body = row.request_body;
  if (body && typeof body === 'object' && typeof (body as { event?: unknown }).event === 'string') {
    return (body as { event: string }).event;
  }
  return row.hook;
}
