import { isObject } from '@rocket/state-machine';
import { Goto } from './workflow.types';

/**
 * A step target in any accepted form (05 §2.2: `"end"`, `{"goto":"end"}`,
 * `"<id>"`, `{"goto":"<id>"}`) in its canonical form; `undefined` for a
 * missing target, `null` when the value has none of these shapes.
 */
export function canonicalGoto(raw: unknown): Goto | undefined | null {
  if (raw === undefined || raw === null) return undefined;
  const target = isObject(raw) && Object.keys(raw).length === 1 ? raw.goto : raw;
  if (typeof target !== 'string' || target === '') return null;
  return target === 'end' ? 'end' : { goto: target };
}

/** The step id a target names, or null for the end. */
export function gotoStep(target: Goto | undefined): string | null {
  return target === undefined || target === 'end' ? null : target.goto;
}
