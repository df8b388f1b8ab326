import { AppError, ErrorDetail, Errors } from '@rocket/errors';

/** The `rule` of a definition-time detail (03 §12.2); `required` is an empty expression. */
export type ExpressionErrorRule =
  | 'expression_syntax'
  | 'expression_identifier'
  | 'expression_function'
  | 'expression_limit'
  | 'expression_regex'
  | 'required';

/**
 * A definition-time problem: the expression cannot be compiled. `position`
 * is the 0-based offset into the source (null when the whole text is at
 * fault); the message already names the 1-based column.
 */
export class ExpressionError extends Error {
  readonly column: number | null;

  constructor(
    readonly rule: ExpressionErrorRule,
    /** The reason without the column, e.g. `unknown identifier 'x'`. */
    readonly reason: string,
    readonly position: number | null = null,
    /** Text appended after the column, e.g. the allowed names or a hint. */
    readonly suffix = '',
  ) {
    super(position === null ? `${reason}${suffix}` : `${reason} at column ${position + 1}${suffix}`);
    this.name = 'ExpressionError';
    this.column = position === null ? null : position + 1;
  }
}

/** The 422 detail of one bad expression, `field` being the JSON path of its property. */
export function expressionErrorDetail(error: ExpressionError, field: string): ErrorDetail {
  return { field, rule: error.rule, message: error.message };
}

/** A ready 422 `VALIDATION_FAILED` for one bad expression. */
export function expressionValidationError(error: ExpressionError, field: string): AppError {
  return Errors.validation([expressionErrorDetail(error, field)]);
}
