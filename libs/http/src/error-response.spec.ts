import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { AppError, Errors } from '@rocket/errors';
import { toErrorResponse } from './error-response';

const REQUEST_ID = 'req-123';
const LIMIT = 1048576;

const pgError = (code: string, message = `pg failure ${code}`) => Object.assign(new Error(message), { code });
const fastifyError = (code: string, statusCode: number) =>
  Object.assign(new Error(`fastify ${code}`), { code, statusCode });

describe('toErrorResponse: AppError passthrough', () => {
  it.each<[string, AppError, number, string, string]>([
    ['unauthorized', Errors.unauthorized('Missing auth token'), 401, 'UNAUTHORIZED', 'Missing auth token'],
    ['forbidden', Errors.forbidden('Admin access required'), 403, 'FORBIDDEN', 'Admin access required'],
    ['app not found', Errors.appNotFound('demo'), 404, 'APP_NOT_FOUND', 'App not found: demo'],
    ['conflict', Errors.conflict('App already exists: demo'), 409, 'CONFLICT', 'App already exists: demo'],
    ['too many', Errors.tooManyRequests('slow down', 2.2), 429, 'TOO_MANY_REQUESTS', 'slow down'],
    ['custom', new AppError('INVALID_STATE', 422, 'Bad state'), 422, 'INVALID_STATE', 'Bad state'],
  ])('%s', (_label, err, status, code, message) => {
    const res = toErrorResponse(err, REQUEST_ID, LIMIT);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toBe(message);
    expect(res.body.error.request_id).toBeUndefined();
    expect(res.unexpected).toBe(false);
    expect(res.headers).toEqual(err.headers);
  });

  it('keeps WWW-Authenticate on 401', () => {
    expect(toErrorResponse(Errors.unauthorized('x'), REQUEST_ID, LIMIT).headers).toEqual({
      'WWW-Authenticate': 'Bearer',
    });
  });

  it('keeps Retry-After on 429 (rounded up)', () => {
    expect(toErrorResponse(Errors.tooManyRequests('x', 2.2), REQUEST_ID, LIMIT).headers).toEqual({
      'Retry-After': '3',
    });
  });

  it('keeps details and omits them when empty', () => {
    const detail = { field: 'name', rule: 'required', message: 'App name is required' };
    expect(toErrorResponse(Errors.validationSingle(detail), REQUEST_ID, LIMIT).body).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'App name is required', details: [detail] },
    });
    expect(toErrorResponse(Errors.forbidden('no'), REQUEST_ID, LIMIT).body).toEqual({
      error: { code: 'FORBIDDEN', message: 'no' },
    });
  });
});

describe('toErrorResponse: Nest HttpExceptions', () => {
  it.each<[string, HttpException, number, string, string]>([
    ['NotFoundException', new NotFoundException('Cannot GET /nope'), 404, 'NOT_FOUND', 'Route not found'],
    ['NotFoundException without message', new NotFoundException(), 404, 'NOT_FOUND', 'Route not found'],
    ['UnsupportedMediaTypeException', new UnsupportedMediaTypeException(), 400, 'INVALID_PAYLOAD', 'Invalid JSON body'],
    [
      'HttpException 415',
      new HttpException('Unsupported Media Type: text/plain', 415),
      400,
      'INVALID_PAYLOAD',
      'Invalid JSON body',
    ],
    [
      'BadRequestException',
      new BadRequestException('Unexpected token } in JSON'),
      400,
      'INVALID_PAYLOAD',
      'Invalid JSON body',
    ],
    [
      'PayloadTooLargeException',
      new PayloadTooLargeException(),
      413,
      'PAYLOAD_TOO_LARGE',
      `Request body too large (max ${LIMIT} bytes)`,
    ],
    [
      'HttpException 413',
      new HttpException('too big', 413),
      413,
      'PAYLOAD_TOO_LARGE',
      `Request body too large (max ${LIMIT} bytes)`,
    ],
    [
      'UnauthorizedException',
      new UnauthorizedException('Invalid or expired token'),
      401,
      'UNAUTHORIZED',
      'Invalid or expired token',
    ],
    ['ForbiddenException', new ForbiddenException('nope'), 403, 'FORBIDDEN', 'nope'],
    ['MethodNotAllowedException', new MethodNotAllowedException('no'), 405, 'METHOD_NOT_ALLOWED', 'no'],
  ])('%s → %i %s', (_label, err, status, code, message) => {
    const res = toErrorResponse(err, REQUEST_ID, LIMIT);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toBe(message);
    expect(res.unexpected).toBe(false);
  });

  it('uses the given body limit in the 413 message', () => {
    expect(toErrorResponse(new PayloadTooLargeException(), REQUEST_ID, 2048).body.error.message).toBe(
      'Request body too large (max 2048 bytes)',
    );
  });

  it('a 5xx HttpException is an unexpected 500 that does not leak its message', () => {
    const res = toErrorResponse(new InternalServerErrorException('secret detail'), REQUEST_ID, LIMIT);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error', request_id: REQUEST_ID },
    });
    expect(res.unexpected).toBe(true);
  });
});

describe('toErrorResponse: Fastify errors', () => {
  it.each<[string, Error, number, string]>([
    ['body too large', fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), 413, 'PAYLOAD_TOO_LARGE'],
    ['invalid media type', fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), 400, 'INVALID_PAYLOAD'],
    ['empty JSON body', fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400), 400, 'INVALID_PAYLOAD'],
    ['bad URL', fastifyError('FST_ERR_BAD_URL', 400), 404, 'NOT_FOUND'],
    ['other 4xx with statusCode', fastifyError('FST_ERR_SOMETHING', 431), 431, 'HEADERS_TOO_LARGE'],
    ['other 415 with statusCode', fastifyError('FST_ERR_OTHER', 415), 400, 'INVALID_PAYLOAD'],
  ])('%s → %i %s', (_label, err, status, code) => {
    const res = toErrorResponse(err, REQUEST_ID, LIMIT);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.unexpected).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain('fastify');
  });
});

describe('toErrorResponse: database errors (02 §9.3)', () => {
  it.each<[string, Error, number, string, string]>([
    [
      '23505 unique_violation',
      pgError('23505', 'duplicate key value violates unique constraint "x" Key (email)=(a@b)'),
      409,
      'CONFLICT',
      'A record with this value already exists',
    ],
    [
      '57014 query_canceled',
      pgError('57014', 'canceling statement due to statement timeout'),
      504,
      'TIMEOUT',
      'The request took too long and was cancelled',
    ],
    ['55P03 lock_not_available', pgError('55P03'), 409, 'CONFLICT', 'The record is locked by another request; retry'],
    ['40P01 deadlock_detected', pgError('40P01', 'deadlock detected'), 409, 'CONFLICT', 'Concurrent update; retry'],
    ['40001 serialization_failure', pgError('40001'), 409, 'CONFLICT', 'Concurrent update; retry'],
    [
      'pool connect timeout',
      new Error('timeout exceeded when trying to connect'),
      503,
      'SERVICE_UNAVAILABLE',
      'The database is busy; retry',
    ],
    ['53300 too_many_connections', pgError('53300'), 503, 'SERVICE_UNAVAILABLE', 'The database is busy; retry'],
  ])('%s → %i %s', (_label, err, status, code, message) => {
    const res = toErrorResponse(err, REQUEST_ID, LIMIT);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toBe(message);
    expect(res.unexpected).toBe(false);
  });

  it('does not echo the conflicting value of a unique violation', () => {
    const res = toErrorResponse(pgError('23505', 'duplicate key Key (email)=(secret@example.com)'), REQUEST_ID, LIMIT);
    expect(JSON.stringify(res.body)).not.toContain('secret@example.com');
  });

  it('an unmapped SQLSTATE is a 500', () => {
    const res = toErrorResponse(pgError('42P01', 'relation "x" does not exist'), REQUEST_ID, LIMIT);
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(res.body)).not.toContain('relation');
  });
});

describe('toErrorResponse: unexpected errors', () => {
  it.each<[string, unknown]>([
    ['plain Error', new Error('SELECT * FROM secrets failed at line 3')],
    ['TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { message: 'internal' }],
    ['Error with a 5xx statusCode', Object.assign(new Error('upstream down'), { statusCode: 502 })],
  ])('%s → 500 INTERNAL_ERROR with request id and generic message', (_label, err) => {
    const res = toErrorResponse(err, REQUEST_ID, LIMIT);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error', request_id: REQUEST_ID },
    });
    expect(res.headers).toEqual({});
    expect(res.unexpected).toBe(true);
  });

  it('never leaks the original message or stack', () => {
    const err = new Error('password=hunter2 in SELECT');
    const text = JSON.stringify(toErrorResponse(err, 'r-9', LIMIT));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('SELECT');
    expect(text).not.toContain('at ');
    expect(text).toContain('r-9');
  });
});
