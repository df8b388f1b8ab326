import { randomUUID } from 'node:crypto';
import { Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

/** What an `_events` row says; ids, span and time are filled in here. */
export interface EventRow {
  eventType: 'system' | 'business';
  source: string;
  component: string;
  action: string;
  status: 'ok' | 'error' | 'skipped';
  entity?: string;
  recordId?: string | null;
  userId?: string | null;
  metadata?: Record<string, unknown>;
  traceId?: string;
}

/** Inserts one `_events` row in the caller's transaction; returns its id. */
export async function insertEvent(db: Db, event: EventRow): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('_events')
    .values({
      id,
      trace_id: event.traceId ?? randomUUID(),
      span_id: randomUUID(),
      event_type: event.eventType,
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
