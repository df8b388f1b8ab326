import { Db, insertEvent } from './event-row';

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
  return insertEvent(db, { ...event, eventType: 'business', source: event.source ?? 'business', status: 'ok' });
}
