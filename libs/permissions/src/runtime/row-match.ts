import { evaluateCondition, normaliseRecord } from '@rocket/expressions';
import { CompiledEntity } from '@rocket/metadata';
import { ResolvedPolicy } from './resolve-conditions';

/**
 * The in-memory twin of `policiesFilter` (07 §6.3–6.4): true when some policy
 * has all of its conditions hold on the row, normalised as 03 §4.1 says. A
 * field absent from the row makes its condition false.
 */
export function rowMatches(policies: readonly ResolvedPolicy[], entity: CompiledEntity, row: unknown): boolean {
  const record = normaliseRecord(entity, row);
  return policies.some((conditions) =>
    conditions.every(
      (c) =>
        c !== null &&
        evaluateCondition({ field: c.field.name, operator: c.operator, value: c.operand }, record, c.field.kind),
    ),
  );
}
