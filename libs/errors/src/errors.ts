import { AppError, ErrorDetail } from './app-error';

/** Factories for the common errors, so call sites read like the spec tables. */
export const Errors = {
  invalidPayload: (message = 'Invalid JSON body', details: ErrorDetail[] = []) =>
    new AppError('INVALID_PAYLOAD', 400, message, details),
  unauthorized: (message: string) => new AppError('UNAUTHORIZED', 401, message, [], { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (message: string) => new AppError('FORBIDDEN', 403, message),
  notFound: (message: string) => new AppError('NOT_FOUND', 404, message),
  routeNotFound: () => new AppError('NOT_FOUND', 404, 'Route not found'),
  appNotFound: (name: string) => new AppError('APP_NOT_FOUND', 404, `App not found: ${name}`),
  conflict: (message: string, details: ErrorDetail[] = []) => new AppError('CONFLICT', 409, message, details),
  payloadTooLarge: (limit: number) =>
    new AppError('PAYLOAD_TOO_LARGE', 413, `Request body too large (max ${limit} bytes)`),
  /** 422 whose message is its first detail's message (07 §0, 01 §2.5). */
  validationSingle: (detail: ErrorDetail) => new AppError('VALIDATION_FAILED', 422, detail.message, [detail]),
  validation: (details: ErrorDetail[], message = 'Validation failed') =>
    new AppError('VALIDATION_FAILED', 422, message, details),
  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    new AppError('TOO_MANY_REQUESTS', 429, message, [], {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    }),
  unavailable: (message: string) => new AppError('SERVICE_UNAVAILABLE', 503, message),
  timeout: () => new AppError('TIMEOUT', 504, 'The request took too long and was cancelled'),
};
