import { ExpressionError } from '../errors/expression-error';
import { LIMITS } from '../compile/limits';
import { BinaryOperator, LogicalOperator, Node } from './ast';
import { tokenize } from './lexer';
import { RESERVED_WORDS, Token } from './tokens';

type Infix = { prec: number; op: BinaryOperator | LogicalOperator; logical: boolean };

const logical = (prec: number, op: LogicalOperator): Infix => ({ prec, op, logical: true });
const binary = (prec: number, op: BinaryOperator): Infix => ({ prec, op, logical: false });

/** Binding power from loosest to tightest (03 §3); `?:` sits below all of them. */
const INFIX: Readonly<Record<string, Infix>> = {
  '??': logical(1, '??'),
  '||': logical(2, '||'),
  or: logical(2, '||'),
  '&&': logical(3, '&&'),
  and: logical(3, '&&'),
  '==': binary(4, '=='),
  '===': binary(4, '=='),
  '!=': binary(4, '!='),
  '!==': binary(4, '!='),
  '<': binary(5, '<'),
  '<=': binary(5, '<='),
  '>': binary(5, '>'),
  '>=': binary(5, '>='),
  in: binary(5, 'in'),
  not: binary(5, 'not in'),
  matches: binary(5, 'matches'),
  contains: binary(5, 'contains'),
  startsWith: binary(5, 'startsWith'),
  endsWith: binary(5, 'endsWith'),
  '+': binary(6, '+'),
  '-': binary(6, '-'),
  '*': binary(7, '*'),
  '/': binary(7, '/'),
  '%': binary(7, '%'),
};

const WORD_OPERATORS = new Set(['or', 'and', 'in', 'not', 'matches', 'contains', 'startsWith', 'endsWith']);

/** Parses exactly the grammar of 03 §3 into a tree; throws `ExpressionError` (`expression_syntax` / `expression_limit`). */
export function parse(source: string): Node {
  return new Parser(tokenize(source)).parseAll();
}

/** Recursive descent with precedence climbing for the binary levels. */
class Parser {
  private index = 0;
  private nesting = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const node = this.expression();
    const next = this.peek();
    if (next.type !== 'eof') throw this.unexpected(next);
    return node;
  }

  private expression(): Node {
    this.enter();
    const test = this.binary(0);
    let node = test;
    if (this.isPunct('?')) {
      this.next();
      const consequent = this.expression();
      this.expectPunct(':');
      const alternate = this.expression();
      node = { type: 'conditional', test, consequent, alternate, pos: test.pos };
    }
    this.nesting--;
    return node;
  }

  private binary(minPrec: number): Node {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      const infix = this.infixOf(token);
      if (!infix || infix.prec <= minPrec) return left;
      this.next();
      if (token.value === 'not') this.expectWord('in', "expected 'in' after 'not'");
      const right = this.binary(infix.prec);
      left = infix.logical
        ? { type: 'logical', op: infix.op as LogicalOperator, left, right, pos: left.pos }
        : { type: 'binary', op: infix.op as BinaryOperator, left, right, pos: left.pos };
    }
  }

  private unary(): Node {
    const token = this.peek();
    const op =
      token.type === 'punct' && (token.value === '!' || token.value === '-' || token.value === '+')
        ? token.value
        : token.type === 'name' && token.value === 'not'
          ? '!'
          : null;
    if (!op) return this.postfix();
    this.next();
    this.enter();
    const operand = this.unary();
    this.nesting--;
    return { type: 'unary', op, operand, pos: token.pos };
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'punct') return node;
      if (token.value === '.' || token.value === '?.') {
        this.next();
        const name = this.next();
        if (name.type !== 'name') throw this.syntax(`expected a member name after '${token.value}'`, name.pos);
        node = { type: 'member', object: node, name: name.value, namePos: name.pos, pos: node.pos };
        if (this.isPunct('(')) throw this.syntax('method calls are not supported', this.peek().pos);
      } else if (token.value === '[') {
        this.next();
        const index = this.expression();
        this.expectPunct(']');
        node = { type: 'index', object: node, index, pos: node.pos };
      } else if (token.value === '(') {
        throw this.syntax('only built-in functions can be called', token.pos);
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const token = this.next();
    switch (token.type) {
      case 'number':
        return { type: 'literal', value: token.number, pos: token.pos };
      case 'string':
        return { type: 'literal', value: token.value, pos: token.pos };
      case 'name':
        return this.word(token);
      case 'punct':
        if (token.value === '(') {
          const inner = this.expression();
          this.expectPunct(')');
          return inner;
        }
        if (token.value === '[') return { type: 'list', items: this.arguments(']'), pos: token.pos };
        throw this.unexpected(token);
      case 'eof':
        throw this.unexpected(token);
    }
  }

  private word(token: Token): Node {
    switch (token.value) {
      case 'true':
      case 'false':
        return { type: 'literal', value: token.value === 'true', pos: token.pos };
      case 'nil':
      case 'null':
      case 'undefined':
        return { type: 'literal', value: null, pos: token.pos };
      case 'new':
        return this.newDate(token);
    }
    if (RESERVED_WORDS.has(token.value)) throw this.syntax(`unexpected keyword '${token.value}'`, token.pos);
    if (!this.isPunct('(')) return { type: 'variable', name: token.value, pos: token.pos };
    this.next();
    return { type: 'call', name: token.value, args: this.arguments(')'), pos: token.pos };
  }

  /** `new Date(x)` is the only `new` (03 §8): an alias of `date(x)`. */
  private newDate(token: Token): Node {
    const name = this.next();
    if (name.type !== 'name' || name.value !== 'Date' || !this.isPunct('('))
      throw this.syntax("'new' is only supported as new Date(x)", token.pos);
    this.next();
    const args = this.arguments(')');
    if (args.length !== 1) throw this.syntax('new Date takes exactly one argument', token.pos);
    return { type: 'call', name: 'date', args, pos: token.pos };
  }

  /** Comma-separated expressions up to `close` (already past the opener). */
  private arguments(close: ')' | ']'): Node[] {
    const items: Node[] = [];
    if (this.isPunct(close)) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(this.expression());
      const token = this.next();
      if (token.type === 'punct' && token.value === close) return items;
      if (!(token.type === 'punct' && token.value === ',')) throw this.unexpected(token, `expected ',' or '${close}'`);
      if (this.isPunct(close)) throw this.unexpected(this.peek());
    }
  }

  private infixOf(token: Token): Infix | undefined {
    if (token.type === 'punct') return INFIX[token.value];
    if (token.type === 'name' && WORD_OPERATORS.has(token.value)) return INFIX[token.value];
    return undefined;
  }

  /** Nesting depth is syntactic: parentheses, lists, calls, indexes, branches, unary chains. */
  private enter(): void {
    if (++this.nesting > LIMITS.depth)
      throw new ExpressionError('expression_limit', `expression is nested more than ${LIMITS.depth} levels deep`);
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.value === value;
  }

  private expectPunct(value: string): void {
    const token = this.next();
    if (token.type !== 'punct' || token.value !== value) throw this.unexpected(token, `expected '${value}'`);
  }

  private expectWord(value: string, reason: string): void {
    const token = this.next();
    if (token.type !== 'name' || token.value !== value) throw this.syntax(reason, token.pos);
  }

  private unexpected(token: Token, expected?: string): ExpressionError {
    const suffix = expected ? ` (${expected})` : '';
    if (token.type === 'eof') return this.syntax('unexpected end of expression', token.pos, suffix);
    const what =
      token.type === 'string'
        ? 'string'
        : token.type === 'number'
          ? `number '${token.value}'`
          : token.type === 'name'
            ? `${RESERVED_WORDS.has(token.value) ? 'keyword' : 'identifier'} '${token.value}'`
            : `token '${token.value}'`;
    return this.syntax(`unexpected ${what}`, token.pos, suffix);
  }

  private syntax(reason: string, pos: number, suffix = ''): ExpressionError {
    return new ExpressionError('expression_syntax', reason, pos, suffix);
  }
}
