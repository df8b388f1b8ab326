import { randomUUID } from 'node:crypto';
import { Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AnyDb | Transaction<any>;

export interface BusinessEvent {
  action: string;
  /** `business` for events emitted through the API, `engine` for those the engine emits (06 §11.1). */
  source?: 'business' | 'engine';
  component: string;
  entity?: string;
  recordId?: string | null;
  userId?: string | null;
  metadata?: Record<string, unknown>;
  traceId?: string;
}

/**
 * Records a business event in the caller's transaction (06 §8): it commits
 * or rolls back with the change that caused it.
 */
export async function recordBusinessEvent(db: Db, event: BusinessEvent): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('_events')
    .values({
      id,
      trace_id: event.traceId ?? randomUUID(),
      span_id: randomUUID(),
      event_type: 'business',
      source: event.source ?? 'business',
      component: event.component,
      action: event.action,
      entity: event.entity ?? null,
      record_id: event.recordId ?? null,
      user_id: event.userId ?? null,
      status: 'ok',
      metadata: JSON.stringify(event.metadata ?? {}),
      created_at: new Date(),
    })
    .execute();
  return id;
}
