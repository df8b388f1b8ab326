import { CompiledEntity } from '@rocket/metadata';
import { serializeRecord } from '@rocket/query';
import { Principal } from '@rocket/tenancy';
import { sameJson } from '@rocket/write-pipeline';

const REDACTED = '[redacted]';

type Row = Record<string, unknown>;

export interface EntityBodyInput {
  readonly entity: CompiledEntity;
  readonly hook: string;
  readonly action: 'create' | 'update' | 'delete';
  /** Create/update: the row as it will be committed; delete: the row as it was. */
  readonly row: Row;
  /** Update: the locked row; delete: the row as it was; create: null. */
  readonly old: Row | null;
  readonly principal: Principal | undefined;
  /** The write's `now`. */
  readonly now: Date;
  readonly idempotencyKey: string;
  /** Null for deliveries no webhook definition made (a state-machine or workflow action). */
  readonly webhookId: string | null;
  readonly traceId: string | null;
}

/**
 * The entity webhook body (06 §4.1): records serialized as the REST API
 * returns them, `sensitive` fields redacted everywhere, `changes` by
 * serialized value. Built once and stored; retries re-send it unchanged.
 */
export function entityWebhookBody(input: EntityBodyInput): Record<string, unknown> {
  const { entity } = input;
  const record = serializeRecord(entity, input.row);
  const old = input.old === null ? null : serializeRecord(entity, input.old);
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  if (input.action === 'create') {
    for (const [key, value] of Object.entries(record)) if (value !== null) changes[key] = { old: null, new: value };
  } else if (input.action === 'update' && old) {
    for (const key of new Set([...Object.keys(old), ...Object.keys(record)])) {
      if (!sameJson(old[key], record[key])) changes[key] = { old: old[key] ?? null, new: record[key] ?? null };
    }
  }
  for (const field of entity.fields) {
    if (!field.def.sensitive) continue;
    if (field.name in record) record[field.name] = REDACTED;
    if (old && field.name in old) old[field.name] = REDACTED;
    if (changes[field.name]) changes[field.name] = { old: REDACTED, new: REDACTED };
  }
  return {
    event: input.hook,
    entity: entity.name,
    action: input.action,
    record,
    old,
    changes,
    user: userOf(input.principal),
    timestamp: input.now.toISOString(),
    idempotency_key: input.idempotencyKey,
    webhook_id: input.webhookId,
    trace_id: input.traceId,
  };
}

/** The caller, the system actor for engine-made writes, or null (06 §4.1). */
export function userOf(principal: Principal | undefined): Record<string, unknown> | null {
  return principal ? { id: principal.id, email: principal.email, roles: [...principal.roles] } : null;
}
