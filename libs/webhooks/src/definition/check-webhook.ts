import { ErrorDetail } from '@rocket/errors';
import { compileExpression, expressionErrorDetail, ExpressionError } from '@rocket/expressions';
import { CompiledEntity } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { isSyncHook, WEBHOOK_HOOKS, WebhookHook, WebhookInput } from '../webhook.types';
import { isObject, Problems } from '@rocket/errors';
import { checkHeaders, checkMethod, checkRetry, checkUrl } from './webhook-target';

const BODY_KEYS = ['entity', 'hook', 'url', 'method', 'headers', 'condition', 'async', 'retry', 'active'];
/** A GET result can be PUT back: these are ignored (06 §7.1). */
const IGNORED_KEYS = ['id', 'created_at', 'updated_at'];

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
  const url = checkUrl(body.url, 'url', problems);
  const method = checkMethod(body.method, 'method', problems);
  const headers = checkHeaders(body.headers, 'headers', problems, options.secrets);
  const condition = checkCondition(body.condition, entity, problems);
  const async = checkAsync(body.async, hook, problems);
  const retry = checkRetry(body.retry, 'retry', problems);
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

function checkBoolean(raw: unknown, key: string, fallback: boolean, problems: Problems): boolean {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'boolean') {
    problems.add(key, 'type', `${key} must be a boolean`);
    return fallback;
  }
  return raw;
}
