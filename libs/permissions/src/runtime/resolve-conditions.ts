import {
  ConditionOperator,
  evaluate,
  ExpressionEvaluationError,
  ExpressionScope,
  scopeMap,
  userScope,
} from '@rocket/expressions';
import { CompiledField } from '@rocket/metadata';
import { Principal } from '@rocket/tenancy';
import { CompiledCondition, CompiledPolicy } from '../compile/compiled-policy';
import { conditionOperand, IMPOSSIBLE, Operand } from '../compile/operand';

/** A condition ready to apply: its template (if any) resolved for the caller. */
export interface ResolvedCondition {
  readonly field: CompiledField;
  readonly operator: ConditionOperator;
  readonly operand: Operand;
}

/** A policy's conditions for one caller; `null` stands for a condition that is false on every row. */
export type ResolvedPolicy = readonly (ResolvedCondition | null)[];

/** `{user, now}`: the scope of permission templates (03 §9.5). */
export function templateScope(principal: Principal | undefined, now: Date): ExpressionScope {
  const user = principal ? { id: principal.id, email: principal.email, roles: principal.roles } : null;
  return scopeMap({ user: userScope(user), now });
}

/**
 * Resolves the templates of the applicable policies once per request or
 * write (03 §11). A template that fails, resolves to null (07 §6.1, a
 * principal without an id or e-mail) or to a value the field cannot hold
 * makes its condition false: fail closed.
 */
export function resolvePolicies(policies: readonly CompiledPolicy[], scope: ExpressionScope): ResolvedPolicy[] {
  return policies.map((policy) => policy.conditions.map((c) => resolveCondition(c, scope)));
}

function resolveCondition(condition: CompiledCondition, scope: ExpressionScope): ResolvedCondition | null {
  switch (condition.kind) {
    case 'never':
      return null;
    case 'literal':
      return condition;
    case 'template': {
      let value: unknown;
      try {
        value = evaluate(condition.expression, scope);
      } catch (e) {
        if (e instanceof ExpressionEvaluationError) return null;
        throw e;
      }
      if (value === null || value === undefined) return null;
      const operand = conditionOperand(condition.field.kind, condition.operator, value);
      return operand === IMPOSSIBLE ? null : { field: condition.field, operator: condition.operator, operand };
    }
  }
}
