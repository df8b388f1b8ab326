import { ExpressionError } from '../errors/expression-error';
import { RegexSyntaxError } from '../regex/regex-ast';
import { SafeRegex } from '../regex/safe-regex';
import { CallNode, childrenOf, ListNode, LiteralNode, Node } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { Program } from './compiled-expression';
import { FUNCTION_NAMES, signatureOf } from './functions';
import { FORBIDDEN_MEMBERS, LIMITS } from './limits';

export interface CheckScope {
  /** Variables in scope, in message order; null inside a sub-expression (any element key). */
  readonly variables: readonly string[] | null;
  /** Allowed literal members of `record`/`old` when the entity is known. */
  readonly recordMembers?: { readonly entity: string; readonly names: ReadonlySet<string> };
}

export interface CheckedProgram extends Program {
  readonly identifiers: ReadonlySet<string>;
  readonly functions: ReadonlySet<string>;
  readonly nodeCount: number;
}

/**
 * Definition-time checks of 03 §6–7 and §12.4 over a parsed tree: known
 * identifiers and functions, arity, literal regexes and sub-expressions,
 * node and list limits. Compiles what the literals hold and freezes the tree.
 */
export function checkProgram(root: Node, scope: CheckScope): CheckedProgram {
  return new Checker(scope).run(root);
}

const isStringLiteral = (node: Node | undefined): node is LiteralNode & { value: string } =>
  node?.type === 'literal' && typeof node.value === 'string';

class Checker {
  private nodes = 0;
  private readonly identifiers = new Set<string>();
  private readonly functions = new Set<string>();
  private readonly regexes = new Map<Node, SafeRegex>();
  private readonly subExpressions = new Map<CallNode, Program>();
  private readonly constants = new Map<ListNode, readonly unknown[]>();
  private readonly allowed: ReadonlySet<string> | null;

  constructor(private readonly scope: CheckScope) {
    this.allowed = scope.variables && new Set(scope.variables);
  }

  run(root: Node): CheckedProgram {
    this.visit(root);
    return {
      root,
      regexes: this.regexes,
      subExpressions: this.subExpressions,
      constants: this.constants,
      elementScope: this.scope.variables === null,
      identifiers: this.identifiers,
      functions: this.functions,
      nodeCount: this.nodes,
    };
  }

  private visit(node: Node): void {
    if (++this.nodes > LIMITS.astNodes)
      throw new ExpressionError('expression_limit', `expression has more than ${LIMITS.astNodes} nodes`);
    switch (node.type) {
      case 'variable':
        this.variable(node.name, node.pos);
        break;
      case 'member':
        this.memberName(node.object, node.name, node.namePos);
        break;
      case 'index':
        if (isStringLiteral(node.index)) this.memberName(node.object, node.index.value, node.index.pos);
        break;
      case 'list':
        if (this.list(node)) {
          Object.freeze(node);
          return;
        }
        break;
      case 'call':
        this.call(node);
        break;
      case 'binary':
        if (node.op === 'matches') this.regex(node.right, node);
        break;
      case 'literal':
      case 'unary':
      case 'logical':
      case 'conditional':
        break;
    }
    for (const child of childrenOf(node)) this.visit(child);
    Object.freeze(node);
  }

  private variable(name: string, pos: number): void {
    if (FORBIDDEN_MEMBERS.has(name))
      throw new ExpressionError('expression_identifier', `'${name}' is not accessible`, pos);
    if (!this.allowed) return; // sub-expression: any key of the element
    if (!this.allowed.has(name))
      throw new ExpressionError(
        'expression_identifier',
        `unknown identifier '${name}'`,
        pos,
        `; allowed: ${this.scope.variables!.join(', ')}`,
      );
    this.identifiers.add(name);
  }

  private memberName(object: Node, name: string, pos: number): void {
    if (FORBIDDEN_MEMBERS.has(name))
      throw new ExpressionError('expression_identifier', `'${name}' is not accessible`, pos);
    const members = this.scope.recordMembers;
    if (!members || object.type !== 'variable' || (object.name !== 'record' && object.name !== 'old')) return;
    if (!this.allowed?.has(object.name) || members.names.has(name)) return;
    throw new ExpressionError('expression_identifier', `unknown field '${name}' of entity '${members.entity}'`, pos);
  }

  /** True when the list is all literals: it is built once and counts as one node. */
  private list(node: ListNode): boolean {
    if (node.items.length > LIMITS.listLiteral)
      throw new ExpressionError(
        'expression_limit',
        `list literal has more than ${LIMITS.listLiteral} elements`,
        node.pos,
      );
    if (!node.items.every((item) => item.type === 'literal')) return false;
    node.items.forEach((item) => Object.freeze(item));
    this.constants.set(node, Object.freeze(node.items.map((item) => item.value)));
    return true;
  }

  private call(node: CallNode): void {
    const signature = signatureOf(node.name);
    if (!signature)
      throw new ExpressionError(
        'expression_function',
        `unknown function '${node.name}'`,
        node.pos,
        `; allowed: ${FUNCTION_NAMES.join(', ')}`,
      );
    const n = node.args.length;
    if (n < signature.min || n > signature.max) {
      const range =
        signature.min === signature.max
          ? `${signature.min}`
          : signature.max === Infinity
            ? `at least ${signature.min}`
            : `${signature.min} to ${signature.max}`;
      throw new ExpressionError(
        'expression_function',
        `${node.name}() takes ${range} argument${range.endsWith(' 1') || range === '1' ? '' : 's'}, got ${n}`,
        node.pos,
      );
    }
    this.functions.add(node.name);
    const subIndex = signature.subExpression;
    if (subIndex !== undefined && subIndex < n) this.subExpression(node, node.args[subIndex]);
  }

  /** Sub-expressions are string literals compiled now, with element keys for identifiers (03 §7). */
  private subExpression(call: CallNode, arg: Node): void {
    if (!isStringLiteral(arg))
      throw new ExpressionError(
        'expression_function',
        `the sub-expression of ${call.name}() must be a string literal`,
        arg.pos,
      );
    if (arg.value.length > LIMITS.subExpressionLength)
      throw new ExpressionError(
        'expression_limit',
        `sub-expression is longer than ${LIMITS.subExpressionLength} characters`,
        arg.pos,
      );
    try {
      const sub = checkProgram(parse(arg.value), { variables: null });
      sub.functions.forEach((f) => this.functions.add(f));
      this.subExpressions.set(call, sub);
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      const where = e.column === null ? '' : ` at column ${e.column}`;
      throw new ExpressionError(e.rule, `${e.reason}${where} of the sub-expression`, arg.pos, e.suffix);
    }
  }

  private regex(right: Node, node: Node): void {
    if (!isStringLiteral(right))
      throw new ExpressionError(
        'expression_regex',
        "the right operand of 'matches' must be a string literal",
        right.pos,
      );
    try {
      this.regexes.set(node, SafeRegex.compile(right.value));
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      throw new ExpressionError('expression_regex', `invalid regular expression: ${e.message}`, right.pos);
    }
  }
}
