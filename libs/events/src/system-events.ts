import { randomUUID } from 'node:crypto';
import { Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AnyDb | Transaction<any>;

/** A point event the engine records about itself (06 §10), e.g. `webhook.condition_error`. */
export interface SystemEvent {
  action: string;
  source: string;
  component: string;
  status: 'ok' | 'error' | 'skipped';
  traceId?: string;
  entity?: string;
  recordId?: string | null;
  userId?: string | null;
  /** Never record values, secrets or tokens (06 §10). */
  metadata?: Record<string, unknown>;
}

/**
 * Writes a system event in the caller's transaction. Until the buffered
 * instrumentation writer exists (06 §11) this is how the few events that
 * must be kept are written.
 */
export async function recordSystemEvent(db: Db, event: SystemEvent): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('_events')
    .values({
      id,
      trace_id: event.traceId ?? randomUUID(),
      span_id: randomUUID(),
      event_type: 'system',
      source: event.source,
      component: event.component,
      action: event.action,
      entity: event.entity ?? null,
      record_id: event.recordId ?? null,
      user_id: event.userId ?? null,
      status: event.status,
      metadata: JSON.stringify(event.metadata ?? {}),
      created_at: new Date(),
    })
    .execute();
  return id;
}
