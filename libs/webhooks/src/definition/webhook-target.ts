import { ErrorDetail } from '@rocket/errors';
import { shown } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { Backoff, DEFAULT_RETRY, RetryPolicy, WEBHOOK_METHODS, WebhookMethod } from '../webhook.types';
import { isObject } from '@rocket/errors';

/**
 * Where the checks of a call target (url, method, headers, retry: 06 §7.1)
 * report. Webhooks, state-machine and workflow `webhook` actions share these
 * checks, each with its own `Problems`; paths are relative to its prefix.
 */
export interface ProblemSink {
  add(path: string, rule: string, message: string): void;
  /** A detail built elsewhere whose `field` is relative. */
  push(detail: ErrorDetail): void;
}

const MAX_URL = 2048;
const MAX_HEADERS = 50;
const MAX_HEADER_VALUE = 4096;
/** An HTTP token (RFC 9110 §5.6.2): what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `url`: absolute http(s), at most 2048 characters, without user-info (06 §7.1, 09 §2). */
export function checkUrl(raw: unknown, path: string, sink: ProblemSink): string | undefined {
  if (raw === undefined || raw === null || raw === '') return void sink.add(path, 'required', 'url is required');
  if (typeof raw !== 'string') return void sink.add(path, 'type', 'url must be a string');
  if (raw.length > MAX_URL) return void sink.add(path, 'max_length', `url must be at most ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return void sink.add(path, 'invalid_value', 'url must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return void sink.add(path, 'invalid_value', 'url must be an absolute http:// or https:// URL');
  }
  if (url.username || url.password) return void sink.add(path, 'invalid_value', 'url must not contain user-info');
  return raw;
}

/** `method`: POST (default), PUT, PATCH, GET or DELETE, any case on input. */
export function checkMethod(raw: unknown, path: string, sink: ProblemSink): WebhookMethod {
  if (raw === undefined || raw === null) return 'POST';
  const method = typeof raw === 'string' ? raw.toUpperCase() : undefined;
  if (!method || !(WEBHOOK_METHODS as readonly string[]).includes(method)) {
    sink.add(path, 'enum', `method must be one of: ${WEBHOOK_METHODS.join(', ')}`);
    return 'POST';
  }
  return method as WebhookMethod;
}

/**
 * `headers`: at most 50, names HTTP tokens given once (case-insensitive),
 * values strings of at most 4096 characters without CR/LF/NUL, templates
 * only `{{env.NAME}}` references the secret policy allows (06 §5, 09 §1).
 * Stored as given: resolved at send time.
 */
export function checkHeaders(
  raw: unknown,
  path: string,
  sink: ProblemSink,
  secrets: SecretReferences,
): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    sink.add(path, 'type', 'headers must be an object');
    return {};
  }
  const entries = Object.entries(raw);
  if (entries.length > MAX_HEADERS) sink.add(path, 'invalid_value', `at most ${MAX_HEADERS} headers`);
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const at = `${path}.${name}`;
    if (!HEADER_NAME.test(name)) {
      sink.add(at, 'invalid_value', `invalid header name: ${name}`);
    } else if (seen.has(name.toLowerCase())) {
      sink.add(at, 'invalid_value', `header ${name} is given twice`);
    } else if (typeof value !== 'string') {
      sink.add(at, 'type', 'header values must be strings');
    } else if (value.length > MAX_HEADER_VALUE) {
      sink.add(at, 'max_length', `header values must be at most ${MAX_HEADER_VALUE} characters`);
    } else if (/[\r\n\0]/.test(value)) {
      sink.add(at, 'invalid_value', 'header values must not contain line breaks');
    } else {
      const found = secrets.check(value, at);
      for (const detail of found) sink.push(detail);
      if (found.length === 0) headers[name] = value;
    }
    seen.add(name.toLowerCase());
  }
  return headers;
}

/** `retry` (06 §6.2): `{max_attempts: 1–10, backoff: exponential|linear}`, defaults 3 / exponential. */
export function checkRetry(raw: unknown, path: string, sink: ProblemSink): RetryPolicy {
  if (raw === undefined || raw === null) return { ...DEFAULT_RETRY };
  if (!isObject(raw)) {
    sink.add(path, 'type', 'retry must be an object');
    return { ...DEFAULT_RETRY };
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'max_attempts' && key !== 'backoff') sink.add(`${path}.${key}`, 'unknown', `unknown key: ${key}`);
  }
  let maxAttempts = DEFAULT_RETRY.max_attempts;
  let backoff: Backoff = DEFAULT_RETRY.backoff;
  const attempts = raw.max_attempts;
  if (attempts !== undefined && attempts !== null) {
    if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1 || attempts > 10) {
      sink.add(`${path}.max_attempts`, 'invalid_value', 'max_attempts must be an integer from 1 to 10');
    } else maxAttempts = attempts;
  }
  if (raw.backoff !== undefined && raw.backoff !== null) {
    if (raw.backoff !== 'exponential' && raw.backoff !== 'linear') {
      sink.add(`${path}.backoff`, 'enum', `backoff must be exponential or linear, not ${shown(raw.backoff)}`);
    } else backoff = raw.backoff;
  }
  return { max_attempts: maxAttempts, backoff };
}
