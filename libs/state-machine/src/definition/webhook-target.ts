import { RetryPolicy, WEBHOOK_METHODS, WebhookMethod } from './machine.types';
import { isObject, join, Problems, shown } from './problems';

const MAX_URL = 2048;
const MAX_HEADERS = 50;
const MAX_HEADER_VALUE = 4096;
/** An HTTP token (RFC 9110 §5.6.2): what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ANY_TEMPLATE = /\{\{([\s\S]*?)\}\}/g;
const ENV_REFERENCE = /^\s*env\.([A-Za-z_][A-Za-z0-9_]{0,127})\s*$/;
/**
 * Variables no tenant may reach (06 §5). `secrets.env_deny` and the
 * variables of the server's own configuration join this list with the
 * outbound phase, which owns the resolver (09 §1).
 */
const DENIED_ENV: readonly RegExp[] = [/^DATABASE_URL$/, /^PG/, /^ROCKET_/, /JWT/];

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({ max_attempts: 3, backoff: 'exponential' });

/** `url`: absolute http(s), at most 2048 characters, without user-info (06 §7.1, 09 §2). */
export function checkUrl(raw: unknown, path: string, problems: Problems): string | undefined {
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

/** `method`: POST (default), PUT, PATCH, GET or DELETE, any case on input. */
export function checkMethod(raw: unknown, path: string, problems: Problems): WebhookMethod {
  if (raw === undefined || raw === null) return 'POST';
  const method = typeof raw === 'string' ? raw.toUpperCase() : undefined;
  if (!method || !(WEBHOOK_METHODS as readonly string[]).includes(method)) {
    problems.add(path, 'enum', `method must be one of: ${WEBHOOK_METHODS.join(', ')}`);
    return 'POST';
  }
  return method as WebhookMethod;
}

/**
 * `headers` (06 §7.1): at most 50, names HTTP tokens, values strings of at
 * most 4096 characters without CR/LF, templates only `{{env.NAME}}` with an
 * allowed name (06 §5). Stored as given: resolved at dispatch time.
 */
export function checkHeaders(raw: unknown, path: string, problems: Problems): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    problems.add(path, 'type', 'headers must be an object');
    return {};
  }
  const entries = Object.entries(raw);
  if (entries.length > MAX_HEADERS) problems.add(path, 'invalid_value', `at most ${MAX_HEADERS} headers`);
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    const at = join(path, name);
    if (!HEADER_NAME.test(name)) {
      problems.add(at, 'invalid_value', `invalid header name: ${name}`);
    } else if (typeof value !== 'string') {
      problems.add(at, 'type', 'header values must be strings');
    } else if (value.length > MAX_HEADER_VALUE) {
      problems.add(at, 'max_length', `header values must be at most ${MAX_HEADER_VALUE} characters`);
    } else if (/[\r\n]/.test(value)) {
      problems.add(at, 'invalid_value', 'header values must not contain line breaks');
    } else if (checkHeaderTemplates(value, at, problems)) {
      headers[name] = value;
    }
  }
  return headers;
}

function checkHeaderTemplates(value: string, path: string, problems: Problems): boolean {
  for (const [, inner] of value.matchAll(ANY_TEMPLATE)) {
    const name = ENV_REFERENCE.exec(inner)?.[1];
    if (!name) {
      problems.add(path, 'invalid_value', 'header templates must be {{env.NAME}} references');
      return false;
    }
    if (DENIED_ENV.some((re) => re.test(name))) {
      problems.add(path, 'env_not_allowed', `environment variable ${name} is not allowed`);
      return false;
    }
  }
  return true;
}

/** `retry` (06 §6.2, §7.1): `{max_attempts: 1–10, backoff: exponential|linear}`, defaults 3 / exponential. */
export function checkRetry(raw: unknown, path: string, problems: Problems): RetryPolicy {
  if (raw === undefined || raw === null) return { ...DEFAULT_RETRY };
  if (!isObject(raw)) {
    problems.add(path, 'type', 'retry must be an object');
    return { ...DEFAULT_RETRY };
  }
  problems.unknownKeys(raw, path, ['max_attempts', 'backoff']);
  const retry = { ...DEFAULT_RETRY };
  const attempts = raw.max_attempts;
  if (attempts !== undefined) {
    if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1 || attempts > 10) {
      problems.add(join(path, 'max_attempts'), 'invalid_value', 'max_attempts must be an integer from 1 to 10');
    } else retry.max_attempts = attempts;
  }
  const backoff = raw.backoff;
  if (backoff !== undefined) {
    if (backoff !== 'exponential' && backoff !== 'linear') {
      problems.add(join(path, 'backoff'), 'enum', `backoff must be exponential or linear, not ${shown(backoff)}`);
    } else retry.backoff = backoff;
  }
  return retry;
}
