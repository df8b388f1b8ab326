import { ErrorDetail } from '@rocket/errors';

/** Record contexts whose evaluation errors reject the write with a 422 (03 §12.3). */
export type RejectingKind = 'rule' | 'computed' | 'guard' | 'webhook_condition' | 'action_template';

/** The 422 detail 03 §12.3 prescribes for an evaluation error in `kind`. */
export function evaluationErrorDetail(kind: RejectingKind, reason: string, field?: string): ErrorDetail {
  const at = field === undefined ? {} : { field };
  switch (kind) {
    case 'rule':
      return { ...at, rule: 'expression', message: `rule could not be evaluated: ${reason}` };
    case 'computed':
      return { ...at, rule: 'computed', message: reason };
    case 'guard':
      return { ...at, rule: 'state_machine', message: `guard could not be evaluated: ${reason}` };
    case 'webhook_condition':
      return { ...at, rule: 'webhook_condition', message: reason };
    case 'action_template':
      return { ...at, rule: 'state_machine', message: reason };
  }
}
