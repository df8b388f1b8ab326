import { RuleRow, RuleType } from '../rule.types';

let next = 0;

/** A stored rule row; `n` orders created_at (and the id) in creation order unless given. */
export function ruleRow(
  entity: string,
  type: RuleType,
  definition: Record<string, unknown>,
  extra: Partial<Pick<RuleRow, 'hook' | 'priority' | 'active' | 'id' | 'created_at'>> = {},
): RuleRow {
  next++;
  const at = new Date(Date.UTC(2026, 1, 8, 10, 0, next));
  return {
    id: extra.id ?? `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    entity,
    hook: extra.hook ?? 'before_write',
    type,
    definition,
    priority: extra.priority ?? 0,
    active: extra.active ?? true,
    created_at: extra.created_at ?? at,
    updated_at: extra.created_at ?? at,
  };
}
