import { randomUUID } from 'node:crypto';
import { sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AnyDb | Transaction<any>;

/** One delivery to make after commit (06 §6.1). */
export interface DeliveryRequest {
  source: 'webhook' | 'state_machine' | 'workflow' | 'connector';
  webhookId?: string | null;
  entity: string;
  hook: string;
  recordId?: string | null;
  url: string;
  method: string;
  /** Header templates as stored (`{{env.NAME}}` unresolved): secrets never land in the log. */
  headers?: Record<string, string>;
  body: unknown;
  maxAttempts?: number;
  backoff?: 'exponential' | 'linear' | 'fixed';
  /** Stable across retries and sent with every attempt; defaults to the row id. */
  idempotencyKey?: string;
  /** The write's trace (06 §4.1); sent as `X-Trace-ID`. */
  traceId?: string | null;
}

/** Transactions that wrote outbox rows: the dispatcher is woken when they commit. */
const wroteOutbox = new WeakSet<object>();

/**
 * Writes a pending delivery in the caller's transaction: the row is the
 * outbox, so a crash after COMMIT loses nothing; the dispatcher claims it
 * later with FOR UPDATE SKIP LOCKED. Returns the row id and its stable
 * idempotency key.
 */
export async function enqueueDelivery(
  db: Db,
  request: DeliveryRequest,
): Promise<{ id: string; idempotencyKey: string }> {
  const id = randomUUID();
  const idempotencyKey = request.idempotencyKey ?? id;
  await db
    .insertInto('_webhook_logs')
    .values({
      id,
      webhook_id: request.webhookId ?? null,
      source: request.source,
      entity: request.entity,
      hook: request.hook,
      record_id: request.recordId ?? null,
      url: request.url,
      method: request.method,
      request_headers: JSON.stringify(request.headers ?? {}),
      request_body: JSON.stringify(request.body ?? null),
      status: 'pending',
      max_attempts: request.maxAttempts ?? 3,
      backoff: request.backoff ?? 'exponential',
      next_retry_at: sql`NOW()`,
      idempotency_key: idempotencyKey,
      trace_id: request.traceId ?? null,
    })
    .execute();
  wroteOutbox.add(db);
  return { id, idempotencyKey };
}

/** Whether `trx` enqueued deliveries (checked after it ended, to wake the dispatcher). */
export function hasOutboxRows(trx: object): boolean {
  return wroteOutbox.has(trx);
}
