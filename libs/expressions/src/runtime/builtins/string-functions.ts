import { evalError } from '../../errors/evaluation-error';
import { checkedString } from '../budget';
import { toText } from '../text';
import { typeOf, ValueMap } from '../values';
import { Builtin } from './builtin.types';

/** `len(x)`: code points of a string, elements of a list, keys of a map; `len(null)` = 0. */
export const len: Builtin = ([x], { budget }) => {
  switch (typeOf(x)) {
    case 'null':
      return 0;
    case 'string':
      budget.charge((x as string).length);
      return codePointCount(x as string);
    case 'list':
      return (x as unknown[]).length;
    case 'map':
      return Object.keys(x as ValueMap).length;
    case 'boolean':
    case 'number':
    case 'datetime':
      throw evalError(`len() needs a string, list or map, got ${typeOf(x)}`);
  }
};

function codePointCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

const stringFunction =
  (name: string, fn: (s: string) => string): Builtin =>
  ([s]) => {
    if (s === null || s === undefined) return null;
    if (typeof s !== 'string') throw evalError(`${name}() needs a string, got ${typeOf(s)}`);
    return checkedString(fn(s));
  };

export const lower = stringFunction('lower', (s) => s.toLowerCase());
export const upper = stringFunction('upper', (s) => s.toUpperCase());
export const trim = stringFunction('trim', (s) => s.trim());

/** `string(x)`: canonical text; null → null. */
export const string: Builtin = ([x], { budget }) => (x === null || x === undefined ? null : toText(x, budget));
