import { evalError } from '../errors/evaluation-error';
import { Program } from '../compile/compiled-expression';
import { BinaryNode, CallNode, LogicalNode, Node } from '../syntax/ast';
import { arithmetic, sign } from './arithmetic';
import { Budget } from './budget';
import { BUILTINS, CallEnv } from './builtins';
import { equals } from './equality';
import { index, member } from './member-access';
import { affix, contains, isIn } from './membership';
import { ordered } from './ordering';
import { isMap, ownValue, typeOf, ValueMap } from './values';

/** Per-evaluation state shared by an expression and its sub-expressions. */
export interface EvalState {
  readonly budget: Budget;
  readonly now: Date | null;
}

/**
 * Walks a program over plain data. It only reads own keys of plain maps and
 * elements of arrays, and calls nothing but the built-ins table: no value
 * in scope is ever invoked, and no prototype is ever reached.
 */
export function runProgram(program: Program, scope: unknown, state: EvalState): unknown {
  return evalNode(program.root, scope, program, state);
}

function evalNode(node: Node, scope: unknown, program: Program, state: EvalState): unknown {
  state.budget.step();
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'variable':
      return lookup(node.name, scope, program.elementScope);
    case 'member':
      return member(evalNode(node.object, scope, program, state), node.name);
    case 'index': {
      const object = evalNode(node.object, scope, program, state);
      if (object === null || object === undefined) return null;
      return index(object, evalNode(node.index, scope, program, state), state.budget);
    }
    case 'list':
      return program.constants.get(node) ?? node.items.map((item) => evalNode(item, scope, program, state));
    case 'call':
      return call(node, scope, program, state);
    case 'unary': {
      const value = evalNode(node.operand, scope, program, state);
      return node.op === '!' ? !truth(value, "'!'") : sign(node.op, value);
    }
    case 'logical':
      return logical(node, scope, program, state);
    case 'binary':
      return binary(node, scope, program, state);
    case 'conditional':
      return truth(evalNode(node.test, scope, program, state), "'?:'")
        ? evalNode(node.consequent, scope, program, state)
        : evalNode(node.alternate, scope, program, state);
  }
}

/** Context variables, or inside a sub-expression the element's keys plus `it`. */
function lookup(name: string, scope: unknown, elementScope: boolean): unknown {
  if (!elementScope) return ownValue(scope as ValueMap, name);
  if (name === 'it') return scope ?? null;
  return isMap(scope) ? ownValue(scope, name) : null;
}

/** No truthiness (03 §5.4): booleans, and null as false. */
function truth(value: unknown, operator: string): boolean {
  if (value === true) return true;
  if (value === false || value === null || value === undefined) return false;
  throw evalError(`operand of ${operator} must be boolean or null, got ${typeOf(value)}`);
}

function logical(node: LogicalNode, scope: unknown, program: Program, state: EvalState): unknown {
  const left = evalNode(node.left, scope, program, state);
  switch (node.op) {
    case '&&':
      return truth(left, "'&&'") && truth(evalNode(node.right, scope, program, state), "'&&'");
    case '||':
      return truth(left, "'||'") || truth(evalNode(node.right, scope, program, state), "'||'");
    case '??':
      return left ?? evalNode(node.right, scope, program, state);
  }
}

function binary(node: BinaryNode, scope: unknown, program: Program, state: EvalState): unknown {
  const left = evalNode(node.left, scope, program, state);
  if (node.op === 'matches') return matches(left, node, program);
  const right = evalNode(node.right, scope, program, state);
  switch (node.op) {
    case '==':
      return equals(left, right, state.budget);
    case '!=':
      return !equals(left, right, state.budget);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordered(node.op, left, right);
    case 'in':
      return isIn(left, right, state.budget);
    case 'not in':
      return !isIn(left, right, state.budget);
    case 'contains':
      return contains(left, right, state.budget);
    case 'startsWith':
    case 'endsWith':
      return affix(node.op, left, right);
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(node.op, left, right);
  }
}

/** The pattern is a literal compiled at definition time (03 §5.5). */
function matches(subject: unknown, node: BinaryNode, program: Program): boolean {
  if (subject === null || subject === undefined) return false;
  if (typeof subject !== 'string') throw evalError(`'matches' needs a string, got ${typeOf(subject)}`);
  return program.regexes.get(node)!.test(subject);
}

function call(node: CallNode, scope: unknown, program: Program, state: EvalState): unknown {
  const builtin = BUILTINS[node.name];
  const sub = program.subExpressions.get(node);
  // A sub-expression argument is program text, not a value: it is not evaluated here.
  const args = sub
    ? [evalNode(node.args[0], scope, program, state)]
    : node.args.map((arg) => evalNode(arg, scope, program, state));
  const env: CallEnv = {
    budget: state.budget,
    now: state.now,
    each: sub && ((element: unknown) => runProgram(sub, element, state)),
  };
  return builtin(args, env);
}
