import { Injectable, OnModuleInit } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { ErrorDetail } from '@rocket/errors';
import { buildRegistry } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { ImportContext, KindPlan, TransferKind, TransferKinds, Trx } from '@rocket/schema-transfer';
import { checkWebhook } from '../definition/check-webhook';
import { WebhooksRepository } from '../webhooks.repository';
import { WebhookInput } from '../webhook.types';

/** 01 §8.3: a webhook is the same webhook when entity, hook and url match. */
export function webhookDedupKey(webhook: Pick<WebhookInput, 'entity' | 'hook' | 'url'>): string {
  return JSON.stringify([webhook.entity, webhook.hook, webhook.url]);
}

/**
 * Webhooks in export/import (01 §8): after entities, relations, rules and
 * state machines; exported without ids or timestamps, headers as stored
 * (secrets stay `{{env.NAME}}` references); imported through the admin
 * validator against existing ∪ imported entities, duplicates skipped.
 */
@Injectable()
export class WebhooksKind implements TransferKind<WebhookInput>, OnModuleInit {
  readonly key = 'webhooks';
  readonly order = 70;

  constructor(
    private readonly kinds: TransferKinds,
    private readonly webhooks: WebhooksRepository,
    private readonly secrets: SecretReferences,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx | AnyDb): Promise<unknown[]> {
    return (await this.webhooks.list(db)).map(
      ({ entity, hook, url, method, headers, condition, async, retry, active }) => ({
        entity,
        hook,
        url,
        method,
        headers,
        condition,
        async,
        retry,
        active,
      }),
    );
  }

  async plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<WebhookInput>> {
    const entities = buildRegistry(
      0,
      [...ctx.existingEntities.values(), ...ctx.importedEntities.values()],
      [],
    ).entities;
    const seen = new Set((await this.webhooks.list(ctx.trx)).map(webhookDedupKey));
    const details: ErrorDetail[] = [];
    const fresh: WebhookInput[] = [];
    let duplicates = 0;
    items.forEach((item, i) => {
      const check = checkWebhook(item, { entities, secrets: this.secrets, prefix: `webhooks[${i}]` });
      if (!check.ok) return void details.push(...check.details);
      const key = webhookDedupKey(check.input);
      if (seen.has(key)) return void duplicates++;
      seen.add(key);
      fresh.push(check.input);
    });
    return { details, fresh, duplicates };
  }

  async apply(fresh: WebhookInput[], ctx: ImportContext): Promise<void> {
    for (const webhook of fresh) await this.webhooks.insert(ctx.trx, webhook);
  }
}
