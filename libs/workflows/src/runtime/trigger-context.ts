import {
  compileContextValue,
  ExpressionEvaluationError,
  normaliseRecord,
  resolveValueTemplate,
  scopeMap,
  ScopeUser,
  toScopeValue,
  userScope,
} from '@rocket/expressions';
import { CompiledEntity } from '@rocket/metadata';
import { jsonValue } from '@rocket/state-machine';
import { Row } from '@rocket/write-pipeline';
import { InstanceTrigger } from './instance.types';

export interface ContextInput {
  readonly entity: CompiledEntity;
  /** The row as written. */
  readonly row: Row;
  readonly trigger: InstanceTrigger;
  readonly user: ScopeUser | null;
  readonly now: Date;
}

export interface BuiltContext {
  readonly context: Record<string, unknown>;
  /** Keys whose mapping failed to evaluate: set to null, reported as `workflow.context_error` (03 §12.3). */
  readonly errors: ReadonlyArray<{ key: string; error: string }>;
}

/**
 * An instance's starting context (05 §4.1, 03 §9.4): each mapping value is
 * a literal or an expression over `trigger`, `record` (the row as written),
 * `record_id`, `user` and `now`; results are stored as plain JSON.
 */
export function buildInstanceContext(mapping: Record<string, unknown>, input: ContextInput): BuiltContext {
  const record = normaliseRecord(input.entity, input.row);
  const recordId = toScopeValue(input.trigger.record_id);
  const scope = scopeMap({
    trigger: scopeMap({
      record_id: recordId,
      record,
      entity: input.trigger.entity,
      field: input.trigger.field,
      from: toScopeValue(input.trigger.from),
      to: toScopeValue(input.trigger.to),
    }),
    record,
    record_id: recordId,
    user: userScope(input.user),
    now: input.now,
  });
  const context: Record<string, unknown> = {};
  const errors: Array<{ key: string; error: string }> = [];
  for (const [key, value] of Object.entries(mapping)) {
    try {
      context[key] = jsonValue(resolveValueTemplate(compileContextValue(value), scope)) ?? null;
    } catch (e) {
      if (!(e instanceof ExpressionEvaluationError)) throw e;
      context[key] = null;
      errors.push({ key, error: e.message });
    }
  }
  return { context, errors };
}
