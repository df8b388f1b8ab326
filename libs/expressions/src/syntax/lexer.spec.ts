import { ExpressionError } from '../errors/expression-error';
import { tokenize } from './lexer';

const values = (source: string) => tokenize(source).map((t) => (t.type === 'number' ? t.number : t.value));

function failure(source: string): ExpressionError {
  try {
    tokenize(source);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('tokenize (03 §2)', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['3.14', 3.14],
    ['1e3', 1000],
    ['2.5E-2', 0.025],
    ['1E+2', 100],
  ])('reads the number %s', (source, expected) => {
    expect(values(source)).toEqual([expected, '']);
  });

  it.each(['0x1F', '0o7', '07', '1_000', '1.', '1.e3', '1e', '1e+', '5a'])('rejects the number %s', (source) => {
    expect(failure(source).rule).toBe('expression_syntax');
  });

  it.each([
    [`'a\\'b'`, "a'b"],
    [`"a\\"b"`, 'a"b'],
    [`'\\\\'`, '\\'],
    [`'\\n\\r\\t'`, '\n\r\t'],
    [`'\\u00e9'`, 'é'],
    [`"it's"`, "it's"],
  ])('reads the string %s', (source, expected) => {
    expect(values(source)).toEqual([expected, '']);
  });

  it.each([
    [`'\\x41'`, "invalid escape '\\x' at column 2"],
    [`'\\u12'`, "invalid escape '\\u' at column 2"],
    [`'abc`, 'unterminated string at column 1'],
    ["'a\nb'", 'line break inside a string at column 3'],
    ['`x`', 'template strings are not supported at column 1'],
  ])('rejects the string %s', (source, message) => {
    expect(failure(source).message).toBe(message);
  });

  it('matches the longest operator first', () => {
    expect(values('a === b !== c == d != e <= f >= g && h || i ?? j ?.k')).toEqual([
      'a',
      '===',
      'b',
      '!==',
      'c',
      '==',
      'd',
      '!=',
      'e',
      '<=',
      'f',
      '>=',
      'g',
      '&&',
      'h',
      '||',
      'i',
      '??',
      'j',
      '?.',
      'k',
      '',
    ]);
  });

  it('keeps words as names (keywords are the parser’s business) and skips whitespace', () => {
    expect(values(' not\tin\r\nmatches ')).toEqual(['not', 'in', 'matches', '']);
  });

  it.each([
    ['record.total = 5', "unexpected token '=' at column 14 (did you mean '=='?)"],
    ['a & b', "unexpected token '&' at column 3 (did you mean '&&'?)"],
    ['a | b', "unexpected token '|' at column 3 (did you mean '||'?)"],
    ['(x) => 1', 'arrow functions are not supported at column 5'],
    ['a++', 'increment/decrement operators are not supported at column 2'],
    ['a--', 'increment/decrement operators are not supported at column 2'],
    ['a ** 2', 'the exponent operator is not supported at column 3'],
    ['{a: 1}', 'object literals and blocks are not supported at column 1'],
    ['a; b', "unexpected token ';' at column 2"],
    ['a ^ b', "unexpected token '^' at column 3"],
    ['~a', "unexpected token '~' at column 1"],
    ['$x', "unexpected token '$' at column 1"],
    ['#x', "unexpected token '#' at column 1"],
    ['café', "unexpected token 'é' at column 4"],
  ])('rejects %s', (source, message) => {
    const error = failure(source);
    expect(error.message).toBe(message);
    expect(error.rule).toBe('expression_syntax');
  });

  it('reports 0-based positions and 1-based columns', () => {
    const error = failure('ab = c');
    expect(error.position).toBe(3);
    expect(error.column).toBe(4);
  });
});
