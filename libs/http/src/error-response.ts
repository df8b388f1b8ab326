import { HttpException } from '@nestjs/common';
import { mapDatabaseError } from '@rocket/database';
import { AppError, ErrorCode, Errors } from '@rocket/errors';

export interface ErrorResponse {
  status: number;
  body: { error: { code: string; message: string; details?: unknown[]; request_id?: string } };
  headers: Record<string, string>;
  /** True for errors the operator must look at (500s). */
  unexpected: boolean;
}

const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => Errors.invalidPayload(),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => Errors.invalidPayload(),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => Errors.invalidPayload(),
  FST_ERR_CTP_EMPTY_TYPE: () => Errors.invalidPayload(),
  FST_ERR_CTP_INVALID_TYPE: () => Errors.invalidPayload(),
  FST_ERR_BAD_URL: () => Errors.routeNotFound(),
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'INVALID_PAYLOAD',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION_FAILED',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Turns anything thrown while serving a request into the envelope of 02 §9.1.
 * Known errors keep their status; everything else is a 500 with the request
 * id, and its message never reaches the client.
 */
export function toErrorResponse(err: unknown, requestId: string, bodyLimit: number): ErrorResponse {
  const known = classify(err, bodyLimit);
  if (known) {
    return { status: known.status, body: known.toBody(), headers: known.headers, unexpected: false };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL_ERROR', message: 'Internal server error', request_id: requestId } },
    headers: {},
    unexpected: true,
  };
}

function classify(err: unknown, bodyLimit: number): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404) return Errors.routeNotFound();
    if (status === 413) return Errors.payloadTooLarge(bodyLimit);
    // Fastify's own client errors reach us wrapped by Nest (415, 400…): the body was unusable.
    if (status === 415 || status === 400) return Errors.invalidPayload();
    const code = STATUS_CODES[status];
    if (status >= 400 && status < 500) return new AppError(code ?? 'INVALID_PAYLOAD', status, httpMessage(err));
    if (status === 503) return Errors.unavailable(httpMessage(err));
    return undefined;
  }
  const fastifyCode = (err as { code?: string })?.code;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return Errors.payloadTooLarge(bodyLimit);
  if (fastifyCode && FASTIFY_CODES[fastifyCode]) return FASTIFY_CODES[fastifyCode]();
  const database = mapDatabaseError(err);
  if (database) return database;
  // Other client errors raised by Fastify or its plugins carry a 4xx statusCode.
  const statusCode = (err as { statusCode?: number })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new AppError(
      STATUS_CODES[statusCode] ?? 'INVALID_PAYLOAD',
      statusCode === 415 ? 400 : statusCode,
      'Invalid request',
    );
  }
  return undefined;
}

function httpMessage(err: HttpException): string {
  const response = err.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : err.message;
}
