import { hasRole, Principal, SYSTEM_ACTOR } from '@rocket/tenancy';
import { CompiledMachine, CompiledTransition } from './compiled-machine';

/** What a create does to one machine's field (04 §2.5 Create). */
export type CreateDecision = { kind: 'assign' } | { kind: 'accept' } | { kind: 'invalid'; message: string };

/** What an update does to one machine's field (04 §2.5 Update, steps 1–4). */
export type UpdateDecision =
  | { kind: 'none' }
  | { kind: 'invalid'; message: string }
  | { kind: 'transition'; from: string; to: string; transition: CompiledTransition };

/** State values compare as strings (04 §2.5); absent and SQL NULL are null. */
export function stateText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * `given` is the payload's value, not a field default: a default does not
 * apply to a state field, the initial state takes its place.
 */
export function decideCreate(machine: CompiledMachine, given: unknown): CreateDecision {
  const state = stateText(given);
  if (state === null) return { kind: 'assign' };
  if (state === machine.initial) return { kind: 'accept' };
  return { kind: 'invalid', message: `Initial state must be '${machine.initial}', got '${state}'` };
}

/**
 * `stored` is the locked row's value, `proposed` the value after the
 * payload (the stored one when the payload leaves the field out). A stored
 * null counts as the initial state.
 */
export function decideUpdate(machine: CompiledMachine, stored: unknown, proposed: unknown): UpdateDecision {
  const old = stateText(stored);
  const next = stateText(proposed);
  if (old === next) return { kind: 'none' };
  const from = old ?? machine.initial;
  if (old === null && next === machine.initial) return { kind: 'none' };
  if (next === null) return { kind: 'invalid', message: `Invalid transition from '${from}' to null` };
  const transition = machine.transitions.find((t) => t.to === next && t.from.has(from));
  if (!transition) return { kind: 'invalid', message: `Invalid transition from '${from}' to '${next}'` };
  return { kind: 'transition', from, to: next, transition };
}

/**
 * Step 5: a transition with roles needs one of them (case-insensitive),
 * unless the caller is an admin or the system actor.
 */
export function mayTake(transition: CompiledTransition, principal: Principal | undefined): boolean {
  if (transition.roles.length === 0) return true;
  if (!principal) return false;
  if (principal === SYSTEM_ACTOR || hasRole(principal, 'admin')) return true;
  return principal.roles.some((r) => transition.roles.includes(r.toLowerCase()));
}
