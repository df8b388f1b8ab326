import { ErrorDetail } from '@rocket/errors';
import { ExpressionKind, KIND_VARIABLES } from '../compile/kinds';
import { parseIsoText } from '../runtime/datetime';
import { ExpressionScope } from '../runtime/evaluate';
import { isMap, ValueMap } from '../runtime/values';
import { NormalisableEntity, normaliseRecord } from '../scope/normalise-record';
import { computeChanges } from '../scope/record-scope';
import { scopeMap, toScopeValue } from '../scope/scope-value';

const RECORD_KINDS: ReadonlySet<ExpressionKind> = new Set(['rule', 'computed', 'guard', 'action_template']);

/**
 * The scope of a check request (03 §13): the kind's variables taken from
 * `env` (missing ones are null), `record`/`old` normalised when the entity
 * is known, `changes` derived when not given, `now` from `env.now` or the clock.
 */
export function checkScope(
  kind: ExpressionKind,
  env: ValueMap,
  entity: NormalisableEntity | undefined,
  clock: () => Date,
): { scope: ExpressionScope } | { problem: ErrorDetail } {
  const variables: Record<string, unknown> = {};
  for (const name of KIND_VARIABLES[kind]) {
    if (Object.hasOwn(env, name)) variables[name] = toScopeValue(env[name]);
  }
  const now = env.now === undefined || env.now === null ? clock() : readNow(env.now);
  if (!now) return { problem: { field: 'env.now', rule: 'type', message: 'env.now must be an ISO-8601 date-time' } };
  variables.now = now;
  if (entity) {
    for (const name of ['record', 'old']) {
      if (isMap(variables[name])) variables[name] = normaliseRecord(entity, variables[name]);
    }
    const trigger = variables.trigger;
    if (isMap(trigger) && isMap(trigger.record))
      variables.trigger = scopeMap({ ...trigger, record: normaliseRecord(entity, trigger.record) });
  }
  if (KIND_VARIABLES[kind].includes('changes') && !Object.hasOwn(env, 'changes')) {
    const action = variables.action === 'delete' ? 'delete' : isMap(variables.old) ? 'update' : 'create';
    variables.changes = computeChanges(action, variables.record, variables.old);
  }
  if (RECORD_KINDS.has(kind) && !Object.hasOwn(env, 'related')) variables.related = scopeMap({});
  return { scope: scopeMap(variables) };
}

function readNow(value: unknown): Date | null {
  const ms = typeof value === 'string' ? parseIsoText(value) : undefined;
  return ms === undefined ? null : new Date(ms);
}
