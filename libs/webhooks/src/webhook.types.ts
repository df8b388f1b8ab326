/** When a webhook fires (06 §2): `before_*` synchronous in the write, `after_*` delivered after commit. */
export const WEBHOOK_HOOKS = ['before_write', 'after_write', 'before_delete', 'after_delete'] as const;
export type WebhookHook = (typeof WEBHOOK_HOOKS)[number];

export const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

export type Backoff = 'exponential' | 'linear';

export interface RetryPolicy {
  readonly max_attempts: number;
  readonly backoff: Backoff;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ max_attempts: 3, backoff: 'exponential' });

/** A validated definition (06 §2), as stored. */
export interface WebhookInput {
  readonly entity: string;
  readonly hook: WebhookHook;
  readonly url: string;
  readonly method: WebhookMethod;
  /** Header templates: `{{env.NAME}}` stays unresolved until dispatch (06 §5). */
  readonly headers: Readonly<Record<string, string>>;
  readonly condition: string;
  /** Derived from the hook: true for `after_*`. */
  readonly async: boolean;
  readonly retry: RetryPolicy;
  readonly active: boolean;
}

/** A row of `_webhooks` (06 §1). */
export interface WebhookRow extends WebhookInput {
  readonly id: string;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export const DELIVERY_STATUSES = ['pending', 'delivering', 'retrying', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_SOURCES = ['webhook', 'state_machine', 'workflow', 'connector'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

/** A row of `_webhook_logs` (06 §1): the delivery history and the outbox. */
export interface WebhookLogRow {
  readonly id: string;
  readonly webhook_id: string | null;
  readonly source: DeliverySource;
  readonly connector: string | null;
  readonly entity: string;
  readonly hook: string;
  readonly record_id: string | null;
  readonly url: string;
  readonly method: string;
  readonly request_headers: Record<string, string>;
  readonly request_body: unknown;
  readonly response_status: number | null;
  readonly response_body: string;
  readonly status: DeliveryStatus;
  readonly attempt: number;
  readonly max_attempts: number;
  readonly backoff: string;
  readonly next_retry_at: Date | null;
  readonly locked_until: Date | null;
  readonly claim_token: string | null;
  readonly error: string;
  readonly idempotency_key: string;
  readonly trace_id: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export function isSyncHook(hook: string): boolean {
  return hook === 'before_write' || hook === 'before_delete';
}
