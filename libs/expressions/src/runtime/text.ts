import { evalError } from '../errors/evaluation-error';
import { LIMITS } from '../compile/limits';
import { Budget, checkedString } from './budget';
import { dateTimeText } from './datetime';
import { typeOf, ValueMap } from './values';

/**
 * `string(x)` (03 §7): strings as they are, numbers in JS's shortest form,
 * datetimes as canonical ISO, lists and maps as JSON. Built by hand so
 * that no `toJSON` or `toString` of a scope value is ever called.
 */
export function toText(value: unknown, budget: Budget): string {
  const type = typeOf(value);
  if (type === 'string') return value as string;
  if (type === 'datetime') return dateTimeText(value as Date);
  const parts: string[] = [];
  const state = { length: 0 };
  writeJson(value, parts, state, budget, 0);
  return checkedString(parts.join(''));
}

function writeJson(value: unknown, out: string[], state: { length: number }, budget: Budget, depth: number): void {
  budget.charge(1);
  if (depth > LIMITS.scopeDepth) throw evalError('value nested too deeply to convert to text');
  const push = (text: string) => {
    state.length += text.length;
    if (state.length > LIMITS.stringLength)
      throw evalError(`string result longer than ${LIMITS.stringLength} characters`);
    out.push(text);
  };
  switch (typeOf(value)) {
    case 'null':
      return push('null');
    case 'boolean':
      return push(value ? 'true' : 'false');
    case 'number':
      return push(String(value));
    case 'string':
      return push(JSON.stringify(value));
    case 'datetime':
      return push(JSON.stringify(dateTimeText(value as Date)));
    case 'list':
      push('[');
      (value as unknown[]).forEach((item, i) => {
        if (i > 0) push(',');
        writeJson(item, out, state, budget, depth + 1);
      });
      return push(']');
    case 'map':
      push('{');
      Object.keys(value as ValueMap).forEach((key, i) => {
        if (i > 0) push(',');
        push(`${JSON.stringify(key)}:`);
        writeJson((value as ValueMap)[key], out, state, budget, depth + 1);
      });
      return push('}');
  }
}
