import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { isUuid } from '@rocket/http';
import { JobRunner } from '@rocket/jobs';
import { TenancyService } from '@rocket/tenancy';
import { WEBHOOK_QUEUE } from '../runtime/delivery.queue';
import { WebhookLogsRepository } from '../webhook-logs.repository';
import { isSyncHook } from '../webhook.types';
import { parseLogListQuery } from './list-queries';
import { WebhookLogResponse, webhookLogResponse } from './responses';

const RETRY_REFUSED = 'Can only retry failed or retrying webhook logs';

/** `/api/:app/_admin/webhook-logs` (06 §7.2). */
@Injectable()
export class WebhookLogAdminService {
  constructor(
    private readonly logs: WebhookLogsRepository,
    private readonly tenancy: TenancyService,
    private readonly runner: JobRunner,
  ) {}

  async list(query: Record<string, unknown>) {
    const { filter, page, perPage } = parseLogListQuery(query);
    const db = this.tenancy.current().db;
    const [rows, total] = await Promise.all([this.logs.list(db, filter, page, perPage), this.logs.count(db, filter)]);
    return { data: rows.map(webhookLogResponse), meta: { page, per_page: perPage, total } };
  }

  async get(id: string): Promise<WebhookLogResponse> {
    const row = isUuid(id) ? await this.logs.get(this.tenancy.current().db, id) : undefined;
    if (!row) throw notFound(id);
    return webhookLogResponse(row);
  }

  /**
   * Exactly one more attempt, due now, for failed or retrying asynchronous
   * deliveries; logs of `before_*` hooks describe rolled-back writes and are
   * never re-sent. Wakes the dispatcher.
   */
  async retry(id: string): Promise<WebhookLogResponse> {
    const tenant = this.tenancy.current();
    const row = isUuid(id) ? await this.logs.get(tenant.db, id) : undefined;
    if (!row) throw notFound(id);
    if (isSyncHook(row.hook) || (row.status !== 'failed' && row.status !== 'retrying')) throw refused();
    const updated = await this.logs.retry(tenant.db, id);
    if (!updated) throw refused(); // claimed or finished meanwhile
    this.runner.wake(tenant.name, WEBHOOK_QUEUE);
    return webhookLogResponse(updated);
  }
}

function notFound(id: string) {
  return Errors.notFound(`Webhook log not found: ${id}`);
}

function refused() {
  return Errors.validationSingle({ field: 'status', rule: 'invalid_state', message: RETRY_REFUSED });
}
