import { BUILT_IN_ENV_DENY, SecretReferenceError, SecretReferences } from './secret-references';

const ENV: Record<string, string> = {
  CRM_TOKEN: 'crm-secret',
  OTHER: 'other-secret',
  ROCKET_APP_DEMO__CRM_TOKEN: 'demo-scoped',
  ROCKET_APP_DEMO__DATABASE_URL: 'scoped-db',
  DATABASE_URL: 'postgres://x',
  PGPASSWORD: 'pg',
  jwt_secret: 'j',
  PORT: '8080',
};

function refs(allow: string[] = ['*'], deny: string[] = []) {
  return new SecretReferences({ allow, deny: [...BUILT_IN_ENV_DENY, ...deny, 'PORT'] }, (name) => ENV[name]);
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SecretReferenceError);
    return (e as Error).message;
  }
  throw new Error('expected a failure');
}

describe('SecretReferences.resolve (09 §1)', () => {
  it('replaces references inside literal text, spaces allowed in the braces', () => {
    expect(refs().resolve('shop', 'Token {{env.CRM_TOKEN}} / {{ env.OTHER }}')).toBe('Token crm-secret / other-secret');
  });

  it('prefers the app-scoped variable of its own app', () => {
    expect(refs().resolve('demo', '{{env.CRM_TOKEN}}')).toBe('demo-scoped');
    expect(refs().resolve('shop', '{{env.CRM_TOKEN}}')).toBe('crm-secret');
  });

  it('the app-scoped variable is always allowed for its own app', () => {
    expect(refs([]).resolve('demo', '{{env.DATABASE_URL}}')).toBe('scoped-db');
  });

  it.each([
    ['DATABASE_URL', ['*']],
    ['PGPASSWORD', ['*']],
    ['jwt_secret', ['*']],
    ['PORT', ['*']],
    ['CRM_TOKEN', ['OTHER']],
    ['CRM_TOKEN', []],
  ])('%s with allow %j → not allowed', (name, allow) => {
    expect(failure(() => refs(allow).resolve('shop', `{{env.${name}}}`))).toBe(
      `environment variable ${name} is not allowed`,
    );
  });

  it('env_deny patterns apply', () => {
    expect(failure(() => refs(['*'], ['CRM_*']).resolve('shop', '{{env.CRM_TOKEN}}'))).toContain('not allowed');
  });

  it('an unset variable fails instead of becoming empty', () => {
    expect(failure(() => refs().resolve('shop', '{{env.MISSING}}'))).toBe('environment variable MISSING is not set');
  });

  it('values without templates are returned untouched', () => {
    expect(refs().resolve('shop', 'plain {value}')).toBe('plain {value}');
  });
});

describe('SecretReferences.check (save time)', () => {
  it.each([
    ['{{env.CRM_TOKEN}}', []],
    ['Bearer {{ env.CRM_TOKEN }}', []],
    ['{{record.id}}', ['invalid_value']],
    ['{{env.1BAD}}', ['invalid_value']],
    ['{{env.DATABASE_URL}}', ['env_not_allowed']],
    ['{{env.ROCKET_MASTER_KEY}}', ['env_not_allowed']],
    ['{{env.MY_JWT_KEY}}', ['env_not_allowed']],
    ['{{env.PORT}}', ['env_not_allowed']],
    ['{{env.A}} {{x}}', ['invalid_value']],
  ])('%s → %j', (value, rules) => {
    expect(
      refs()
        .check(value, 'headers.X')
        .map((d) => d.rule),
    ).toEqual(rules);
  });

  it('names the field and the variable', () => {
    expect(refs().check('{{env.PGHOST}}', 'headers.X-Key')).toEqual([
      { field: 'headers.X-Key', rule: 'env_not_allowed', message: 'environment variable PGHOST is not allowed' },
    ]);
  });

  it('lists the referenced names', () => {
    expect(refs().references('a {{env.A}} b {{ env.B }} {{c}}')).toEqual(['A', 'B']);
  });
});
