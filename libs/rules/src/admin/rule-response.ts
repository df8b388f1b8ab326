import { RuleRow } from '../rule.types';

/** A rule as the API answers it (04 §1.2): fixed key order, ISO timestamps. */
export function ruleResponse(row: RuleRow) {
  return {
    id: row.id,
    entity: row.entity,
    hook: row.hook,
    type: row.type,
    definition: row.definition,
    priority: row.priority,
    active: row.active,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export type RuleResponse = ReturnType<typeof ruleResponse>;
