import { Db, insertEvent } from './event-row';

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
  return insertEvent(db, { ...event, eventType: 'system' });
}
