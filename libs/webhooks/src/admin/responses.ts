import { WebhookLogRow, WebhookRow } from '../webhook.types';

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** A webhook as the API answers it (06 §2, §7.1): fixed key order, ISO timestamps. */
export function webhookResponse(row: WebhookRow) {
  return {
    id: row.id,
    entity: row.entity,
    hook: row.hook,
    url: row.url,
    method: row.method,
    headers: row.headers,
    condition: row.condition,
    async: row.async,
    retry: row.retry,
    active: row.active,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export type WebhookResponse = ReturnType<typeof webhookResponse>;

/**
 * A log as the API answers it (06 §7.2): the row without `claim_token`.
 * `request_headers` are the stored templates, never resolved values.
 */
export function webhookLogResponse(row: WebhookLogRow) {
  return {
    id: row.id,
    webhook_id: row.webhook_id,
    source: row.source,
    connector: row.connector,
    entity: row.entity,
    hook: row.hook,
    record_id: row.record_id,
    url: row.url,
    method: row.method,
    request_headers: row.request_headers,
    request_body: row.request_body,
    response_status: row.response_status,
    response_body: row.response_body,
    status: row.status,
    attempt: row.attempt,
    max_attempts: row.max_attempts,
    backoff: row.backoff,
    next_retry_at: iso(row.next_retry_at),
    locked_until: iso(row.locked_until),
    error: row.error,
    idempotency_key: row.idempotency_key,
    trace_id: row.trace_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export type WebhookLogResponse = ReturnType<typeof webhookLogResponse>;
