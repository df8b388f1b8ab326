/**
 * The expression tree. Aliases are folded by the parser (`===` → `==`,
 * `and` → `&&`, `new Date(x)` → `date(x)`), so the evaluator sees one form.
 * `pos` is the 0-based source offset where the node's text starts, for messages.
 */
export type BinaryOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'matches'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';
export type LogicalOperator = '&&' | '||' | '??';
export type UnaryOperator = '!' | '-' | '+';

export type LiteralValue = null | boolean | number | string;

export interface LiteralNode {
  readonly type: 'literal';
  readonly value: LiteralValue;
  readonly pos: number;
}
export interface ListNode {
  readonly type: 'list';
  readonly items: readonly Node[];
  readonly pos: number;
}
export interface VariableNode {
  readonly type: 'variable';
  readonly name: string;
  readonly pos: number;
}
export interface MemberNode {
  readonly type: 'member';
  readonly object: Node;
  readonly name: string;
  /** Position of the member name, for messages about it. */
  readonly namePos: number;
  readonly pos: number;
}
export interface IndexNode {
  readonly type: 'index';
  readonly object: Node;
  readonly index: Node;
  readonly pos: number;
}
export interface CallNode {
  readonly type: 'call';
  readonly name: string;
  readonly args: readonly Node[];
  readonly pos: number;
}
export interface UnaryNode {
  readonly type: 'unary';
  readonly op: UnaryOperator;
  readonly operand: Node;
  readonly pos: number;
}
export interface BinaryNode {
  readonly type: 'binary';
  readonly op: BinaryOperator;
  readonly left: Node;
  readonly right: Node;
  readonly pos: number;
}
export interface LogicalNode {
  readonly type: 'logical';
  readonly op: LogicalOperator;
  readonly left: Node;
  readonly right: Node;
  readonly pos: number;
}
export interface ConditionalNode {
  readonly type: 'conditional';
  readonly test: Node;
  readonly consequent: Node;
  readonly alternate: Node;
  readonly pos: number;
}

export type Node =
  | LiteralNode
  | ListNode
  | VariableNode
  | MemberNode
  | IndexNode
  | CallNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | ConditionalNode;

/** Direct children, for walks that do not care about node types. */
export function childrenOf(node: Node): readonly Node[] {
  switch (node.type) {
    case 'literal':
    case 'variable':
      return [];
    case 'list':
      return node.items;
    case 'member':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'call':
      return node.args;
    case 'unary':
      return [node.operand];
    case 'binary':
    case 'logical':
      return [node.left, node.right];
    case 'conditional':
      return [node.test, node.consequent, node.alternate];
  }
}
