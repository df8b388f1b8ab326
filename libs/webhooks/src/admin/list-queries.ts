import { Errors } from '@rocket/errors';
import { enumParam, isUuid, pageParams, QueryParams, singleParam } from '@rocket/http';
import { parseIsoTimestamp } from '@rocket/metadata';
import { WebhookLogFilter } from '../webhook-logs.repository';
import { WebhookFilter } from '../webhooks.repository';
import { DELIVERY_SOURCES, DELIVERY_STATUSES, DeliveryStatus, WEBHOOK_HOOKS } from '../webhook.types';

type Query = QueryParams;

export const LOGS_DEFAULT_PER_PAGE = 50;
export const LOGS_MAX_PER_PAGE = 200;

/** `GET /webhooks` (06 §7.1): `entity`, `hook` (one of the four), `active` (`true`/`false`). */
export function parseWebhookFilter(query: Query): WebhookFilter {
  const filter: WebhookFilter = {};
  const entity = singleParam(query, 'entity');
  if (entity !== undefined) filter.entity = entity;
  const hook = enumParam(query, 'hook', WEBHOOK_HOOKS);
  if (hook !== undefined) filter.hook = hook;
  const active = enumParam(query, 'active', ['true', 'false'] as const);
  if (active !== undefined) filter.active = active === 'true';
  return filter;
}

export interface LogListQuery {
  readonly filter: WebhookLogFilter;
  readonly page: number;
  readonly perPage: number;
}

/**
 * `GET /webhook-logs` (06 §7.2): exact filters, `webhook_id` a UUID,
 * `from`/`to` ISO-8601 date-times (malformed → 400), `page`/`per_page` as in
 * 02 §3.3 with default 50 and maximum 200.
 */
export function parseLogListQuery(query: Query): LogListQuery {
  const filter: WebhookLogFilter = {};
  const webhookId = singleParam(query, 'webhook_id');
  if (webhookId !== undefined) {
    if (!isUuid(webhookId)) throw Errors.invalidPayload('Query parameter webhook_id must be a UUID');
    filter.webhook_id = webhookId.toLowerCase();
  }
  const status = enumParam<DeliveryStatus>(query, 'status', DELIVERY_STATUSES);
  if (status !== undefined) filter.status = status;
  const source = enumParam(query, 'source', DELIVERY_SOURCES);
  if (source !== undefined) filter.source = source;
  for (const key of ['entity', 'record_id'] as const) {
    const value = singleParam(query, key);
    if (value !== undefined) filter[key] = value;
  }
  for (const key of ['from', 'to'] as const) {
    const value = singleParam(query, key);
    if (value === undefined) continue;
    const iso = parseIsoTimestamp(value);
    if (!iso) throw Errors.invalidPayload(`Query parameter ${key} must be an ISO-8601 date-time`);
    filter[key] = new Date(iso);
  }
  return { filter, ...pageParams(query, { default: LOGS_DEFAULT_PER_PAGE, max: LOGS_MAX_PER_PAGE }) };
}
