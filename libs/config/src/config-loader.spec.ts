import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config-loader';
import { RocketConfig } from './config.types';

type Env = Record<string, string | undefined>;

const GOOD_SECRET = 'p'.repeat(32);
const GOOD_MASTER = 'm'.repeat(40);
/** A production environment that passes every boot rule. */
const PROD: Env = {
  ROCKET_ENV: 'production',
  ROCKET_PLATFORM_JWT_SECRET: GOOD_SECRET,
  ROCKET_MASTER_KEY: GOOD_MASTER,
  ROCKET_SEED_ADMIN_PASSWORD: 'a-strong-admin-pass',
  ROCKET_SEED_PLATFORM_PASSWORD: 'a-strong-platform-pass',
};

let root: string;
let cwd: string;
let fileCount = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rocket-config-spec-'));
  // cwd is two levels down so that neither ./app.yaml nor ../../app.yaml exists by accident.
  cwd = join(root, 'a', 'b');
  mkdirSync(cwd, { recursive: true });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes a YAML file under the temp root and returns an env that points ROCKET_CONFIG at it. */
function withFile(yaml: string, env: Env = {}): Env {
  const file = join(root, `config-${++fileCount}.yaml`);
  writeFileSync(file, yaml);
  return { ...env, ROCKET_CONFIG: file };
}

function load(env: Env = {}) {
  return loadConfig(env, cwd);
}

function get(config: RocketConfig, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], config);
}

function loadError(env: Env): ConfigError {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig defaults (08 §8)', () => {
  let config: RocketConfig;
  let warnings: string[];
  let file: string | undefined;
  beforeAll(() => {
    ({ config, warnings, file } = load());
  });

  it.each<[string, unknown]>([
    ['server.port', 8080],
    ['server.host', '0.0.0.0'],
    ['server.env', 'development'],
    ['server.body_limit_bytes', 1048576],
    ['server.max_header_bytes', 16384],
    ['server.max_param_length', 1024],
    ['server.keep_alive_timeout_ms', 72000],
    ['server.request_timeout_ms', 300000],
    ['server.log_level', 'info'],
    ['database.host', 'localhost'],
    ['database.port', 5432],
    ['database.user', 'rocket'],
    ['database.password', 'rocket'],
    ['database.name', 'rocket'],
    ['database.url', undefined],
    ['database.embedded', true],
    ['database.pool_size', 10],
    ['database.statement_timeout_ms', 30000],
    ['database.lock_timeout_ms', 10000],
    ['database.idle_in_transaction_timeout_ms', 60000],
    ['app_pool_size', 5],
    ['apps.max_open', 50],
    ['apps.allowed_drivers', ['postgres']],
    ['auth.access_ttl_seconds', 900],
    ['auth.refresh_ttl_seconds', 604800],
    ['auth.bcrypt_cost', 10],
    ['auth.invite_ttl_hours', 72],
    ['auth.login_max_failures', 10],
    ['auth.login_window_seconds', 900],
    ['auth.seed_admin.email', 'admin@localhost'],
    ['auth.seed_admin.password', 'changeme'],
    ['auth.seed_platform_admin.email', 'platform@localhost'],
    ['secrets.env_allow', ['*']],
    ['secrets.env_deny', []],
    ['outbound.block_private_networks', false],
    ['outbound.allowed_hosts', []],
    ['webhooks.timeout_ms', 10000],
    ['webhooks.poll_interval_ms', 5000],
    ['webhooks.concurrency', 10],
    ['webhooks.retry_base_seconds', 30],
    ['webhooks.max_retry_delay_seconds', 3600],
    ['webhooks.log_retention_days', 30],
    ['workflows.poll_interval_ms', 5000],
    ['workflows.max_steps_per_run', 100],
    ['workflows.max_trigger_depth', 10],
    ['auth.seed_platform_admin.password', 'changeme'],
    ['auth.allow_default_credentials', false],
  ])('%s defaults to %j', (path, expected) => {
    expect(get(config, path)).toEqual(expected);
  });

  it('reads no file when none exists and ROCKET_CONFIG is unset', () => {
    expect(file).toBeUndefined();
  });

  it('generates random secrets outside production, with a warning for each', () => {
    expect(config.auth.platform_jwt_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(config.secrets.master_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(config.auth.platform_jwt_secret).not.toEqual(config.secrets.master_key);
    expect(warnings.some((w) => w.includes('auth.platform_jwt_secret'))).toBe(true);
    expect(warnings.some((w) => w.includes('secrets.master_key'))).toBe(true);
  });

  it('generates different secrets on each boot', () => {
    const again = loadConfig({}, cwd).config;
    expect(again.auth.platform_jwt_secret).not.toEqual(config.auth.platform_jwt_secret);
    expect(again.secrets.master_key).not.toEqual(config.secrets.master_key);
  });

  it('resolves data_dir against cwd', () => {
    expect(load().config.data_dir).toBe(join(cwd, 'data'));
  });
});

describe('loadConfig environment overrides', () => {
  it.each<[string, Env, string, unknown]>([
    ['ROCKET_PORT', { ROCKET_PORT: '9001' }, 'server.port', 9001],
    ['PORT', { PORT: '9002' }, 'server.port', 9002],
    ['ROCKET_PORT before PORT', { ROCKET_PORT: '9003', PORT: '9004' }, 'server.port', 9003],
    ['empty ROCKET_PORT is not set', { ROCKET_PORT: '', PORT: '9005' }, 'server.port', 9005],
    ['ROCKET_ENV', { ROCKET_ENV: 'test' }, 'server.env', 'test'],
    ['NODE_ENV', { NODE_ENV: 'test' }, 'server.env', 'test'],
    ['ROCKET_ENV before NODE_ENV', { ROCKET_ENV: 'development', NODE_ENV: 'production' }, 'server.env', 'development'],
    ['ROCKET_HOST', { ROCKET_HOST: '127.0.0.1' }, 'server.host', '127.0.0.1'],
    ['ROCKET_LOG_LEVEL', { ROCKET_LOG_LEVEL: 'debug' }, 'server.log_level', 'debug'],
    ['ROCKET_DB_HOST', { ROCKET_DB_HOST: 'db.internal' }, 'database.host', 'db.internal'],
    ['ROCKET_DB_PORT', { ROCKET_DB_PORT: '5433' }, 'database.port', 5433],
    ['ROCKET_DB_USER', { ROCKET_DB_USER: 'alice' }, 'database.user', 'alice'],
    ['ROCKET_DB_PASSWORD', { ROCKET_DB_PASSWORD: 's3cret' }, 'database.password', 's3cret'],
    ['ROCKET_DB_NAME', { ROCKET_DB_NAME: 'mgmt' }, 'database.name', 'mgmt'],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://u:p@h:1/d' }, 'database.url', 'postgres://u:p@h:1/d'],
    ['ROCKET_DB_POOL_SIZE', { ROCKET_DB_POOL_SIZE: '25' }, 'database.pool_size', 25],
    ['ROCKET_APP_POOL_SIZE', { ROCKET_APP_POOL_SIZE: '7' }, 'app_pool_size', 7],
    ['ROCKET_MAX_OPEN_APPS', { ROCKET_MAX_OPEN_APPS: '3' }, 'apps.max_open', 3],
    ['ROCKET_ALLOWED_DRIVERS', { ROCKET_ALLOWED_DRIVERS: ' postgres , ' }, 'apps.allowed_drivers', ['postgres']],
    ['ROCKET_BCRYPT_COST', { ROCKET_BCRYPT_COST: '12' }, 'auth.bcrypt_cost', 12],
    ['ROCKET_PLATFORM_JWT_SECRET', { ROCKET_PLATFORM_JWT_SECRET: 'abc' }, 'auth.platform_jwt_secret', 'abc'],
    ['PLATFORM_JWT_SECRET', { PLATFORM_JWT_SECRET: 'def' }, 'auth.platform_jwt_secret', 'def'],
    [
      'ROCKET_PLATFORM_JWT_SECRET before PLATFORM_JWT_SECRET',
      { ROCKET_PLATFORM_JWT_SECRET: 'first', PLATFORM_JWT_SECRET: 'second' },
      'auth.platform_jwt_secret',
      'first',
    ],
    ['ROCKET_MASTER_KEY', { ROCKET_MASTER_KEY: 'mk' }, 'secrets.master_key', 'mk'],
    ['ROCKET_DATA_DIR', { ROCKET_DATA_DIR: 'store' }, 'data_dir', '<cwd>/store'],
    [
      'ROCKET_SEED_ADMIN_EMAIL',
      { ROCKET_SEED_ADMIN_EMAIL: 'boss@example.com' },
      'auth.seed_admin.email',
      'boss@example.com',
    ],
    [
      'ROCKET_SEED_ADMIN_PASSWORD',
      { ROCKET_SEED_ADMIN_PASSWORD: 'longenough' },
      'auth.seed_admin.password',
      'longenough',
    ],
    [
      'ROCKET_SEED_PLATFORM_EMAIL',
      { ROCKET_SEED_PLATFORM_EMAIL: 'ops@example.com' },
      'auth.seed_platform_admin.email',
      'ops@example.com',
    ],
    [
      'ROCKET_SEED_PLATFORM_PASSWORD',
      { ROCKET_SEED_PLATFORM_PASSWORD: 'longenough2' },
      'auth.seed_platform_admin.password',
      'longenough2',
    ],
  ])('%s', (_label, env, path, expected) => {
    const value = get(load(env).config, path);
    expect(value).toEqual(expected === '<cwd>/store' ? join(cwd, 'store') : expected);
  });

  it('does not warn about a platform secret that was given', () => {
    const { warnings } = load({ ROCKET_PLATFORM_JWT_SECRET: 'given' });
    expect(warnings.some((w) => w.includes('auth.platform_jwt_secret'))).toBe(false);
    expect(warnings.some((w) => w.includes('secrets.master_key'))).toBe(true);
  });
});

describe('loadConfig database.embedded', () => {
  it.each<[string, Env, boolean]>([
    ['nothing set', {}, true],
    ['DATABASE_URL set', { DATABASE_URL: 'postgres://u:p@h/d' }, false],
    ['ROCKET_DB_HOST set', { ROCKET_DB_HOST: 'db' }, false],
    ['both set', { DATABASE_URL: 'postgres://u:p@h/d', ROCKET_DB_HOST: 'db' }, false],
    ['only ROCKET_DB_PORT set', { ROCKET_DB_PORT: '6543' }, true],
    ['only ROCKET_DB_USER set', { ROCKET_DB_USER: 'x' }, true],
    ['empty DATABASE_URL', { DATABASE_URL: '' }, true],
  ])('%s → %s', (_label, env, embedded) => {
    expect(load(env).config.database.embedded).toBe(embedded);
  });

  it('is false when the file names database.host', () => {
    expect(load(withFile('database:\n  host: db.example\n')).config.database.embedded).toBe(false);
  });

  it('is false when the file names database.url', () => {
    expect(load(withFile('database:\n  url: postgres://a@b/c\n')).config.database.embedded).toBe(false);
  });
});

describe('loadConfig YAML file', () => {
  it('reads the file named by ROCKET_CONFIG and reports it', () => {
    const env = withFile(
      [
        'server:',
        '  port: 7070',
        '  body_limit_bytes: 2048',
        'database:',
        '  pool_size: 4',
        'app_pool_size: 2',
        'apps:',
        '  max_open: 9',
        'auth:',
        '  login_max_failures: 3',
        '  login_window_seconds: 60',
        '  platform_jwt_secret: from-file',
      ].join('\n'),
    );
    const { config, file } = load(env);
    expect(file).toBe(env.ROCKET_CONFIG);
    expect(config.server.port).toBe(7070);
    expect(config.server.body_limit_bytes).toBe(2048);
    expect(config.database.pool_size).toBe(4);
    expect(config.app_pool_size).toBe(2);
    expect(config.apps.max_open).toBe(9);
    expect(config.auth.login_max_failures).toBe(3);
    expect(config.auth.login_window_seconds).toBe(60);
    expect(config.auth.platform_jwt_secret).toBe('from-file');
    // Keys the file does not set keep their defaults.
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.database.port).toBe(5432);
  });

  it.each<[string, string, Env, string, unknown]>([
    ['ROCKET_PORT over server.port', 'server:\n  port: 7070\n', { ROCKET_PORT: '7171' }, 'server.port', 7171],
    ['PORT over server.port', 'server:\n  port: 7070\n', { PORT: '7272' }, 'server.port', 7272],
    [
      'ROCKET_ENV over server.env',
      'server:\n  env: test\n',
      { ROCKET_ENV: 'development' },
      'server.env',
      'development',
    ],
    [
      'ROCKET_DB_POOL_SIZE over database.pool_size',
      'database:\n  pool_size: 4\n',
      { ROCKET_DB_POOL_SIZE: '8' },
      'database.pool_size',
      8,
    ],
    [
      'ROCKET_MAX_OPEN_APPS over apps.max_open',
      'apps:\n  max_open: 9\n',
      { ROCKET_MAX_OPEN_APPS: '11' },
      'apps.max_open',
      11,
    ],
    [
      'PLATFORM_JWT_SECRET over auth.platform_jwt_secret',
      'auth:\n  platform_jwt_secret: file-secret\n',
      { PLATFORM_JWT_SECRET: 'env-secret' },
      'auth.platform_jwt_secret',
      'env-secret',
    ],
    [
      'ROCKET_PLATFORM_JWT_SECRET over top-level platform_jwt_secret',
      'platform_jwt_secret: file-secret\n',
      { ROCKET_PLATFORM_JWT_SECRET: 'env-secret' },
      'auth.platform_jwt_secret',
      'env-secret',
    ],
    [
      'ROCKET_SEED_ADMIN_EMAIL over file',
      'auth:\n  seed_admin:\n    email: a@file\n',
      { ROCKET_SEED_ADMIN_EMAIL: 'a@env' },
      'auth.seed_admin.email',
      'a@env',
    ],
    ['empty env var does not override the file', 'server:\n  port: 7070\n', { ROCKET_PORT: '' }, 'server.port', 7070],
  ])('env wins over file: %s', (_label, yaml, env, path, expected) => {
    expect(get(load(withFile(yaml, env)).config, path)).toEqual(expected);
  });

  it('accepts the top-level alias platform_jwt_secret', () => {
    expect(load(withFile('platform_jwt_secret: alias-secret\n')).config.auth.platform_jwt_secret).toBe('alias-secret');
  });

  it('finds ./app.yaml in cwd without ROCKET_CONFIG', () => {
    const dir = mkdtempSync(join(root, 'cwd-'));
    writeFileSync(join(dir, 'app.yaml'), 'server:\n  port: 6061\n');
    const loaded = loadConfig({}, dir);
    expect(loaded.config.server.port).toBe(6061);
    expect(loaded.file).toBe(join(dir, 'app.yaml'));
  });

  it('falls back to ../../app.yaml', () => {
    const top = mkdtempSync(join(root, 'up-'));
    const nested = join(top, 'x', 'y');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(top, 'app.yaml'), 'server:\n  port: 6062\n');
    expect(loadConfig({}, nested).config.server.port).toBe(6062);
  });

  it('prefers ./app.yaml over ../../app.yaml', () => {
    const top = mkdtempSync(join(root, 'both-'));
    const nested = join(top, 'x', 'y');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(top, 'app.yaml'), 'server:\n  port: 6063\n');
    writeFileSync(join(nested, 'app.yaml'), 'server:\n  port: 6064\n');
    expect(loadConfig({}, nested).config.server.port).toBe(6064);
  });

  it('resolves a relative ROCKET_CONFIG against cwd', () => {
    writeFileSync(join(cwd, 'relative.yaml'), 'server:\n  port: 6065\n');
    try {
      expect(load({ ROCKET_CONFIG: 'relative.yaml' }).config.server.port).toBe(6065);
    } finally {
      rmSync(join(cwd, 'relative.yaml'));
    }
  });

  it('accepts an empty file', () => {
    expect(load(withFile('')).config.server.port).toBe(8080);
  });

  it('accepts sections of later phases', () => {
    expect(() =>
      load(withFile('storage:\n  driver: local\nwebhooks:\n  timeout_ms: 1000\nredis:\n  url: redis://x\n')),
    ).not.toThrow();
  });

  it('fails when ROCKET_CONFIG names a missing file', () => {
    expect(loadError({ ROCKET_CONFIG: join(root, 'does-not-exist.yaml') }).message).toContain('does-not-exist.yaml');
  });

  it('fails on invalid YAML', () => {
    expect(() => load(withFile('server: [unclosed\n'))).toThrow(ConfigError);
  });

  it.each([
    ['a list', '- a\n- b\n'],
    ['a scalar', 'just-a-string\n'],
  ])('fails when the file holds %s', (_label, yaml) => {
    expect(() => load(withFile(yaml))).toThrow(ConfigError);
  });
});

describe('loadConfig unknown, ignored and aliased keys', () => {
  it.each(['servr', 'foo', 'jwt', 'platform'])('unknown top-level key %s fails naming it', (key) => {
    const err = loadError(withFile(`${key}: 1\n`));
    expect(err.message).toContain(key);
  });

  it('accepts top-level jwt_secret with a warning', () => {
    const { warnings, config } = load(withFile('jwt_secret: upstream-secret\n'));
    expect(warnings.some((w) => w.includes('jwt_secret') && /ignored/.test(w))).toBe(true);
    // It is not used as the platform key.
    expect(config.auth.platform_jwt_secret).not.toBe('upstream-secret');
  });

  it('fails when a key and its alias are both set, naming both', () => {
    const err = loadError(withFile('platform_jwt_secret: one\nauth:\n  platform_jwt_secret: two\n'));
    expect(err.message).toContain('auth.platform_jwt_secret');
    // The alias is the top-level key: it appears without a section prefix.
    expect(err.message).toMatch(/(^|[^.\w])platform_jwt_secret/);
  });

  it('fails on key + alias even when the environment also sets it', () => {
    expect(() =>
      load(
        withFile('platform_jwt_secret: one\nauth:\n  platform_jwt_secret: two\n', {
          ROCKET_PLATFORM_JWT_SECRET: 'env',
        }),
      ),
    ).toThrow(ConfigError);
  });
});

describe('loadConfig wrong type / out of range fails naming the key path', () => {
  it.each<[string, string]>([
    ['server:\n  port: abc\n', 'server.port'],
    ['server:\n  port: 65536\n', 'server.port'],
    ['server:\n  port: -1\n', 'server.port'],
    ['server:\n  port: 80.5\n', 'server.port'],
    ['server:\n  env: staging\n', 'server.env'],
    ['server:\n  log_level: verbose\n', 'server.log_level'],
    ['server:\n  body_limit_bytes: 1023\n', 'server.body_limit_bytes'],
    ['server:\n  body_limit_bytes: 104857601\n', 'server.body_limit_bytes'],
    ['server:\n  max_header_bytes: 4095\n', 'server.max_header_bytes'],
    ['database:\n  pool_size: 0\n', 'database.pool_size'],
    ['database:\n  pool_size: 501\n', 'database.pool_size'],
    ['database:\n  driver: mysql\n', 'database.driver'],
    ['database:\n  host: [a, b]\n', 'database.host'],
    ['app_pool_size: 0\n', 'app_pool_size'],
    ['apps:\n  max_open: 0\n', 'apps.max_open'],
    ['apps:\n  max_open: "many"\n', 'apps.max_open'],
    ['apps:\n  allowed_drivers: [postgres, sqlite]\n', 'apps.allowed_drivers'],
    ['apps:\n  allowed_drivers: postgres-only\n', 'apps.allowed_drivers'],
    ['apps:\n  allowed_drivers: [1]\n', 'apps.allowed_drivers'],
    ['auth:\n  bcrypt_cost: 9\n', 'auth.bcrypt_cost'],
    ['auth:\n  bcrypt_cost: 15\n', 'auth.bcrypt_cost'],
    ['auth:\n  allow_default_credentials: "yes"\n', 'auth.allow_default_credentials'],
    ['auth:\n  login_max_failures: 0\n', 'auth.login_max_failures'],
    ['auth:\n  seed_admin:\n    email: {a: 1}\n', 'auth.seed_admin.email'],
    ['auth:\n  platform_jwt_secret: true\n', 'auth.platform_jwt_secret'],
  ])('%j → %s', (yaml, path) => {
    expect(loadError(withFile(yaml)).message).toContain(path);
  });

  it.each<[Env, string]>([
    [{ ROCKET_PORT: 'eighty' }, 'server.port'],
    [{ ROCKET_PORT: '70000' }, 'server.port'],
    [{ PORT: '1.5' }, 'server.port'],
    [{ ROCKET_ENV: 'prod' }, 'server.env'],
    [{ NODE_ENV: 'staging' }, 'server.env'],
    [{ ROCKET_DB_POOL_SIZE: '0' }, 'database.pool_size'],
    [{ ROCKET_MAX_OPEN_APPS: '100001' }, 'apps.max_open'],
    [{ ROCKET_ALLOWED_DRIVERS: 'postgres,mysql' }, 'apps.allowed_drivers'],
    [{ ROCKET_BCRYPT_COST: '20' }, 'auth.bcrypt_cost'],
    [{ ROCKET_LOG_LEVEL: 'loud' }, 'server.log_level'],
  ])('env %j → %s', (env, path) => {
    expect(loadError(env).message).toContain(path);
  });

  it('names the environment variable the bad value came from', () => {
    expect(loadError({ ROCKET_PORT: 'x' }).message).toContain('ROCKET_PORT');
  });

  it.each<[string, unknown]>([
    ['server:\n  port: "8081"\n', 8081],
    ['server:\n  port: 0\n', 0],
    ['server:\n  port: 65535\n', 65535],
  ])('accepts %j', (yaml, port) => {
    expect(load(withFile(yaml)).config.server.port).toBe(port);
  });

  it.each<[string, string]>([
    ['server: 8081\n', 'server'],
    ['auth: [1, 2]\n', 'auth'],
    ['database: just-a-string\n', 'database'],
  ])('a section that is not a mapping (%j) fails naming %s', (yaml, key) => {
    expect(loadError(withFile(yaml)).message).toContain(key);
  });
});

describe('loadConfig production secret rules (08 §5)', () => {
  it('boots with good secrets and no secret warnings', () => {
    const { config, warnings } = load(PROD);
    expect(config.server.env).toBe('production');
    expect(config.auth.platform_jwt_secret).toBe(GOOD_SECRET);
    expect(config.secrets.master_key).toBe(GOOD_MASTER);
    expect(warnings.some((w) => /secret|master_key/.test(w))).toBe(false);
  });

  it('NODE_ENV=production alone triggers the production rules', () => {
    const { ROCKET_ENV: _ignored, ...rest } = PROD;
    expect(() => load({ ...rest, NODE_ENV: 'production', ROCKET_PLATFORM_JWT_SECRET: undefined })).toThrow(
      /auth\.platform_jwt_secret/,
    );
    expect(load({ ...rest, NODE_ENV: 'production' }).config.server.env).toBe('production');
  });

  it.each<[string, Env, string]>([
    ['platform secret missing', { ROCKET_PLATFORM_JWT_SECRET: undefined }, 'auth.platform_jwt_secret'],
    ['platform secret empty', { ROCKET_PLATFORM_JWT_SECRET: '' }, 'auth.platform_jwt_secret'],
    ['platform secret 31 chars', { ROCKET_PLATFORM_JWT_SECRET: 'x'.repeat(31) }, 'auth.platform_jwt_secret'],
    ['platform secret changeme-secret', { ROCKET_PLATFORM_JWT_SECRET: 'changeme-secret' }, 'auth.platform_jwt_secret'],
    [
      'platform secret changeme-platform-secret',
      { ROCKET_PLATFORM_JWT_SECRET: 'changeme-platform-secret' },
      'auth.platform_jwt_secret',
    ],
    ['master key missing', { ROCKET_MASTER_KEY: undefined }, 'secrets.master_key'],
    ['master key 10 chars', { ROCKET_MASTER_KEY: 'k'.repeat(10) }, 'secrets.master_key'],
    ['master key changeme-secret', { ROCKET_MASTER_KEY: 'changeme-secret' }, 'secrets.master_key'],
  ])('%s fails naming %s', (_label, override, key) => {
    expect(loadError({ ...PROD, ...override }).message).toContain(key);
  });

  it('a short platform secret from the file also fails', () => {
    const { ROCKET_PLATFORM_JWT_SECRET: _ignored, ...rest } = PROD;
    expect(loadError(withFile('auth:\n  platform_jwt_secret: short\n', rest)).message).toContain(
      'auth.platform_jwt_secret',
    );
  });

  it('accepts a 32-character secret exactly', () => {
    expect(
      load({ ...PROD, ROCKET_PLATFORM_JWT_SECRET: 'z'.repeat(32), ROCKET_MASTER_KEY: 'y'.repeat(32) }).config.secrets
        .master_key,
    ).toBe('y'.repeat(32));
  });

  it.each(['development', 'test'])('short secrets are accepted in %s', (envName) => {
    const { config } = load({
      ROCKET_ENV: envName,
      ROCKET_PLATFORM_JWT_SECRET: 'changeme-secret',
      ROCKET_MASTER_KEY: 'k',
    });
    expect(config.auth.platform_jwt_secret).toBe('changeme-secret');
    expect(config.secrets.master_key).toBe('k');
  });
});

describe('loadConfig seed credentials (07 §0, §5)', () => {
  it.each<[string, string, string]>([
    ['ROCKET_SEED_ADMIN_PASSWORD', 'changeme', 'auth.seed_admin.password'],
    ['ROCKET_SEED_PLATFORM_PASSWORD', 'changeme', 'auth.seed_platform_admin.password'],
  ])('production refuses %s=%s, naming the key', (name, value, key) => {
    expect(loadError({ ...PROD, [name]: value }).message).toContain(key);
  });

  it('production refuses the defaults when no seed password is configured', () => {
    const { ROCKET_SEED_ADMIN_PASSWORD: _a, ROCKET_SEED_PLATFORM_PASSWORD: _b, ...rest } = PROD;
    expect(loadError(rest).message).toMatch(/auth\.seed_(platform_)?admin\.password/);
  });

  it('production accepts changeme when the file sets auth.allow_default_credentials: true', () => {
    const { ROCKET_SEED_ADMIN_PASSWORD: _a, ROCKET_SEED_PLATFORM_PASSWORD: _b, ...rest } = PROD;
    const { config, warnings } = load(withFile('auth:\n  allow_default_credentials: true\n', rest));
    expect(config.auth.allow_default_credentials).toBe(true);
    expect(config.auth.seed_admin.password).toBe('changeme');
    expect(config.auth.seed_platform_admin.password).toBe('changeme');
    expect(warnings.some((w) => /default password/.test(w))).toBe(true);
  });

  it('production with allow_default_credentials: false still refuses changeme', () => {
    const { ROCKET_SEED_ADMIN_PASSWORD: _a, ...rest } = PROD;
    expect(() => load(withFile('auth:\n  allow_default_credentials: false\n', rest))).toThrow(
      /auth\.seed_admin\.password/,
    );
  });

  it.each(['development', 'test'])('%s accepts changeme and warns about the platform seed', (envName) => {
    const { config, warnings } = load({ ROCKET_ENV: envName });
    expect(config.auth.seed_platform_admin.password).toBe('changeme');
    expect(warnings.some((w) => /default password/.test(w))).toBe(true);
  });

  it('no default-password warning when both seed passwords are set', () => {
    const { warnings } = load({
      ROCKET_SEED_ADMIN_PASSWORD: 'longenough',
      ROCKET_SEED_PLATFORM_PASSWORD: 'longenough',
    });
    expect(warnings.some((w) => /default password/.test(w))).toBe(false);
  });

  it.each<[string, string, string]>([
    ['ROCKET_SEED_ADMIN_EMAIL', '  Boss@Example.COM  ', 'auth.seed_admin.email'],
    ['ROCKET_SEED_PLATFORM_EMAIL', '\tOPS@Localhost\n', 'auth.seed_platform_admin.email'],
  ])('%s is trimmed and lower-cased', (name, raw, path) => {
    expect(get(load({ [name]: raw }).config, path)).toBe(raw.trim().toLowerCase());
  });

  it('normalises a seed e-mail from the file', () => {
    expect(
      load(withFile('auth:\n  seed_admin:\n    email: " Admin@Corp.Example "\n')).config.auth.seed_admin.email,
    ).toBe('admin@corp.example');
  });

  it.each<[string, string, string]>([
    ['ROCKET_SEED_ADMIN_EMAIL', 'not-an-email', 'auth.seed_admin.email'],
    ['ROCKET_SEED_ADMIN_EMAIL', 'a b@c', 'auth.seed_admin.email'],
    ['ROCKET_SEED_ADMIN_EMAIL', '@localhost', 'auth.seed_admin.email'],
    ['ROCKET_SEED_ADMIN_EMAIL', 'admin@', 'auth.seed_admin.email'],
    ['ROCKET_SEED_ADMIN_EMAIL', 'a@b@c', 'auth.seed_admin.email'],
    ['ROCKET_SEED_ADMIN_EMAIL', '   ', 'auth.seed_admin.email'],
    ['ROCKET_SEED_ADMIN_EMAIL', `${'a'.repeat(250)}@b.co`, 'auth.seed_admin.email'],
    ['ROCKET_SEED_PLATFORM_EMAIL', 'nobody', 'auth.seed_platform_admin.email'],
  ])('%s=%j fails naming %s', (name, value, key) => {
    expect(loadError({ [name]: value }).message).toContain(key);
  });

  it.each<[string, string, string]>([
    ['ROCKET_SEED_ADMIN_PASSWORD', 'short', 'auth.seed_admin.password'],
    ['ROCKET_SEED_ADMIN_PASSWORD', 'x'.repeat(73), 'auth.seed_admin.password'],
    ['ROCKET_SEED_PLATFORM_PASSWORD', '1234567', 'auth.seed_platform_admin.password'],
  ])('%s=%j violates the password policy', (name, value, key) => {
    expect(loadError({ [name]: value }).message).toContain(key);
  });

  it('accepts a 72-byte password and an e-mail without a dot', () => {
    const { config } = load({ ROCKET_SEED_ADMIN_PASSWORD: 'x'.repeat(72), ROCKET_SEED_ADMIN_EMAIL: 'root@host' });
    expect(config.auth.seed_admin.password).toHaveLength(72);
    expect(config.auth.seed_admin.email).toBe('root@host');
  });
});

describe('loadConfig webhooks, outbound and secret-reference keys (06 §12, 09 §1–2)', () => {
  it('production defaults: no plain variables, private networks blocked', () => {
    const { config } = load(PROD);
    expect(config.secrets.env_allow).toEqual([]);
    expect(config.outbound.block_private_networks).toBe(true);
    expect(config.secrets.master_key).toBe(GOOD_MASTER);
  });

  it('reads the webhooks.* aliases from the file', () => {
    const { config } = load(
      withFile(
        'webhooks:\n  env_allow: [CRM_*]\n  env_deny: [SECRET_*]\n  block_private_networks: true\n  retry_base_seconds: 2\n',
      ),
    );
    expect(config.secrets.env_allow).toEqual(['CRM_*']);
    expect(config.secrets.env_deny).toEqual(['SECRET_*']);
    expect(config.outbound.block_private_networks).toBe(true);
    expect(config.webhooks.retry_base_seconds).toBe(2);
  });

  it('environment overrides, comma lists', () => {
    const { config } = load({
      ROCKET_SECRET_ENV_ALLOW: 'A_*, B',
      ROCKET_SECRET_ENV_DENY: 'C',
      ROCKET_BLOCK_PRIVATE_NETWORKS: 'false',
      ...PROD,
    });
    expect(config.secrets.env_allow).toEqual(['A_*', 'B']);
    expect(config.secrets.env_deny).toEqual(['C']);
    expect(config.outbound.block_private_networks).toBe(false);
  });

  it('a key and its alias both set fail naming both', () => {
    const err = loadError(
      withFile('outbound:\n  block_private_networks: true\nwebhooks:\n  block_private_networks: false\n'),
    );
    expect(err.message).toContain('outbound.block_private_networks');
    expect(err.message).toContain('webhooks.block_private_networks');
  });

  it.each<[string, string]>([
    ['webhooks:\n  timeout_ms: 50\n', 'webhooks.timeout_ms'],
    ['webhooks:\n  concurrency: 101\n', 'webhooks.concurrency'],
    ['webhooks:\n  poll_interval_ms: 99\n', 'webhooks.poll_interval_ms'],
    ['webhooks:\n  log_retention_days: -1\n', 'webhooks.log_retention_days'],
    ['webhooks:\n  retry_base_seconds: 60\n  max_retry_delay_seconds: 30\n', 'webhooks.max_retry_delay_seconds'],
    ['outbound:\n  allowed_hosts: ["not a host"]\n', 'outbound.allowed_hosts'],
    ['outbound:\n  allowed_hosts: [1]\n', 'outbound.allowed_hosts'],
  ])('%j fails naming %s', (yaml, key) => {
    expect(loadError(withFile(yaml)).message).toContain(key);
  });

  it('accepts hosts, host:port and CIDRs as allowed hosts', () => {
    const hosts = ['hooks.internal', 'idp.local:8443', '10.0.0.0/8', '::1/128', '127.0.0.1'];
    expect(
      load(withFile(`outbound:\n  allowed_hosts: ${JSON.stringify(hosts)}\n`)).config.outbound.allowed_hosts,
    ).toEqual(hosts);
  });
});
