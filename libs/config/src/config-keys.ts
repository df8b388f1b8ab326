/**
 * The declared configuration keys: type, default, range and environment
 * overrides. The loader walks this table; nothing else reads process.env.
 */
export type KeyType = 'int' | 'string' | 'bool' | 'enum' | 'list';

export interface KeySpec {
  path: string;
  type: KeyType;
  default?: unknown;
  min?: number;
  max?: number;
  values?: readonly string[];
  env?: readonly string[];
  alias?: string;
  secret?: boolean;
  /** Default when `server.env` is `production`, where it differs (08 §8, 09 §1–2). */
  productionDefault?: unknown;
}

export const CONFIG_KEYS: readonly KeySpec[] = [
  { path: 'data_dir', type: 'string', default: './data', env: ['ROCKET_DATA_DIR'] },
  { path: 'server.port', type: 'int', default: 8080, min: 0, max: 65535, env: ['ROCKET_PORT', 'PORT'] },
  { path: 'server.host', type: 'string', default: '0.0.0.0', env: ['ROCKET_HOST'] },
  {
    path: 'server.env',
    type: 'enum',
    default: 'development',
    values: ['development', 'test', 'production'],
    env: ['ROCKET_ENV', 'NODE_ENV'],
  },
  { path: 'server.body_limit_bytes', type: 'int', default: 1048576, min: 1024, max: 104857600 },
  { path: 'server.max_header_bytes', type: 'int', default: 16384, min: 4096, max: 65536 },
  { path: 'server.max_param_length', type: 'int', default: 1024, min: 100, max: 8192 },
  { path: 'server.keep_alive_timeout_ms', type: 'int', default: 72000, min: 1000, max: 600000 },
  { path: 'server.request_timeout_ms', type: 'int', default: 300000, min: 1000, max: 3600000 },
  { path: 'server.shutdown_drain_ms', type: 'int', default: 10000, min: 0, max: 600000 },
  {
    path: 'server.log_level',
    type: 'enum',
    default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    env: ['ROCKET_LOG_LEVEL'],
  },
  { path: 'database.url', type: 'string', env: ['DATABASE_URL'], secret: true },
  { path: 'database.host', type: 'string', default: 'localhost', env: ['ROCKET_DB_HOST'] },
  { path: 'database.port', type: 'int', default: 5432, min: 1, max: 65535, env: ['ROCKET_DB_PORT'] },
  { path: 'database.user', type: 'string', default: 'rocket', env: ['ROCKET_DB_USER'] },
  { path: 'database.password', type: 'string', default: 'rocket', env: ['ROCKET_DB_PASSWORD'], secret: true },
  { path: 'database.name', type: 'string', default: 'rocket', env: ['ROCKET_DB_NAME'] },
  { path: 'database.driver', type: 'enum', default: 'postgres', values: ['postgres'] },
  { path: 'database.pool_size', type: 'int', default: 10, min: 1, max: 500, env: ['ROCKET_DB_POOL_SIZE'] },
  { path: 'database.statement_timeout_ms', type: 'int', default: 30000, min: 100, max: 3600000 },
  { path: 'database.lock_timeout_ms', type: 'int', default: 10000, min: 0, max: 600000 },
  { path: 'database.idle_in_transaction_timeout_ms', type: 'int', default: 60000, min: 0, max: 3600000 },
  {
    path: 'database.connect_timeout_ms',
    type: 'int',
    default: 5000,
    min: 100,
    max: 120000,
    env: ['ROCKET_DB_CONNECT_TIMEOUT_MS'],
  },
  { path: 'database.idle_timeout_ms', type: 'int', default: 30000, min: 1000, max: 3600000 },
  { path: 'app_pool_size', type: 'int', default: 5, min: 1, max: 100, env: ['ROCKET_APP_POOL_SIZE'] },
  { path: 'apps.max_open', type: 'int', default: 50, min: 1, max: 100000, env: ['ROCKET_MAX_OPEN_APPS'] },
  {
    path: 'apps.allowed_drivers',
    type: 'list',
    default: ['postgres'],
    values: ['postgres'],
    env: ['ROCKET_ALLOWED_DRIVERS'],
  },
  {
    path: 'auth.platform_jwt_secret',
    type: 'string',
    alias: 'platform_jwt_secret',
    env: ['ROCKET_PLATFORM_JWT_SECRET', 'PLATFORM_JWT_SECRET'],
    secret: true,
  },
  { path: 'secrets.master_key', type: 'string', env: ['ROCKET_MASTER_KEY'], secret: true },
  { path: 'auth.access_ttl_seconds', type: 'int', default: 900, min: 10, max: 86400 },
  { path: 'auth.refresh_ttl_seconds', type: 'int', default: 604800, min: 60, max: 31536000 },
  { path: 'auth.bcrypt_cost', type: 'int', default: 10, min: 10, max: 14, env: ['ROCKET_BCRYPT_COST'] },
  { path: 'auth.invite_ttl_hours', type: 'int', default: 72, min: 1, max: 8760 },
  { path: 'auth.login_max_failures', type: 'int', default: 10, min: 1, max: 1000 },
  { path: 'auth.login_window_seconds', type: 'int', default: 900, min: 1, max: 86400 },
  { path: 'auth.seed_admin.email', type: 'string', default: 'admin@localhost', env: ['ROCKET_SEED_ADMIN_EMAIL'] },
  {
    path: 'auth.seed_admin.password',
    type: 'string',
    default: 'changeme',
    env: ['ROCKET_SEED_ADMIN_PASSWORD'],
    secret: true,
  },
  {
    path: 'auth.seed_platform_admin.email',
    type: 'string',
    default: 'platform@localhost',
    env: ['ROCKET_SEED_PLATFORM_EMAIL'],
  },
  {
    path: 'auth.seed_platform_admin.password',
    type: 'string',
    default: 'changeme',
    env: ['ROCKET_SEED_PLATFORM_PASSWORD'],
    secret: true,
  },
  { path: 'auth.allow_default_credentials', type: 'bool', default: false },
  { path: 'storage.driver', type: 'enum', default: 'local', values: ['local', 's3'], env: ['ROCKET_STORAGE_DRIVER'] },
  { path: 'storage.local_path', type: 'string', default: './uploads', env: ['ROCKET_STORAGE_PATH'] },
  {
    path: 'storage.max_file_size',
    type: 'int',
    default: 10485760,
    min: 1,
    // 5 TiB, the largest S3 object.
    max: 5497558138880,
    env: ['ROCKET_MAX_FILE_SIZE'],
  },
  { path: 'storage.s3.bucket', type: 'string', env: ['ROCKET_S3_BUCKET'] },
  { path: 'storage.s3.region', type: 'string', env: ['ROCKET_S3_REGION'] },
  { path: 'storage.s3.endpoint', type: 'string', env: ['ROCKET_S3_ENDPOINT'] },
  { path: 'storage.s3.prefix', type: 'string', default: '', env: ['ROCKET_S3_PREFIX'] },
  { path: 'storage.s3.force_path_style', type: 'bool', default: false, env: ['ROCKET_S3_FORCE_PATH_STYLE'] },
  {
    path: 'secrets.env_allow',
    type: 'list',
    default: ['*'],
    productionDefault: [],
    alias: 'webhooks.env_allow',
    env: ['ROCKET_SECRET_ENV_ALLOW'],
  },
  { path: 'secrets.env_deny', type: 'list', default: [], alias: 'webhooks.env_deny', env: ['ROCKET_SECRET_ENV_DENY'] },
  {
    path: 'outbound.block_private_networks',
    type: 'bool',
    default: false,
    productionDefault: true,
    alias: 'webhooks.block_private_networks',
    env: ['ROCKET_BLOCK_PRIVATE_NETWORKS'],
  },
  { path: 'outbound.allowed_hosts', type: 'list', default: [] },
  { path: 'webhooks.timeout_ms', type: 'int', default: 10000, min: 100, max: 60000 },
  { path: 'webhooks.poll_interval_ms', type: 'int', default: 5000, min: 100, max: 60000 },
  { path: 'webhooks.concurrency', type: 'int', default: 10, min: 1, max: 100 },
  { path: 'webhooks.retry_base_seconds', type: 'int', default: 30, min: 1, max: 3600 },
  // At least the base (checked after loading).
  { path: 'webhooks.max_retry_delay_seconds', type: 'int', default: 3600, min: 1, max: 604800 },
  { path: 'webhooks.log_retention_days', type: 'int', default: 30, min: 0, max: 3650 },
  { path: 'workflows.poll_interval_ms', type: 'int', default: 5000, min: 100, max: 60000 },
  { path: 'workflows.max_steps_per_run', type: 'int', default: 100, min: 10, max: 1000 },
  { path: 'workflows.max_trigger_depth', type: 'int', default: 10, min: 1, max: 50 },
];

/**
 * Every environment variable the server reads for its own configuration:
 * secret references (09 §1) may never reach them.
 */
export function configEnvironmentNames(): string[] {
  return [...new Set(['ROCKET_CONFIG', ...CONFIG_KEYS.flatMap((k) => k.env ?? [])])];
}

/**
 * Top-level sections that later phases define (08 §8). A file may carry them
 * today; their keys are validated by the phase that builds them.
 */
export const LATER_SECTIONS: readonly string[] = [
  'admin',
  'drivers',
  'email',
  'workflows',
  'audit',
  'activity',
  'notifications',
  'comments',
  'instrumentation',
  'query',
  'redis',
  'rate_limit',
  'aggregate',
  'export',
  'bulk',
  'import',
  'reports',
  'dashboards',
  'cache',
  'cluster',
  'ai',
  'api_keys',
  'permissions',
];

/** Upstream's single-app secret: accepted in files, ignored with a warning (08 §5). */
export const IGNORED_TOP_LEVEL = ['jwt_secret'];
