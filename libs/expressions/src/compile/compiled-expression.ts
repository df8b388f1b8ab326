import { SafeRegex } from '../regex/safe-regex';
import { CallNode, ListNode, Node } from '../syntax/ast';
import { ExpressionKind } from './kinds';

/** A tree plus what was compiled from its literals; shared by expressions and their sub-expressions. */
export interface Program {
  readonly root: Node;
  /** The regex of each `matches` node. */
  readonly regexes: ReadonlyMap<Node, SafeRegex>;
  /** The per-element program of each call with a sub-expression argument. */
  readonly subExpressions: ReadonlyMap<CallNode, Program>;
  /** Lists made only of literals, built once. */
  readonly constants: ReadonlyMap<ListNode, readonly unknown[]>;
  /** Sub-expressions read identifiers from the current element (03 §7). */
  readonly elementScope: boolean;
}

/** The result of `compileExpression`: immutable, safe to share between requests and tenants. */
export interface CompiledExpression extends Program {
  readonly source: string;
  readonly kind: ExpressionKind;
  /** Variables of the context the expression reads, sorted (the check endpoint's `identifiers`). */
  readonly identifiers: readonly string[];
  /** Built-in functions called, sorted, sub-expressions included. */
  readonly functions: readonly string[];
  readonly nodeCount: number;
  /** An empty guard or webhook condition: always true (03 §12.2). */
  readonly empty: boolean;
  /** Stored text that failed to compile: every evaluation fails with this message (03 §12.2). */
  readonly broken?: string;
}

/** The entity facts the checker needs; a registry `CompiledEntity` fits as it is. */
export interface ExpressionEntity {
  readonly name: string;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly kind?: string }>;
  readonly pk?: { readonly name: string };
}

export interface CompileOptions {
  readonly kind: ExpressionKind;
  /** Enables the check of literal `record.x` / `old.x` members (03 §6). */
  readonly entity?: ExpressionEntity;
  /** Place-dependent variables: `loop`, `loops`, `branch`, `child` (11 §3.12), `request` (09 §6). */
  readonly extraVariables?: readonly string[];
}
