import { ExpressionError } from '../errors/expression-error';

/** Runs `fn` and returns the `ExpressionError` it throws (fails the test otherwise). */
export function compileFailure(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error('expected an ExpressionError');
}
