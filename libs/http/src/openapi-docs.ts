import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class ErrorDetailDoc {
  @ApiPropertyOptional({ example: 'name' }) field?: string;
  @ApiPropertyOptional({ example: 'required' }) rule?: string;
  @ApiProperty({ example: 'name is required' }) message!: string;
}

export class ErrorBodyDoc {
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code!: string;
  @ApiProperty({ example: 'Validation failed' }) message!: string;
  @ApiPropertyOptional({ type: [ErrorDetailDoc] }) details?: ErrorDetailDoc[];
}

/** The error envelope of 02 §9.1. */
export class ErrorEnvelopeDoc {
  @ApiProperty({ type: ErrorBodyDoc }) error!: ErrorBodyDoc;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'INVALID_PAYLOAD: malformed JSON, a body that is not an object, nesting over 64 levels',
  401: 'UNAUTHORIZED: missing, malformed, invalid or expired credentials',
  403: 'FORBIDDEN: the caller lacks the required role',
  404: 'NOT_FOUND / APP_NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE: body over the configured limit',
  422: 'VALIDATION_FAILED with field-level details',
  429: 'TOO_MANY_REQUESTS (see Retry-After)',
  500: 'INTERNAL_ERROR (logged with the request id)',
  503: 'SERVICE_UNAVAILABLE: no database connection could be had in time',
};

/** Documents the error answers an endpoint can give, all in the standard envelope. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...[...statuses, 500].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorEnvelopeDoc }),
    ),
  );
}
