import { ErrorDetail } from '@rocket/errors';
import { compileExpression, expressionErrorDetail, ExpressionError } from '@rocket/expressions';
import { CompiledEntity, shown } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import {
  Backoff,
  DEFAULT_RETRY,
  isSyncHook,
  RetryPolicy,
  WEBHOOK_HOOKS,
  WEBHOOK_METHODS,
  WebhookHook,
  WebhookInput,
  WebhookMethod,
} from '../webhook.types';
import { isObject, Problems } from './problems';

const BODY_KEYS = ['entity', 'hook', 'url', 'method', 'headers', 'condition', 'async', 'retry', 'active'];
/** A GET result can be PUT back: these are ignored (06 §7.1). */
const IGNORED_KEYS = ['id', 'created_at', 'updated_at'];
const MAX_URL = 2048;
const MAX_HEADERS = 50;
const MAX_HEADER_VALUE = 4096;
/** An HTTP token (RFC 9110 §5.6.2). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface WebhookCheckOptions {
  /** Existing entities (admin API) or existing ∪ imported ones (import). */
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  readonly secrets: SecretReferences;
  /** Path prefix of every detail (`webhooks[3]` in an import). */
  readonly prefix?: string;
}

export type WebhookCheck =
  { readonly ok: true; readonly input: WebhookInput } | { readonly ok: false; readonly details: ErrorDetail[] };

/**
 * Validates a webhook body (06 §7.1): only `entity` and `url` are required,
 * missing keys take their defaults (so PUT is a full replacement), unknown
 * keys are refused. Returns the canonical definition or every problem.
 */
export function checkWebhook(body: unknown, options: WebhookCheckOptions): WebhookCheck {
  const problems = new Problems(options.prefix);
  if (!isObject(body)) {
    problems.add('', 'invalid_value', 'webhook must be an object');
    return { ok: false, details: problems.details };
  }
  for (const key of Object.keys(body)) {
    if (!BODY_KEYS.includes(key) && !IGNORED_KEYS.includes(key)) problems.add(key, 'unknown', `unknown key: ${key}`);
  }
  const entity = checkEntity(body.entity, options.entities, problems);
  const hook = checkHook(body.hook, problems);
  const url = checkUrl(body.url, problems);
  const method = checkMethod(body.method, problems);
  const headers = checkHeaders(body.headers, options.secrets, problems);
  const condition = checkCondition(body.condition, entity, problems);
  const async = checkAsync(body.async, hook, problems);
  const retry = checkRetry(body.retry, problems);
  const active = checkBoolean(body.active, 'active', true, problems);
  if (problems.count > 0 || !entity || !url) return { ok: false, details: problems.details };
  return {
    ok: true,
    input: { entity: entity.name, hook, url, method, headers, condition, async, retry, active },
  };
}

function checkEntity(
  raw: unknown,
  entities: ReadonlyMap<string, CompiledEntity>,
  problems: Problems,
): CompiledEntity | undefined {
  if (raw === undefined || raw === null || raw === '')
    return void problems.add('entity', 'required', 'entity is required');
  if (typeof raw !== 'string') return void problems.add('entity', 'type', 'entity must be a string');
  const entity = entities.get(raw);
  if (!entity) problems.add('entity', 'not_found', `entity not found: ${raw}`);
  return entity;
}

function checkHook(raw: unknown, problems: Problems): WebhookHook {
  if (raw === undefined || raw === null) return 'after_write';
  if (typeof raw !== 'string' || !(WEBHOOK_HOOKS as readonly string[]).includes(raw)) {
    problems.add('hook', 'enum', `hook must be one of: ${WEBHOOK_HOOKS.join(', ')}`);
    return 'after_write';
  }
  return raw as WebhookHook;
}

/** Absolute http(s), at most 2048 characters, no user-info (06 §7.1, 09 §2). */
export function checkUrl(raw: unknown, problems: Problems, path = 'url'): string | undefined {
  if (raw === undefined || raw === null || raw === '') return void problems.add(path, 'required', 'url is required');
  if (typeof raw !== 'string') return void problems.add(path, 'type', 'url must be a string');
  if (raw.length > MAX_URL) return void problems.add(path, 'max_length', `url must be at most ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return void problems.add(path, 'invalid_value', 'url must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return void problems.add(path, 'invalid_value', 'url must be an absolute http:// or https:// URL');
  }
  if (url.username || url.password) return void problems.add(path, 'invalid_value', 'url must not contain user-info');
  return raw;
}

function checkMethod(raw: unknown, problems: Problems): WebhookMethod {
  if (raw === undefined || raw === null) return 'POST';
  const method = typeof raw === 'string' ? raw.toUpperCase() : undefined;
  if (!method || !(WEBHOOK_METHODS as readonly string[]).includes(method)) {
    problems.add('method', 'enum', `method must be one of: ${WEBHOOK_METHODS.join(', ')}`);
    return 'POST';
  }
  return method as WebhookMethod;
}

/**
 * At most 50 headers, names HTTP tokens, values strings of at most 4096
 * characters without CR/LF, templates only allowed `{{env.NAME}}`
 * references (06 §5). Stored as given.
 */
function checkHeaders(raw: unknown, secrets: SecretReferences, problems: Problems): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    problems.add('headers', 'type', 'headers must be an object');
    return {};
  }
  const entries = Object.entries(raw);
  if (entries.length > MAX_HEADERS) problems.add('headers', 'invalid_value', `at most ${MAX_HEADERS} headers`);
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const at = `headers.${name}`;
    if (!HEADER_NAME.test(name)) {
      problems.add(at, 'invalid_value', `invalid header name: ${name}`);
    } else if (seen.has(name.toLowerCase())) {
      problems.add(at, 'invalid_value', `header ${name} is given twice`);
    } else if (typeof value !== 'string') {
      problems.add(at, 'type', 'header values must be strings');
    } else if (value.length > MAX_HEADER_VALUE) {
      problems.add(at, 'max_length', `header values must be at most ${MAX_HEADER_VALUE} characters`);
    } else if (/[\r\n\0]/.test(value)) {
      problems.add(at, 'invalid_value', 'header values must not contain line breaks');
    } else {
      const found = secrets.check(value, at);
      for (const detail of found) problems.push(detail);
      if (found.length === 0) headers[name] = value;
    }
    seen.add(name.toLowerCase());
  }
  return headers;
}

/** A `webhook_condition` (03 §9.2) compiled against the entity; empty = always. */
function checkCondition(raw: unknown, entity: CompiledEntity | undefined, problems: Problems): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') {
    problems.add('condition', 'type', 'condition must be a string');
    return '';
  }
  try {
    compileExpression(raw, { kind: 'webhook_condition', entity });
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    problems.push(expressionErrorDetail(e, 'condition'));
  }
  return raw;
}

/** `async` follows from the hook; a contradicting value is refused (06 §2). */
function checkAsync(raw: unknown, hook: WebhookHook, problems: Problems): boolean {
  const derived = !isSyncHook(hook);
  if (raw === undefined || raw === null) return derived;
  if (typeof raw !== 'boolean') {
    problems.add('async', 'type', 'async must be a boolean');
  } else if (raw !== derived) {
    problems.add('async', 'invalid_value', `async must be ${derived} for ${hook} webhooks`);
  }
  return derived;
}

/** `{max_attempts: 1–10, backoff: exponential|linear}` (06 §6.2). */
function checkRetry(raw: unknown, problems: Problems): RetryPolicy {
  if (raw === undefined || raw === null) return { ...DEFAULT_RETRY };
  if (!isObject(raw)) {
    problems.add('retry', 'type', 'retry must be an object');
    return { ...DEFAULT_RETRY };
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'max_attempts' && key !== 'backoff') problems.add(`retry.${key}`, 'unknown', `unknown key: ${key}`);
  }
  let maxAttempts = DEFAULT_RETRY.max_attempts;
  let backoff: Backoff = DEFAULT_RETRY.backoff;
  const attempts = raw.max_attempts;
  if (attempts !== undefined && attempts !== null) {
    if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1 || attempts > 10) {
      problems.add('retry.max_attempts', 'invalid_value', 'max_attempts must be an integer from 1 to 10');
    } else maxAttempts = attempts;
  }
  if (raw.backoff !== undefined && raw.backoff !== null) {
    if (raw.backoff !== 'exponential' && raw.backoff !== 'linear') {
      problems.add('retry.backoff', 'enum', `backoff must be exponential or linear, not ${shown(raw.backoff)}`);
    } else backoff = raw.backoff;
  }
  return { max_attempts: maxAttempts, backoff };
}

function checkBoolean(raw: unknown, key: string, fallback: boolean, problems: Problems): boolean {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'boolean') {
    problems.add(key, 'type', `${key} must be a boolean`);
    return fallback;
  }
  return raw;
}
