/** When a rule runs (04 §1.6). */
export const RULE_HOOKS = ['before_write', 'before_delete'] as const;
export type RuleHook = (typeof RULE_HOOKS)[number];

/** Rule types of 04 §1.2; `http_validate` (09 §11) is known but not implemented by this build. */
export const RULE_TYPES = ['field', 'expression', 'computed', 'http_validate'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** Types each hook accepts (04 §1.6). */
export const HOOK_TYPES: Readonly<Record<RuleHook, readonly RuleType[]>> = {
  before_write: ['field', 'expression', 'computed', 'http_validate'],
  before_delete: ['expression'],
};

/** A rule as stored and answered (04 §1.2): `definition` always canonical. */
export interface RuleRow {
  id: string;
  entity: string;
  hook: RuleHook;
  type: RuleType;
  definition: Record<string, unknown>;
  priority: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A validated, canonical rule body: what POST/PUT and import write. */
export interface RuleInput {
  entity: string;
  hook: RuleHook;
  type: RuleType;
  definition: Record<string, unknown>;
  priority: number;
  active: boolean;
}

export function isRuleHook(value: unknown): value is RuleHook {
  return typeof value === 'string' && (RULE_HOOKS as readonly string[]).includes(value);
}

export function isRuleType(value: unknown): value is RuleType {
  return typeof value === 'string' && (RULE_TYPES as readonly string[]).includes(value);
}
