/**
 * A run-time failure (03 §12.3): type errors, exhausted budgets, broken
 * definitions. Never an HTTP 500: each caller turns it into the answer its
 * context prescribes (see `evaluationErrorDetail`).
 */
export class ExpressionEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionEvaluationError';
  }
}

/** Shorthand used throughout the runtime. */
export function evalError(message: string): ExpressionEvaluationError {
  return new ExpressionEvaluationError(message);
}
