import { ExpressionError } from '../errors/expression-error';
import { Node } from './ast';
import { parse } from './parser';

/** An S-expression view of the tree, so precedence reads at a glance. */
function show(node: Node): string {
  switch (node.type) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'variable':
      return node.name;
    case 'list':
      return `[${node.items.map(show).join(' ')}]`;
    case 'member':
      return `${show(node.object)}.${node.name}`;
    case 'index':
      return `${show(node.object)}[${show(node.index)}]`;
    case 'call':
      return `${node.name}(${node.args.map(show).join(' ')})`;
    case 'unary':
      return `(${node.op} ${show(node.operand)})`;
    case 'binary':
    case 'logical':
      return `(${node.op} ${show(node.left)} ${show(node.right)})`;
    case 'conditional':
      return `(? ${show(node.test)} ${show(node.consequent)} ${show(node.alternate)})`;
  }
}

function failure(source: string): ExpressionError {
  try {
    parse(source);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('parse (03 §3)', () => {
  describe('precedence and associativity', () => {
    it.each([
      ['a || b && c', '(|| a (&& b c))'],
      ['a && b || c', '(|| (&& a b) c)'],
      ['a ?? b || c', '(?? a (|| b c))'],
      ['a || b ?? c', '(?? (|| a b) c)'],
      ['a ? b : c ? d : e', '(? a b (? c d e))'],
      ['a ? b ? c : d : e', '(? a (? b c d) e)'],
      ['a ?? b ? c : d', '(? (?? a b) c d)'],
      ['a == b < c', '(== a (< b c))'],
      ['a < b == c < d', '(== (< a b) (< c d))'],
      ['a == b == c', '(== (== a b) c)'],
      ['a + b < c * d', '(< (+ a b) (* c d))'],
      ['a - b - c', '(- (- a b) c)'],
      ['a / b * c % d', '(% (* (/ a b) c) d)'],
      ['a + b * c', '(+ a (* b c))'],
      ['(a + b) * c', '(* (+ a b) c)'],
      ['-a * b', '(* (- a) b)'],
      ['- -a', '(- (- a))'],
      ['!a == b', '(== (! a) b)'],
      ['!a.b', '(! a.b)'],
      ["!'admin' in user.roles", '(in (! "admin") user.roles)'],
      ["!('admin' in user.roles)", '(! (in "admin" user.roles))'],
      ['not a and b', '(&& (! a) b)'],
      ['a or b and c', '(|| a (&& b c))'],
      ['x not in y', '(not in x y)'],
      ['x in y == true', '(== (in x y) true)'],
      ['s matches "a" && t contains "b"', '(&& (matches s "a") (contains t "b"))'],
      ['s startsWith "a" || s endsWith "b"', '(|| (startsWith s "a") (endsWith s "b"))'],
      ['a.b?.c[d].e', 'a.b.c[d].e'],
      ['a[b + 1]', 'a[(+ b 1)]'],
      ['f(a, b + c)', 'f(a (+ b c))'],
      ['[1, a, [2]]', '[1 a [2]]'],
      ['[]', '[]'],
      ['now()', 'now()'],
    ])('%s', (source, expected) => {
      expect(show(parse(source))).toBe(expected);
    });
  });

  describe('aliases (03 §8)', () => {
    it.each([
      ['a === b', '(== a b)'],
      ['a !== b', '(!= a b)'],
      ['nil', 'null'],
      ['null', 'null'],
      ['undefined', 'null'],
      ['new Date(x)', 'date(x)'],
      ['a and b', '(&& a b)'],
      ['a or b', '(|| a b)'],
      ['not a', '(! a)'],
    ])('%s', (source, expected) => {
      expect(show(parse(source))).toBe(expected);
    });
  });

  it('accepts reserved words as member names', () => {
    expect(show(parse('a.in.not.matches.new.null.true'))).toBe('a.in.not.matches.new.null.true');
  });

  describe('what is not part of the language', () => {
    it.each([
      ['record.total >', 'unexpected end of expression at column 15'],
      ['a = 1', "unexpected token '=' at column 3 (did you mean '=='?)"],
      ['x.foo()', 'method calls are not supported at column 6'],
      ['record.toString()', 'method calls are not supported at column 16'],
      ['f(1)(2)', 'only built-in functions can be called at column 5'],
      ['(a)(1)', 'only built-in functions can be called at column 4'],
      ['new Foo(1)', "'new' is only supported as new Date(x) at column 1"],
      ['new Date()', 'new Date takes exactly one argument at column 1'],
      ['new Date(1, 2)', 'new Date takes exactly one argument at column 1'],
      ['new Date', "'new' is only supported as new Date(x) at column 1"],
      ['a, b', "unexpected token ',' at column 2"],
      ['typeof a', "unexpected identifier 'a' at column 8"],
      ['a instanceof b', "unexpected identifier 'instanceof' at column 3"],
      ['in', "unexpected keyword 'in' at column 1"],
      ['x not y', "expected 'in' after 'not' at column 7"],
      ['[1, 2,]', "unexpected token ']' at column 7"],
      ['f(1,)', "unexpected token ')' at column 5"],
      ['a.', "expected a member name after '.' at column 3"],
      ['a.1', "expected a member name after '.' at column 3"],
      ['a?.[0]', "expected a member name after '?.' at column 4"],
      ['(a', "unexpected end of expression at column 3 (expected ')')"],
      ['a ? b', "unexpected end of expression at column 6 (expected ':')"],
      ['a b', "unexpected identifier 'b' at column 3"],
      ['', 'unexpected end of expression at column 1'],
      ['.5', "unexpected token '.' at column 1"],
      ['a + .5', "unexpected token '.' at column 5"],
    ])('%s', (source, message) => {
      const error = failure(source);
      expect(error.rule).toBe('expression_syntax');
      expect(error.message).toBe(message);
    });
  });

  it('limits syntactic nesting to 50 levels (03 §12.4)', () => {
    expect(() => parse(`${'('.repeat(49)}a${')'.repeat(49)}`)).not.toThrow();
    const error = failure(`${'('.repeat(60)}a${')'.repeat(60)}`);
    expect(error.rule).toBe('expression_limit');
    expect(failure(`${'!'.repeat(60)}a`).rule).toBe('expression_limit');
    expect(failure(`${'['.repeat(60)}${']'.repeat(60)}`).rule).toBe('expression_limit');
  });
});
