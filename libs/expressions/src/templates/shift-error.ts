import { ExpressionError } from '../errors/expression-error';

/** Re-bases an error's column from the embedded expression to the whole property text. */
export function shiftError(error: ExpressionError, offset: number): ExpressionError {
  const position = error.position === null ? offset : error.position + offset;
  return new ExpressionError(error.rule, error.reason, position, error.suffix);
}
