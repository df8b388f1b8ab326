import { Errors } from '@rocket/errors';
import { parseIsoTimestamp } from '@rocket/metadata';
import { WebhookLogFilter } from '../webhook-logs.repository';
import { WebhookFilter } from '../webhooks.repository';
import { DELIVERY_SOURCES, DELIVERY_STATUSES, DeliveryStatus, WEBHOOK_HOOKS } from '../webhook.types';

type Query = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LOGS_DEFAULT_PER_PAGE = 50;
export const LOGS_MAX_PER_PAGE = 200;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** One string parameter; a repeated one is malformed (00-README: 400). */
function single(query: Query, key: string): string | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw Errors.invalidPayload(`Query parameter ${key} must be given once`);
  return value;
}

function oneOf<T extends string>(query: Query, key: string, allowed: readonly T[]): T | undefined {
  const value = single(query, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw Errors.invalidPayload(`Query parameter ${key} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** `GET /webhooks` (06 §7.1): `entity`, `hook` (one of the four), `active` (`true`/`false`). */
export function parseWebhookFilter(query: Query): WebhookFilter {
  const filter: WebhookFilter = {};
  const entity = single(query, 'entity');
  if (entity !== undefined) filter.entity = entity;
  const hook = oneOf(query, 'hook', WEBHOOK_HOOKS);
  if (hook !== undefined) filter.hook = hook;
  const active = oneOf(query, 'active', ['true', 'false'] as const);
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
  const webhookId = single(query, 'webhook_id');
  if (webhookId !== undefined) {
    if (!isUuid(webhookId)) throw Errors.invalidPayload('Query parameter webhook_id must be a UUID');
    filter.webhook_id = webhookId.toLowerCase();
  }
  const status = oneOf<DeliveryStatus>(query, 'status', DELIVERY_STATUSES);
  if (status !== undefined) filter.status = status;
  const source = oneOf(query, 'source', DELIVERY_SOURCES);
  if (source !== undefined) filter.source = source;
  for (const key of ['entity', 'record_id'] as const) {
    const value = single(query, key);
    if (value !== undefined) filter[key] = value;
  }
  for (const key of ['from', 'to'] as const) {
    const value = single(query, key);
    if (value === undefined) continue;
    const iso = parseIsoTimestamp(value);
    if (!iso) throw Errors.invalidPayload(`Query parameter ${key} must be an ISO-8601 date-time`);
    filter[key] = new Date(iso);
  }
  return {
    filter,
    page: positiveInt(query.page) ?? 1,
    perPage: Math.min(positiveInt(query.per_page, true) ?? LOGS_DEFAULT_PER_PAGE, LOGS_MAX_PER_PAGE),
  };
}

/** 02 §3.3: a positive base-10 integer, else the default applies. */
function positiveInt(raw: unknown, unbounded = false): number | undefined {
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  if (n <= 0) return undefined;
  return unbounded || Number.isSafeInteger(n) ? n : undefined;
}
