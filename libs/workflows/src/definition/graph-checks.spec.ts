import { graphWarnings } from './graph-checks';
import { WorkflowStep } from './workflow.types';

const action = (id: string, then: 'end' | { goto: string } = 'end'): WorkflowStep => ({
  id,
  type: 'action',
  actions: [{ type: 'send_event', event: 'x', metadata: {} }],
  then,
});
const condition = (id: string, onTrue: string, onFalse: string): WorkflowStep => ({
  id,
  type: 'condition',
  expression: 'true',
  on_true: onTrue === 'end' ? 'end' : { goto: onTrue },
  on_false: onFalse === 'end' ? 'end' : { goto: onFalse },
});
const approval = (id: string, onApprove: string, onReject: string, onTimeout?: string): WorkflowStep => ({
  id,
  type: 'approval',
  assignee: { type: 'role', role: 'manager' },
  on_approve: onApprove === 'end' ? 'end' : { goto: onApprove },
  on_reject: onReject === 'end' ? 'end' : { goto: onReject },
  ...(onTimeout === undefined ? {} : { on_timeout: { goto: onTimeout } }),
});
const go = (id: string) => ({ goto: id });
const rules = (steps: WorkflowStep[]) => graphWarnings(steps).map((w) => `${w.rule}@${w.field}`);

describe('graphWarnings (11 §4.2–4.3 for 05-shaped definitions)', () => {
  it('finds nothing in a straight or branching definition', () => {
    expect(rules([condition('c', 'a', 'b'), action('a', go('b')), action('b')])).toEqual([]);
  });

  it('accepts the spec example: escalate ↔ manager_review waits at an approval', () => {
    const steps = [
      condition('check', 'review', 'ok'),
      approval('review', 'ok', 'back', 'escalate'),
      action('escalate', go('review')),
      action('ok'),
      action('back'),
    ];
    expect(rules(steps)).toEqual([]);
  });

  it('reports steps the first step cannot reach', () => {
    expect(rules([action('a'), action('orphan'), action('also', go('orphan'))])).toEqual([
      'unreachable_step@steps[1]',
      'unreachable_step@steps[2]',
    ]);
  });

  it('reports a cycle with no waiting step, and one that can never finish', () => {
    expect(rules([condition('c', 'tick', 'end'), action('tick', go('c'))])).toEqual(['cycle_without_loop@steps[0]']);
    expect(rules([action('a', go('b')), action('b', go('a'))])).toEqual([
      'cycle_without_exit@steps[0]',
      'cycle_without_loop@steps[0]',
    ]);
    expect(rules([action('self', go('self'))])).toEqual(['cycle_without_exit@steps[0]', 'cycle_without_loop@steps[0]']);
  });

  it('treats a missing on_timeout as failure, not as an exit', () => {
    expect(rules([approval('a', 'b', 'b'), approval('b', 'a', 'a')])).toEqual(['cycle_without_exit@steps[0]']);
  });
});
