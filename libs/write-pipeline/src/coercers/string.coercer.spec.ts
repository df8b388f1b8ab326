import { describeCoercer, fieldOf } from '../testing/coercer-cases';
import { coerceString } from './string.coercer';

const NOT_STRING = 'must be a string';
const NUL = 'must not contain the character U+0000';
const SURROGATE = 'must not contain unpaired UTF-16 surrogates';

describeCoercer(
  'string/text',
  coerceString,
  fieldOf({ type: 'string' }),
  [
    ['plain text', 'Acme', 'Acme'],
    ['empty string', '', ''],
    ['spaces kept', '  padded  ', '  padded  '],
    ['unicode', 'Grüße 🚀', 'Grüße 🚀'],
    ['a surrogate pair', '\uD83D\uDE80', '\uD83D\uDE80'],
    ['numeric text stays text', '0042', '0042'],
  ],
  [
    ['a number', 42, NOT_STRING],
    ['a boolean', true, NOT_STRING],
    ['an object', { a: 1 }, NOT_STRING],
    ['an array', ['a'], NOT_STRING],
    ['U+0000', 'a\u0000b', NUL],
    ['a lone high surrogate', 'a\uD83Db', SURROGATE],
    ['a lone low surrogate', 'a\uDE80', SURROGATE],
    ['a trailing high surrogate', 'end\uD83D', SURROGATE],
    ['swapped surrogates', '\uDE80\uD83D', SURROGATE],
  ],
);
