import { Budget } from '../runtime/budget';
import { equals } from '../runtime/equality';
import { ExpressionScope } from '../runtime/evaluate';
import { isMap, ValueMap } from '../runtime/values';
import { NormalisableEntity, normaliseRecord } from './normalise-record';
import { scopeMap, toScopeValue } from './scope-value';

/** The caller as expressions see it (03 §9): roles in lower case (00-README). */
export interface ScopeUser {
  readonly id: string | null;
  readonly email: string | null;
  readonly roles: readonly string[];
}

export interface RecordScopeInput {
  /** The proposed record (create/update) or the stored row (delete). */
  readonly record: unknown;
  /** The stored row before the operation; null/absent on create. */
  readonly old?: unknown;
  readonly action: 'create' | 'update' | 'delete';
  readonly entityName: string;
  readonly user: ScopeUser | null;
  /** Relation name → loaded rows (04 §1.5), already normalised by the caller's entity. */
  readonly related?: Readonly<Record<string, unknown>>;
  readonly now: Date;
  /** Webhook conditions only (03 §9.2). */
  readonly event?: string;
}

/**
 * Variables of the record contexts (03 §9.1–9.2): `record` and `old`
 * normalised by field type, `changes` derived, everything deep-copied.
 */
export function buildRecordScope(entity: NormalisableEntity, input: RecordScopeInput): ExpressionScope {
  const record = normaliseRecord(entity, input.record);
  const old = input.action === 'create' ? null : normaliseRecord(entity, input.old);
  const variables: Record<string, unknown> = {
    record,
    old,
    changes: computeChanges(input.action, record, old),
    action: input.action,
    entity: input.entityName,
    user: userScope(input.user),
    related: toScopeValue(input.related ?? {}),
    now: input.now,
  };
  if (input.event !== undefined) variables.event = input.event;
  return scopeMap(variables);
}

/** `user` of 03 §9: `{id, email, roles}`, or null. */
export function userScope(user: ScopeUser | null | undefined): ValueMap | null {
  if (!user) return null;
  return scopeMap({ id: user.id ?? null, email: user.email ?? null, roles: user.roles.map((r) => r.toLowerCase()) });
}

/**
 * `changes` (03 §9.1): `field → {old, new}` for every field that differs;
 * on create every non-null field with `old: null`; on delete nothing.
 * Values are already normalised by type, so deep equality compares them as their types do.
 */
export function computeChanges(action: RecordScopeInput['action'], record: unknown, old: unknown): ValueMap {
  const changes = Object.create(null) as Record<string, unknown>;
  if (action === 'delete' || !isMap(record)) return changes;
  const before = isMap(old) ? old : (Object.create(null) as ValueMap);
  const budget = new Budget(Infinity, Infinity);
  const keys = new Set([...Object.keys(record), ...(action === 'update' ? Object.keys(before) : [])]);
  for (const key of keys) {
    const next = Object.hasOwn(record, key) ? record[key] : null;
    const prev = Object.hasOwn(before, key) ? before[key] : null;
    if (action === 'create' ? next !== null : !equals(prev, next, budget))
      changes[key] = scopeMap({ old: prev ?? null, new: next ?? null });
  }
  return changes;
}
