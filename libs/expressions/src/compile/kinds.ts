/** The places an expression can appear (03 §1). */
export const EXPRESSION_KINDS = [
  'rule',
  'computed',
  'guard',
  'webhook_condition',
  'workflow_condition',
  'workflow_context',
  'workflow_value',
  'action_template',
  'permission_template',
  'field_rule',
] as const;
export type ExpressionKind = (typeof EXPRESSION_KINDS)[number];

const RECORD_VARIABLES = ['record', 'old', 'changes', 'action', 'entity', 'user', 'related', 'now'] as const;
const WORKFLOW_VARIABLES = ['context', 'workflow', 'now', 'steps', 'instance'] as const;

/**
 * Variables in scope per kind (03 §9), in the order error messages list them.
 * Place-dependent extras (`loop`, `loops`, `branch`, `child` of 11 §3.12,
 * `request` of 09 §6) are added by the caller through `extraVariables`.
 */
export const KIND_VARIABLES: Readonly<Record<ExpressionKind, readonly string[]>> = {
  rule: RECORD_VARIABLES,
  computed: RECORD_VARIABLES,
  guard: RECORD_VARIABLES,
  action_template: RECORD_VARIABLES,
  webhook_condition: ['record', 'old', 'changes', 'action', 'entity', 'event', 'user', 'now'],
  workflow_condition: WORKFLOW_VARIABLES,
  workflow_value: WORKFLOW_VARIABLES,
  workflow_context: ['trigger', 'record', 'record_id', 'user', 'now'],
  permission_template: ['user', 'now'],
  field_rule: ['record', 'user', 'action', 'entity', 'now'],
};

/** Kinds whose result is a decision: null counts as false, other types are errors. */
const BOOLEAN_KINDS: ReadonlySet<ExpressionKind> = new Set([
  'rule',
  'guard',
  'webhook_condition',
  'workflow_condition',
  'field_rule',
]);

/** Kinds where an empty text is allowed and means "always" / "no guard" (03 §12.2). */
const EMPTY_ALLOWED: ReadonlySet<ExpressionKind> = new Set(['webhook_condition', 'guard']);

export function isExpressionKind(value: unknown): value is ExpressionKind {
  return typeof value === 'string' && (EXPRESSION_KINDS as readonly string[]).includes(value);
}

export function isBooleanKind(kind: ExpressionKind): boolean {
  return BOOLEAN_KINDS.has(kind);
}

export function allowsEmpty(kind: ExpressionKind): boolean {
  return EMPTY_ALLOWED.has(kind);
}
