export type Environment = 'development' | 'test' | 'production';

/** The typed configuration every module reads (08 §8). Built once at boot. */
export interface RocketConfig {
  data_dir: string;
  server: {
    port: number;
    host: string;
    env: Environment;
    body_limit_bytes: number;
    max_header_bytes: number;
    max_param_length: number;
    keep_alive_timeout_ms: number;
    request_timeout_ms: number;
    shutdown_drain_ms: number;
    log_level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  };
  database: {
    url?: string;
    host: string;
    port: number;
    user: string;
    password: string;
    name: string;
    /** True when no server was given: Rocket runs its own PostgreSQL under data_dir. */
    embedded: boolean;
    pool_size: number;
    statement_timeout_ms: number;
    lock_timeout_ms: number;
    idle_in_transaction_timeout_ms: number;
    connect_timeout_ms: number;
    idle_timeout_ms: number;
  };
  app_pool_size: number;
  apps: { max_open: number; allowed_drivers: string[] };
  auth: {
    platform_jwt_secret: string;
    access_ttl_seconds: number;
    refresh_ttl_seconds: number;
    bcrypt_cost: number;
    /** Invite lifetime (07 §9.1). */
    invite_ttl_hours: number;
    login_max_failures: number;
    login_window_seconds: number;
    seed_admin: { email: string; password: string };
    seed_platform_admin: { email: string; password: string };
    allow_default_credentials: boolean;
  };
  secrets: {
    master_key: string;
    /** Glob patterns of plain variables `{{env.NAME}}` may read (09 §1). */
    env_allow: string[];
    /** Glob patterns never readable, on top of the built-in deny list (06 §5). */
    env_deny: string[];
  };
  /** The outbound HTTP policy (09 §2). */
  outbound: {
    block_private_networks: boolean;
    /** `host`, `host:port` or a CIDR, exempt from the private-network block. */
    allowed_hosts: string[];
  };
  /** Delivery of webhooks (06 §6, §12). */
  webhooks: {
    timeout_ms: number;
    poll_interval_ms: number;
    concurrency: number;
    retry_base_seconds: number;
    max_retry_delay_seconds: number;
    log_retention_days: number;
  };
  /** The workflow runner (05 §4.2). */
  workflows: {
    poll_interval_ms: number;
    max_steps_per_run: number;
    max_trigger_depth: number;
  };
  /** Uploaded files (08 §10). */
  storage: {
    driver: 'local' | 's3';
    /** Absolute after loading: resolved against the working directory at boot. */
    local_path: string;
    max_file_size: number;
    /** Credentials come from the standard AWS chain, never from here. */
    s3: { bucket?: string; region?: string; endpoint?: string; prefix: string; force_path_style: boolean };
  };
}

/** Things boot noticed but did not refuse; logged once the logger exists. */
export interface LoadedConfig {
  config: RocketConfig;
  warnings: string[];
  /** Which file was read, if any. */
  file?: string;
}
