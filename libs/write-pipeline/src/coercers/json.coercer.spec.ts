import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceJson } from './json.coercer';

describeCoercer(
  'json',
  coerceJson,
  fieldOf({ type: 'json' }),
  [
    ['an object', { a: [1, 'x', null, true] }, { a: [1, 'x', null, true] }],
    ['an array', [1, 2], [1, 2]],
    ['a string', 'text', 'text'],
    ['a number', 1.5, 1.5],
    ['a boolean', false, false],
    ['an empty object', {}, {}],
    ['deep nesting', { a: { b: { c: { d: [] } } } }, { a: { b: { c: { d: [] } } } }],
  ],
  [
    ['U+0000 in a nested string', { a: ['ok', 'b\u0000d'] }, 'must not contain the character U+0000'],
    ['U+0000 in a key', { 'k\u0000': 1 }, 'must not contain the character U+0000'],
    ['an unpaired surrogate', ['\uD800'], 'must not contain unpaired UTF-16 surrogates'],
    ['Infinity (1e400 parsed)', { n: Infinity }, 'must not contain non-finite numbers'],
  ],
);
