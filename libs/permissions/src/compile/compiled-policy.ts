import { CompiledExpression, ConditionOperator } from '@rocket/expressions';
import { CompiledField } from '@rocket/metadata';
import { PermissionAction } from '../permission.types';
import { Operand } from './operand';

/**
 * One condition of a loaded policy, compiled against a registry snapshot
 * (STYLE 3): its field resolved, its literal value already in operand form,
 * or its `{{ … }}` template compiled. A condition that can never hold (field
 * no longer declared, stored value the field cannot hold, template that does
 * not compile) is `never`: false on every row (07 §6.2 step 4).
 */
export type CompiledCondition =
  | {
      readonly kind: 'literal';
      readonly field: CompiledField;
      readonly operator: ConditionOperator;
      readonly operand: Operand;
    }
  | {
      readonly kind: 'template';
      readonly field: CompiledField;
      readonly operator: ConditionOperator;
      readonly expression: CompiledExpression;
    }
  | { readonly kind: 'never'; readonly reason: string };

export interface CompiledPolicy {
  readonly id: string;
  readonly entity: string;
  readonly action: PermissionAction;
  /** Lower case (07 §0). */
  readonly roles: ReadonlySet<string>;
  /** ANDed; empty = the policy grants every row (07 §6.2 step 2). */
  readonly conditions: readonly CompiledCondition[];
}
