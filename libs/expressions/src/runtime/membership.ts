import { evalError } from '../errors/evaluation-error';
import { FORBIDDEN_MEMBERS } from '../compile/limits';
import { Budget } from './budget';
import { equals } from './equality';
import { typeOf, ValueMap } from './values';

/** `x in list` / `k in map` (03 §5.5); `x in null` is false. */
export function isIn(item: unknown, container: unknown, budget: Budget): boolean {
  switch (typeOf(container)) {
    case 'null':
      return false;
    case 'list':
      budget.charge((container as unknown[]).length);
      return (container as unknown[]).some((element) => equals(element, item, budget));
    case 'map':
      return typeof item === 'string' && !FORBIDDEN_MEMBERS.has(item) && Object.hasOwn(container as ValueMap, item);
    case 'boolean':
    case 'number':
    case 'string':
    case 'datetime':
      throw evalError(`the right operand of 'in' must be a list or a map, got ${typeOf(container)}`);
  }
}

/** `s contains t`: substring, or membership when `s` is a list. */
export function contains(subject: unknown, part: unknown, budget: Budget): boolean {
  const type = typeOf(subject);
  if (type === 'null') return false;
  if (type === 'list') return isIn(part, subject, budget);
  if (type !== 'string') throw evalError(`'contains' needs a string or a list, got ${type}`);
  if (part === null || part === undefined) return false;
  if (typeof part !== 'string') throw evalError(`'contains' needs a string to look for, got ${typeOf(part)}`);
  return (subject as string).includes(part);
}

/** `s startsWith t` / `s endsWith t`; a null operand gives false. */
export function affix(op: 'startsWith' | 'endsWith', subject: unknown, part: unknown): boolean {
  if (subject === null || subject === undefined || part === null || part === undefined) return false;
  if (typeof subject !== 'string' || typeof part !== 'string')
    throw evalError(`'${op}' needs two strings, got ${typeOf(subject)} and ${typeOf(part)}`);
  return op === 'startsWith' ? subject.startsWith(part) : subject.endsWith(part);
}
