import {
  compileStoredExpression,
  conditionProblem,
  isConditionOperator,
  wholeTemplateSource,
} from '@rocket/expressions';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { PermissionAction, PermissionRow } from '../permission.types';
import { CompiledCondition, CompiledPolicy } from './compiled-policy';
import { conditionOperand, IMPOSSIBLE } from './operand';

/** Told about every stored condition that can never hold, once per compilation. */
export type PolicyWarning = (policy: PermissionRow, reason: string) => void;

const key = (entity: string, action: PermissionAction) => `${entity}\u0000${action}`;

/**
 * The policies of one app compiled against one registry snapshot: looked up
 * by (entity, action) in policy order (created_at, then id: 12 §0). Built
 * once per snapshot and shared by every request on it; never per request.
 */
export class PolicySet {
  static readonly EMPTY = new PolicySet(undefined, new Map());

  private constructor(
    /** The snapshot the set was compiled against (undefined for EMPTY). */
    readonly registry: Registry | undefined,
    private readonly byKey: ReadonlyMap<string, readonly CompiledPolicy[]>,
  ) {}

  static compile(registry: Registry, rows: readonly PermissionRow[], warn: PolicyWarning = () => undefined): PolicySet {
    const byKey = new Map<string, CompiledPolicy[]>();
    const ordered = [...rows].sort(
      (a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id),
    );
    for (const row of ordered) {
      const entity = registry.entities.get(row.entity);
      if (!entity) continue; // its requests answer 404 UNKNOWN_ENTITY before any check
      const policy: CompiledPolicy = {
        id: row.id,
        entity: row.entity,
        action: row.action,
        roles: new Set((row.roles ?? []).map((r) => r.toLowerCase())),
        conditions: compileConditions(entity, row, warn),
      };
      const list = byKey.get(key(row.entity, row.action));
      if (list) list.push(policy);
      else byKey.set(key(row.entity, row.action), [policy]);
    }
    return new PolicySet(registry, byKey);
  }

  /** Every policy of (entity, action), whoever it grants. */
  policies(entity: string, action: PermissionAction): readonly CompiledPolicy[] {
    return this.byKey.get(key(entity, action)) ?? [];
  }
}

function compileConditions(entity: CompiledEntity, row: PermissionRow, warn: PolicyWarning): CompiledCondition[] {
  if (!Array.isArray(row.conditions)) {
    warn(row, 'conditions is not a list');
    return [{ kind: 'never', reason: 'conditions is not a list' }];
  }
  return row.conditions.map((stored, i) => {
    const condition = compileCondition(entity, stored, row.id);
    if (condition.kind === 'never') warn(row, `conditions[${i}]: ${condition.reason}`);
    return condition;
  });
}

/** A stored triple as it will be applied; anything unusable becomes `never` (fail closed). */
export function compileCondition(entity: CompiledEntity, stored: unknown, policyId = ''): CompiledCondition {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return { kind: 'never', reason: 'not a condition' };
  }
  const { field: name, operator, value } = stored as Record<string, unknown>;
  const field = typeof name === 'string' ? entity.fieldsByName.get(name) : undefined;
  if (!field) return { kind: 'never', reason: `field not found: ${String(name)}` };
  if (!isConditionOperator(operator)) return { kind: 'never', reason: `unsupported operator: ${String(operator)}` };
  const problem = conditionProblem(operator, value, field.kind);
  if (problem) return { kind: 'never', reason: problem };
  const template = wholeTemplateSource(value);
  if (template) {
    const expression = compileStoredExpression(template.source, { kind: 'permission_template' }, policyId);
    if (expression.broken) return { kind: 'never', reason: expression.broken };
    return { kind: 'template', field, operator, expression };
  }
  const operand = conditionOperand(field.kind, operator, value);
  if (operand === IMPOSSIBLE) return { kind: 'never', reason: `value cannot match field ${field.name}` };
  return { kind: 'literal', field, operator, operand };
}
