import { AppError } from '@rocket/errors';
import { validateAppCreate } from './app-create.validation';

const INVALID_NAME = 'App name must be lowercase letters, numbers and single underscores (start with a letter, max 50)';
const PG = ['postgres'];

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

function expect422(
  body: Record<string, unknown>,
  field: string,
  rule: string | undefined,
  message?: string,
  drivers = PG,
) {
  const err = thrown(() => validateAppCreate(body, drivers));
  expect(err.status).toBe(422);
  expect(err.code).toBe('VALIDATION_FAILED');
  expect(err.details).toHaveLength(1);
  expect(err.details[0].field).toBe(field);
  if (rule !== undefined) expect(err.details[0].rule).toBe(rule);
  // Single-problem 422 (07 §0): the envelope message is the detail's message.
  expect(err.message).toBe(err.details[0].message);
  if (message !== undefined) expect(err.message).toBe(message);
  return err;
}

describe('validateAppCreate (08 §3.1): name', () => {
  it.each<[string, Record<string, unknown>]>([
    ['missing', {}],
    ['empty string', { name: '' }],
    ['null', { name: null }],
    ['missing with other fields', { display_name: 'Demo', db_driver: 'postgres' }],
  ])('%s → required', (_label, body) => {
    expect422(body, 'name', 'required', 'App name is required');
  });

  it.each<[string, unknown]>([
    ['uppercase', 'Demo'],
    ['all uppercase', 'DEMO'],
    ['hyphen', 'my-app'],
    ['double underscore', 'my__app'],
    ['trailing underscore', 'myapp_'],
    ['leading underscore', '_myapp'],
    ['leading digit', '1app'],
    ['51 chars', 'a'.repeat(51)],
    ['63 chars (upstream limit)', 'a'.repeat(63)],
    ['space inside', 'my app'],
    ['surrounding spaces', ' demo '],
    ['dot', 'my.app'],
    ['non-ascii', 'café'],
    ['whitespace only', '   '],
    ['number', 42],
    ['boolean', true],
    ['array', ['demo']],
    ['object', { name: 'demo' }],
  ])('%s → invalid_name', (_label, name) => {
    expect422({ name }, 'name', 'invalid_name', INVALID_NAME);
  });

  it.each(['api', 'auth', 'admin', 'health', 'platform', 'static'])('reserved name %s → reserved', (name) => {
    const err = expect422({ name }, 'name', 'reserved');
    expect(err.message).toContain(name);
  });

  it.each([
    ['single letter', 'a'],
    ['letters and digits', 'app2'],
    ['single underscores', 'my_app_2'],
    ['digit segment', 'a_1'],
    ['50 chars', 'a'.repeat(50)],
    ['50 chars with underscores', `${'ab_'.repeat(16)}ab`],
    ['reserved word as a prefix', 'api_v2'],
    ['reserved word with suffix', 'admins'],
    ['reserved word with underscore suffix', 'platform_x'],
  ])('%s (%s) is accepted', (_label, name) => {
    expect(validateAppCreate({ name }, PG).name).toBe(name);
  });

  it('checks the name before display_name and db_driver', () => {
    expect422({ name: 'Bad', display_name: 5, db_driver: 'mysql' }, 'name', 'invalid_name');
    expect422({ name: 'api', display_name: '', db_driver: 'mysql' }, 'name', 'reserved');
  });
});

describe('validateAppCreate (08 §3.1): display_name', () => {
  it.each<[string, unknown]>([
    ['empty string', ''],
    ['201 chars', 'x'.repeat(201)],
    ['number', 5],
    ['boolean', false],
    ['array', ['Demo']],
    ['object', { text: 'Demo' }],
  ])('%s → 422 on display_name', (_label, displayName) => {
    expect422({ name: 'demo', display_name: displayName }, 'display_name', undefined);
  });

  it.each<[string, string]>([
    ['1 char', 'D'],
    ['200 chars', 'x'.repeat(200)],
    ['spaces and punctuation', 'Demo Application (EU)'],
  ])('%s is accepted', (_label, displayName) => {
    expect(validateAppCreate({ name: 'demo', display_name: displayName }, PG).display_name).toBe(displayName);
  });

  it('checks display_name before db_driver', () => {
    expect422({ name: 'demo', display_name: '', db_driver: 'mysql' }, 'display_name', undefined);
  });
});

describe('validateAppCreate (08 §3.1): db_driver', () => {
  it.each<[string, unknown, string[], string]>([
    ['mysql not allowed', 'mysql', PG, 'Invalid db_driver: must be one of postgres'],
    ['sqlite not allowed', 'sqlite', PG, 'Invalid db_driver: must be one of postgres'],
    ['case matters', 'Postgres', PG, 'Invalid db_driver: must be one of postgres'],
    ['empty string', '', PG, 'Invalid db_driver: must be one of postgres'],
    ['number', 1, PG, 'Invalid db_driver: must be one of postgres'],
    [
      'lists every allowed driver',
      'mssql',
      ['postgres', 'sqlite'],
      'Invalid db_driver: must be one of postgres, sqlite',
    ],
    ['postgres when not allowed', 'postgres', ['sqlite'], 'Invalid db_driver: must be one of sqlite'],
  ])('%s → 422', (_label, driver, allowed, message) => {
    expect422({ name: 'demo', db_driver: driver }, 'db_driver', undefined, message, allowed);
  });

  it('accepts an allowed driver', () => {
    expect(validateAppCreate({ name: 'demo', db_driver: 'sqlite' }, ['postgres', 'sqlite']).db_driver).toBe('sqlite');
  });
});

describe('validateAppCreate (08 §3.1): defaults', () => {
  it.each<[string, Record<string, unknown>, { name: string; display_name: string; db_driver: string }]>([
    ['name only', { name: 'demo' }, { name: 'demo', display_name: 'demo', db_driver: 'postgres' }],
    [
      'display_name given',
      { name: 'demo', display_name: 'Demo Application' },
      { name: 'demo', display_name: 'Demo Application', db_driver: 'postgres' },
    ],
    [
      'db_driver given',
      { name: 'shop_eu', db_driver: 'postgres' },
      { name: 'shop_eu', display_name: 'shop_eu', db_driver: 'postgres' },
    ],
    ['extra keys ignored', { name: 'demo', extra: 1 }, { name: 'demo', display_name: 'demo', db_driver: 'postgres' }],
  ])('%s', (_label, body, expected) => {
    expect(validateAppCreate(body, PG)).toEqual(expected);
  });
});
