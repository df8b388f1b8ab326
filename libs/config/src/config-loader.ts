import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONFIG_KEYS, IGNORED_TOP_LEVEL, KeySpec, LATER_SECTIONS } from './config-keys';
import { LoadedConfig, RocketConfig } from './config.types';
import { ConfigError } from './config-error';
import { checkSeedCredentials } from './seed-credentials';

export { ConfigError };

type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

const UPSTREAM_DEFAULT_SECRETS = ['changeme-secret', 'changeme-platform-secret'];

/** Sources, later wins: defaults → YAML file → environment (08 §8). */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): LoadedConfig {
  const warnings: string[] = [];
  const { file, tree } = readConfigFile(env, cwd);
  checkTopLevelKeys(tree, warnings);

  const out: Tree = {};
  const explicit = new Set<string>();
  for (const spec of CONFIG_KEYS) {
    const { value, from } = pickValue(spec, tree, env);
    if (from !== 'default') explicit.add(spec.path);
    const production = getPath(out, 'server.env') === 'production';
    const chosen =
      from === 'default' && production && spec.productionDefault !== undefined ? spec.productionDefault : value;
    if (chosen !== undefined) setPath(out, spec.path, Array.isArray(chosen) ? [...(chosen as unknown[])] : chosen);
  }
  const config = out as unknown as RocketConfig;

  // Embedded PostgreSQL unless a server was named by URL or host.
  config.database.embedded = !config.database.url && !explicit.has('database.host');
  config.data_dir = resolve(cwd, config.data_dir);
  config.storage.local_path = resolve(cwd, config.storage.local_path);
  applySecretRules(config, warnings);
  checkSeedCredentials(config, warnings);
  checkOutboundKeys(config);
  checkStorage(config);
  return { config, warnings, file };
}

function readConfigFile(env: Env, cwd: string): { file?: string; tree: Tree } {
  const candidates = env.ROCKET_CONFIG
    ? [resolve(cwd, env.ROCKET_CONFIG)]
    : [resolve(cwd, 'app.yaml'), resolve(cwd, '../../app.yaml')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    if (env.ROCKET_CONFIG) throw new ConfigError(`Config file not found: ${env.ROCKET_CONFIG}`);
    return { tree: {} };
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Config file ${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (parsed == null) return { file, tree: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`Config file ${file} must hold a mapping of keys`);
  }
  return { file, tree: parsed as Tree };
}

function checkTopLevelKeys(tree: Tree, warnings: string[]): void {
  const known = new Set<string>([...LATER_SECTIONS, ...IGNORED_TOP_LEVEL]);
  for (const spec of CONFIG_KEYS) {
    known.add(spec.path.split('.')[0]);
    if (spec.alias) known.add(spec.alias.split('.')[0]);
  }
  for (const key of Object.keys(tree)) {
    if (!known.has(key)) throw new ConfigError(`Unknown configuration key: ${key}`);
    if (IGNORED_TOP_LEVEL.includes(key)) {
      warnings.push(`Configuration key ${key} is not used in multi-app mode and is ignored`);
    }
  }
}

function pickValue(spec: KeySpec, tree: Tree, env: Env): { value: unknown; from: string } {
  const fromFile = getPath(tree, spec.path);
  const fromAlias = spec.alias ? getPath(tree, spec.alias) : undefined;
  if (fromFile !== undefined && fromAlias !== undefined) {
    throw new ConfigError(`Configuration keys ${spec.path} and ${spec.alias} are both set; keep one`);
  }
  for (const name of spec.env ?? []) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') return { value: coerce(spec, raw, name), from: 'env' };
  }
  const fileValue = fromFile ?? fromAlias;
  if (fileValue !== undefined && fileValue !== null) {
    return { value: coerce(spec, fileValue, spec.path), from: 'file' };
  }
  return { value: spec.default, from: 'default' };
}

/** Parses one value (from YAML or an env string) and checks its type and range. */
function coerce(spec: KeySpec, raw: unknown, source: string): unknown {
  const fail = (why: string) =>
    new ConfigError(`Invalid configuration value for ${spec.path} (from ${source}): ${why}`);
  switch (spec.type) {
    case 'int': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isInteger(n)) throw fail('expected an integer');
      if (spec.min !== undefined && n < spec.min) throw fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) throw fail(`must be at most ${spec.max}`);
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw fail('expected true or false');
    }
    case 'string': {
      if (typeof raw === 'number') return String(raw);
      if (typeof raw !== 'string') throw fail('expected a string');
      return raw;
    }
    case 'enum': {
      if (typeof raw !== 'string' || !spec.values?.includes(raw)) {
        throw fail(`must be one of ${spec.values?.join(', ')}`);
      }
      return raw;
    }
    case 'list': {
      const items =
        typeof raw === 'string'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw;
      if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) throw fail('expected a list of strings');
      const list = items as string[];
      const bad = list.find((i) => spec.values && !spec.values.includes(i));
      if (bad !== undefined) throw fail(`${bad} is not supported by this build (allowed: ${spec.values?.join(', ')})`);
      return list;
    }
  }
}

function applySecretRules(config: RocketConfig, warnings: string[]): void {
  const production = config.server.env === 'production';
  const secrets: Array<[string, () => string | undefined, (v: string) => void]> = [
    ['auth.platform_jwt_secret', () => config.auth.platform_jwt_secret, (v) => (config.auth.platform_jwt_secret = v)],
    ['secrets.master_key', () => config.secrets.master_key, (v) => (config.secrets.master_key = v)],
  ];
  for (const [key, get, set] of secrets) {
    const value = get();
    if (production) {
      if (!value) throw new ConfigError(`${key} must be set in production`);
      if (UPSTREAM_DEFAULT_SECRETS.includes(value))
        throw new ConfigError(`${key} must not be a default value in production`);
      if (value.length < 32) throw new ConfigError(`${key} must be at least 32 characters in production`);
    } else if (!value) {
      set(randomBytes(32).toString('base64url'));
      warnings.push(`${key} is not set; a random value was generated (tokens will not survive a restart)`);
    }
  }
}

const HOST_ENTRY = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const CIDR_ENTRY = /^[0-9A-Fa-f:.]+\/\d{1,3}$/;

/** Cross-key and shape checks of 06 §12 and 09 §2 that one key's range cannot express. */
function checkOutboundKeys(config: RocketConfig): void {
  const { retry_base_seconds: base, max_retry_delay_seconds: max } = config.webhooks;
  if (max < base) {
    throw new ConfigError(
      `Invalid configuration value for webhooks.max_retry_delay_seconds: must be at least webhooks.retry_base_seconds (${base})`,
    );
  }
  for (const entry of config.outbound.allowed_hosts) {
    if (!HOST_ENTRY.test(entry) && !CIDR_ENTRY.test(entry)) {
      throw new ConfigError(
        `Invalid configuration value for outbound.allowed_hosts: ${entry} is not a host, host:port or CIDR`,
      );
    }
  }
}

/** The S3 driver needs a bucket (08 §10.3); everything else has a default. */
function checkStorage(config: RocketConfig): void {
  if (config.storage.driver === 's3' && !config.storage.s3.bucket) {
    throw new ConfigError('storage.s3.bucket must be set when storage.driver is s3');
  }
}

/** Reads a dotted key from the file; a section that is not a mapping is an error naming it. */
function getPath(tree: Tree, path: string): unknown {
  let node: unknown = tree;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (node == null) return undefined;
    if (typeof node !== 'object' || Array.isArray(node)) {
      throw new ConfigError(
        `Invalid configuration value for ${parts.slice(0, i).join('.')}: expected a mapping of keys`,
      );
    }
    node = (node as Tree)[parts[i]];
  }
  return node;
}

function setPath(tree: Tree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1]] = value;
}
