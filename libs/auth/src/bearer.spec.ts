import { AppError } from '@rocket/errors';
import { parseBearer, unverifiedAudience } from './bearer';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const token = (payload: unknown) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2ln`;

describe('parseBearer (07 §4)', () => {
  it.each<[string, string | string[] | undefined, string]>([
    ['canonical', 'Bearer abc.def.ghi', 'abc.def.ghi'],
    ['lower-case scheme, extra spaces', '  bearer   tok ', 'tok'],
    ['upper-case scheme', 'BEARER tok', 'tok'],
    ['mixed case scheme', 'bEaReR tok', 'tok'],
    ['tab separator', 'Bearer\ttok', 'tok'],
    ['trailing newline', 'Bearer tok\n', 'tok'],
    ['array header uses the first', ['Bearer first', 'Bearer second'], 'first'],
    ['api key token', 'Bearer rk_live_123', 'rk_live_123'],
  ])('%s → token', (_label, header, expected) => {
    expect(parseBearer(header)).toBe(expected);
  });

  it.each<[string, string | string[] | undefined]>([
    ['absent', undefined],
    ['empty', ''],
    ['whitespace only', '   '],
    ['empty array', []],
    ['array with empty string', ['']],
  ])('%s → 401 "Missing auth token"', (_label, header) => {
    const err = thrown(() => parseBearer(header));
    expect(err.status).toBe(401);
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toBe('Missing auth token');
    expect(err.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it.each<[string, string]>([
    ['Basic scheme', 'Basic x'],
    ['scheme only', 'Bearer'],
    ['scheme only with spaces', '  Bearer   '],
    ['two tokens', 'Bearer a b'],
    ['token without scheme', 'abc.def.ghi'],
    ['scheme glued to token', 'Bearertok'],
    ['Token scheme', 'Token abc'],
    ['Bearer: with colon', 'Bearer: abc'],
  ])('%s → 401 "Invalid auth header format"', (_label, header) => {
    const err = thrown(() => parseBearer(header));
    expect(err.status).toBe(401);
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toBe('Invalid auth header format');
    expect(err.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });
});

describe('unverifiedAudience', () => {
  it.each<[string, string, string | undefined]>([
    ['app audience', token({ sub: 'u', aud: 'rocket:app:demo' }), 'rocket:app:demo'],
    ['platform audience', token({ aud: 'rocket:platform' }), 'rocket:platform'],
    ['no aud claim', token({ sub: 'u' }), undefined],
    ['array aud', token({ aud: ['rocket:platform'] }), undefined],
    ['numeric aud', token({ aud: 5 }), undefined],
    ['null payload', token(null), undefined],
    ['payload not JSON', `${b64('{}')}.${b64('not json')}.sig`, undefined],
    ['payload not base64 JSON', 'a.!!!!.c', undefined],
    ['no dots', 'abcdef', undefined],
    ['empty payload segment', 'a..c', undefined],
    ['empty string', '', undefined],
    ['oversized payload', `a.${b64({ aud: 'rocket:platform', pad: 'x'.repeat(9000) })}.c`, undefined],
  ])('%s → %s', (_label, value, expected) => {
    expect(unverifiedAudience(value)).toBe(expected);
  });

  it('does not verify the signature', () => {
    expect(unverifiedAudience(`${b64({ alg: 'none' })}.${b64({ aud: 'rocket:app:x' })}.`)).toBe('rocket:app:x');
  });
});
