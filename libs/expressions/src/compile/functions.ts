/** What the checker needs to know about a built-in (03 §7): arity and which argument is a sub-expression. */
export interface FunctionSignature {
  readonly min: number;
  readonly max: number;
  /** Index of the string-literal argument compiled as a per-element sub-expression. */
  readonly subExpression?: number;
}

const sig = (min: number, max = min, subExpression?: number): FunctionSignature => ({ min, max, subExpression });

export const FUNCTION_SIGNATURES: Readonly<Record<string, FunctionSignature>> = {
  len: sig(1),
  lower: sig(1),
  upper: sig(1),
  trim: sig(1),
  string: sig(1),
  number: sig(1),
  int: sig(1),
  abs: sig(1),
  floor: sig(1),
  ceil: sig(1),
  round: sig(1, 2),
  min: sig(1, Infinity),
  max: sig(1, Infinity),
  sum: sig(1, 2, 1),
  avg: sig(1, 2, 1),
  count: sig(1, 2, 1),
  any: sig(2, 2, 1),
  all: sig(2, 2, 1),
  date: sig(1),
  now: sig(0),
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTION_SIGNATURES);

export function signatureOf(name: string): FunctionSignature | undefined {
  return Object.hasOwn(FUNCTION_SIGNATURES, name) ? FUNCTION_SIGNATURES[name] : undefined;
}
