/** Actions a policy may grant (07 §6.1; `comment` is 10 §8's). */
export const PERMISSION_ACTIONS = ['read', 'create', 'update', 'delete', 'comment'] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/** The actions the dynamic REST API checks (07 §6.2–6.4). */
export type RecordAction = Exclude<PermissionAction, 'comment'>;

export function isPermissionAction(value: unknown): value is PermissionAction {
  return typeof value === 'string' && (PERMISSION_ACTIONS as readonly string[]).includes(value);
}

/** A stored condition triple (03 §11), as saved by the admin API. */
export interface StoredCondition {
  field: string;
  operator: string;
  value: unknown;
}

/** A `_permissions` row (07 §8, with the field-level columns of 12 §1.1). */
export interface PermissionRow {
  id: string;
  entity: string;
  action: PermissionAction;
  roles: string[];
  conditions: StoredCondition[];
  fields: unknown;
  masks: unknown;
  field_rules: unknown;
  created_at: Date;
  updated_at: Date;
}

/** What the admin API and import write: a validated, canonical policy. */
export interface PermissionInput {
  entity: string;
  action: PermissionAction;
  roles: string[];
  conditions: StoredCondition[];
  /** 12 §1.1 defaults until field-level permissions arrive: null, {}, []. */
  fields: null;
  masks: Record<string, never>;
  field_rules: never[];
}
