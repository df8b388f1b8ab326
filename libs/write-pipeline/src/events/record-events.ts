import { Principal } from '@rocket/tenancy';

/** A record as the API returns it (02 §1): the before/after images of a write. */
export type RecordImage = Readonly<Record<string, unknown>>;

interface RecordEventBase {
  readonly app: string;
  readonly entity: string;
  /** The record's primary key in its JSON type. */
  readonly id: string | number;
  /** Who wrote it; undefined when no principal is in scope. */
  readonly actor: Principal | undefined;
}

export interface RecordCreatedEvent extends RecordEventBase {
  readonly before: null;
  readonly after: RecordImage;
}

export interface RecordUpdatedEvent extends RecordEventBase {
  /** The locked row before the update (04 §3.1 step 5). */
  readonly before: RecordImage;
  readonly after: RecordImage;
}

export interface RecordDeletedEvent extends RecordEventBase {
  readonly before: RecordImage;
  readonly after: null;
  /** True when the row was soft-deleted (`deleted_at` set), false when removed. */
  readonly soft: boolean;
}

/**
 * The typed map of record events (STYLE 9), emitted in process after COMMIT
 * (04 §3.1 step 14, §3.2 step 8). In-memory delivery is lost on a crash:
 * consumers that must not miss a write (webhooks, workflows, audit) get
 * outbox rows written inside the transaction by later issues instead.
 */
export interface RecordEventMap {
  'record.created': RecordCreatedEvent;
  'record.updated': RecordUpdatedEvent;
  'record.deleted': RecordDeletedEvent;
}

export type RecordEventName = keyof RecordEventMap;

export const RECORD_EVENTS = Object.freeze({
  created: 'record.created',
  updated: 'record.updated',
  deleted: 'record.deleted',
} as const satisfies Record<string, RecordEventName>);
