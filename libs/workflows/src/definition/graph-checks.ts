import { ErrorDetail } from '@rocket/errors';
import { gotoStep } from './goto';
import { Goto, WorkflowStep } from './workflow.types';

/**
 * The graph findings of 11 §4.2 that are warnings for 05-shaped
 * definitions (11 §4.3): steps the first step cannot reach, cycles that
 * can never finish, and cycles without a waiting step (an approval) that
 * would spin until the step limit. `unknown_step` is an error, reported by
 * the validator; the definition is saved either way.
 */
export function graphWarnings(steps: readonly WorkflowStep[]): ErrorDetail[] {
  if (steps.length === 0) return [];
  const index = new Map(steps.map((s, i) => [s.id, i]));
  // Per step: its successors (step indexes) and whether it has an exit edge (end or missing target).
  const edges = steps.map((step) => {
    const next: number[] = [];
    let exits = false;
    for (const target of targetsOf(step)) {
      const id = gotoStep(target);
      const to = id === null ? undefined : index.get(id);
      if (to === undefined) exits = true;
      else next.push(to);
    }
    return { next, exits };
  });
  const warnings: ErrorDetail[] = [];
  const reached = reachable(edges.map((e) => e.next));
  steps.forEach((step, i) => {
    if (!reached.has(i)) {
      warnings.push({
        field: `steps[${i}]`,
        rule: 'unreachable_step',
        message: `step ${step.id} cannot be reached from ${steps[0].id}`,
      });
    }
  });
  for (const component of cycles(edges.map((e) => e.next))) {
    const members = new Set(component);
    const first = Math.min(...component);
    const names = component.map((i) => steps[i].id).join(', ');
    const leaves = component.some((i) => edges[i].exits || edges[i].next.some((n) => !members.has(n)));
    if (!leaves) {
      warnings.push({
        field: `steps[${first}]`,
        rule: 'cycle_without_exit',
        message: `steps ${names} form a cycle that never reaches the end`,
      });
    }
    if (!component.some((i) => steps[i].type === 'approval')) {
      warnings.push({
        field: `steps[${first}]`,
        rule: 'cycle_without_loop',
        message: `steps ${names} form a cycle without a waiting step; it stops at the step limit`,
      });
    }
  }
  return warnings;
}

/** Every target key of a step; a missing `on_timeout` means failure and is no edge (11 §4.2). */
function targetsOf(step: WorkflowStep): Goto[] {
  switch (step.type) {
    case 'action':
      return [step.then];
    case 'condition':
      return [step.on_true, step.on_false];
    case 'approval':
      return step.on_timeout === undefined
        ? [step.on_approve, step.on_reject]
        : [step.on_approve, step.on_reject, step.on_timeout];
  }
}

function reachable(next: readonly number[][]): Set<number> {
  const seen = new Set<number>([0]);
  const stack = [0];
  while (stack.length > 0) {
    for (const n of next[stack.pop()!]) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/** Strongly connected sets of ≥ 2 steps, or a step targeting itself (Tarjan, iterative enough for 100 steps). */
function cycles(next: readonly number[][]): number[][] {
  const order = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    order.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next[v]) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, order.get(w)!));
      }
    }
    if (low.get(v) !== order.get(v)) return;
    const component: number[] = [];
    let w: number;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || next[v].includes(v)) found.push(component.sort((a, b) => a - b));
  };
  next.forEach((_, v) => {
    if (!order.has(v)) visit(v);
  });
  return found.sort((a, b) => a[0] - b[0]);
}
