/** One problem inside an error response: which field, which rule, what went wrong. */
export interface ErrorDetail {
  field?: string;
  rule?: string;
  message: string;
}

/** Every error code the API can answer with (02 §9.2 and the files that extend it). */
export type ErrorCode =
  | 'INVALID_PAYLOAD'
  | 'UNKNOWN_FIELD'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'APP_NOT_FOUND'
  | 'UNKNOWN_ENTITY'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'FILE_TOO_LARGE'
  | 'RANGE_NOT_SATISFIABLE'
  | 'HEADERS_TOO_LARGE'
  | 'VALIDATION_FAILED'
  | 'INVALID_STATE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_ERROR'
  | 'WEBHOOK_REJECTED'
  | 'WEBHOOK_FAILED'
  | 'SERVICE_UNAVAILABLE'
  | 'APP_UNAVAILABLE'
  | 'TIMEOUT';

/**
 * An error the client is meant to see. Everything that is not an AppError is
 * rendered as a logged 500 by the global filter.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
    readonly headers: Record<string, string> = {},
  ) {
    // A client error (4xx) is answered, never logged: capturing its stack was
    // the costliest part of answering one (a sixth of an unknown-entity 404's CPU).
    const stackTraceLimit = Error.stackTraceLimit;
    if (status < 500) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'AppError';
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } } {
    const error: { code: ErrorCode; message: string; details?: ErrorDetail[] } = {
      code: this.code,
      message: this.message,
    };
    if (this.details.length > 0) error.details = this.details;
    return { error };
  }
}
