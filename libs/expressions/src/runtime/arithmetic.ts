import { evalError } from '../errors/evaluation-error';
import { checkedString } from './budget';
import { makeDateTime } from './datetime';
import { typeOf } from './values';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/** Binary arithmetic (03 §5.3); a null operand gives null, anything unlisted is an error. */
export function arithmetic(op: ArithmeticOperator, a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return numeric(op, a, b);
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (op === '+' && ta === 'string' && tb === 'string') return checkedString((a as string) + (b as string));
  if (ta === 'datetime' && tb === 'number' && (op === '+' || op === '-'))
    return makeDateTime((a as Date).getTime() + (op === '+' ? (b as number) : -(b as number)));
  if (ta === 'datetime' && tb === 'datetime' && op === '-') return (a as Date).getTime() - (b as Date).getTime();
  throw evalError(`cannot apply '${op}' to ${ta} and ${tb}`);
}

function numeric(op: ArithmeticOperator, a: number, b: number): number {
  let result: number;
  switch (op) {
    case '+':
      result = a + b;
      break;
    case '-':
      result = a - b;
      break;
    case '*':
      result = a * b;
      break;
    case '/':
      if (b === 0) throw evalError('division by zero');
      result = a / b;
      break;
    case '%':
      if (b === 0) throw evalError('division by zero');
      result = a % b;
      break;
  }
  if (!Number.isFinite(result)) throw evalError('number out of range');
  return result;
}

/** Unary `-` and `+`: numbers only, null stays null. */
export function sign(op: '-' | '+', value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw evalError(`cannot apply unary '${op}' to ${typeOf(value)}`);
  return op === '-' ? -value : value;
}
