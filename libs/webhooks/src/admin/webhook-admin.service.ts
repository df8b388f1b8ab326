import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { isUuid } from '@rocket/http';
import { buildRegistry, MetadataRepository, SchemaChangeService, SchemaTrx } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { TenancyService } from '@rocket/tenancy';
import { checkWebhook } from '../definition/check-webhook';
import { WebhookStore } from '../runtime/webhook-store';
import { SIGNATURE_HEADER } from '../runtime/webhook-request';
import { WebhookSender } from '../runtime/webhook-sender';
import { WebhookLogsRepository } from '../webhook-logs.repository';
import { WebhooksRepository } from '../webhooks.repository';
import { WebhookInput } from '../webhook.types';
import { parseWebhookFilter } from './list-queries';
import { WebhookResponse, webhookResponse } from './responses';

/**
 * `/api/:app/_admin/webhooks` (06 §7.1). Every change is a metadata change
 * (advisory lock, `_meta_version` bump, announced to the other processes,
 * which reload their webhooks), validated against the stored entities
 * inside that transaction; this process reloads before answering.
 */
@Injectable()
export class WebhookAdminService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly logs: WebhookLogsRepository,
    private readonly metadata: MetadataRepository,
    private readonly changes: SchemaChangeService,
    private readonly tenancy: TenancyService,
    private readonly store: WebhookStore,
    private readonly secrets: SecretReferences,
    private readonly sender: WebhookSender,
  ) {}

  async list(query: Record<string, unknown>): Promise<WebhookResponse[]> {
    const rows = await this.webhooks.list(this.tenancy.current().db, parseWebhookFilter(query));
    return rows.map(webhookResponse);
  }

  async get(id: string): Promise<WebhookResponse> {
    const row = isUuid(id) ? await this.webhooks.get(this.tenancy.current().db, id) : undefined;
    if (!row) throw notFound(id);
    return webhookResponse(row);
  }

  async create(body: Record<string, unknown>): Promise<WebhookResponse> {
    const row = await this.change(async (trx) => this.webhooks.insert(trx, await this.checked(trx, body)));
    return webhookResponse(row);
  }

  async update(id: string, body: Record<string, unknown>): Promise<WebhookResponse> {
    if (!isUuid(id)) throw notFound(id);
    const row = await this.change(async (trx) => {
      if (!(await this.webhooks.get(trx, id))) throw notFound(id);
      return (await this.webhooks.update(trx, id, await this.checked(trx, body)))!;
    });
    return webhookResponse(row);
  }

  /** 06 §6.4: queued deliveries of the webhook fail in the same transaction; the history stays. */
  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id)) throw notFound(id);
    await this.change(async (trx) => {
      await this.logs.failQueuedOf(trx, id);
      if (!(await this.webhooks.delete(trx, id))) throw notFound(id);
    });
    return { id: id.toLowerCase(), deleted: true };
  }

  /** What receivers need to check `X-Rocket-Signature` (the app's key, derived, never stored). */
  signingKey() {
    return {
      algorithm: 'HMAC-SHA256',
      header: SIGNATURE_HEADER,
      format: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">',
      key: this.sender.signingKey(this.tenancy.current().name).toString('base64'),
    };
  }

  private async change<T>(work: (trx: SchemaTrx) => Promise<T>): Promise<T> {
    const result = await this.changes.apply(work);
    const tenant = this.tenancy.current();
    await this.store.load(tenant, tenant.db);
    return result;
  }

  /** 06 §7.1 against the entities as stored now. */
  private async checked(trx: SchemaTrx, body: Record<string, unknown>): Promise<WebhookInput> {
    const definitions = (await this.metadata.entityRows(trx)).map((r) => r.definition);
    const entities = buildRegistry(0, definitions, []).entities;
    const check = checkWebhook(body, { entities, secrets: this.secrets });
    if (!check.ok) throw Errors.validation(check.details);
    return check.input;
  }
}

function notFound(id: string) {
  return Errors.notFound(`Webhook not found: ${id}`);
}
