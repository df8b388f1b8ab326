import { CompiledEntity } from '@rocket/metadata';
import { serializeRecord } from '@rocket/query';
import { Principal } from '@rocket/tenancy';
import { Row } from '@rocket/write-pipeline';

const REDACTED = '[redacted]';

export interface TransitionFacts {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

export interface StateTransitionBodyInput {
  readonly entity: CompiledEntity;
  /** The row as written, as COMMIT will make it visible (04 §3.1 step 13). */
  readonly row: Row;
  /** The locked row before the update. */
  readonly old: Row;
  readonly principal: Principal | undefined;
  readonly now: Date;
  readonly idempotencyKey: string;
  readonly transition: TransitionFacts;
}

/**
 * The body of a state-machine `webhook` action (06 §4.2): the entity
 * webhook body of §4.1 with `event: "state_transition"`, `action: "update"`,
 * `webhook_id: null` and the transition. Records are serialized as the REST
 * API returns them, `sensitive` fields redacted. Built once and stored:
 * retries re-send it unchanged.
 */
export function stateTransitionBody(input: StateTransitionBodyInput): Record<string, unknown> {
  const { entity } = input;
  const record = serializeRecord(entity, input.row);
  const old = serializeRecord(entity, input.old);
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(record)) {
    if (!sameJson(old[key], record[key])) changes[key] = { old: old[key] ?? null, new: record[key] };
  }
  for (const field of entity.fields) {
    if (!field.def.sensitive) continue;
    record[field.name] = REDACTED;
    old[field.name] = REDACTED;
    if (changes[field.name]) changes[field.name] = { old: REDACTED, new: REDACTED };
  }
  const user = input.principal
    ? { id: input.principal.id, email: input.principal.email, roles: input.principal.roles }
    : null;
  return {
    event: 'state_transition',
    entity: entity.name,
    action: 'update',
    record,
    old,
    changes,
    user,
    timestamp: input.now.toISOString(),
    idempotency_key: input.idempotencyKey,
    webhook_id: null,
    // SEAM(instrumentation): the request's trace id once traces exist (06 §9).
    trace_id: null,
    transition: { field: input.transition.field, from: input.transition.from, to: input.transition.to },
  };
}

/** Serialized values compared as JSON, object keys in any order. */
function sameJson(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
