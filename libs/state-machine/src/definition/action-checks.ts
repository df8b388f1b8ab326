import { compileValueTemplate, CompileOptions, ExpressionError, expressionErrorDetail } from '@rocket/expressions';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { checkHeaders, checkMethod, checkRetry, checkUrl, RetryPolicy, WebhookMethod } from '@rocket/webhooks';
import { coerceValue, DELETED_AT } from '@rocket/write-pipeline';
import { isObject, join, Problems, Raw } from './problems';

/** The literal `"now"` of `set_field` (04 §2.3) only fits these. */
const NOW_KINDS: readonly string[] = ['timestamp', 'date', 'string', 'text'];
const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface WebhookTarget {
  url: string;
  method: WebhookMethod;
  headers: Record<string, string>;
  retry: RetryPolicy;
}

/**
 * The checks that state-machine transition actions (04 §2.4) and workflow
 * actions (05 §3) share: which field `set_field` may write and what value
 * fits it, a webhook target, `create_record` data, `send_event`. Only the
 * way `{{ }}` values compile differs: `action_template` on the machine's
 * entity, `workflow_value` in workflows.
 */
export class ActionChecks {
  constructor(
    private readonly problems: Problems,
    private readonly secrets: SecretReferences,
    private readonly templateOptions: CompileOptions,
  ) {}

  /** A field `set_field` may write: it exists, is not the primary key, and the engine does not own it. */
  settableField(entity: CompiledEntity, name: string, path: string): CompiledField | undefined {
    const field = entity.fieldsByName.get(name);
    if (!field) return void this.problems.add(path, 'not_found', `field ${name} not found in entity ${entity.name}`);
    if (field.isPk) return void this.problems.add(path, 'invalid_value', 'set_field cannot set the primary key');
    if (field.auto || field.name === DELETED_AT) {
      return void this.problems.add(path, 'invalid_value', `field ${name} is set by the engine`);
    }
    return field;
  }

  /** `set_field.value`: `"now"` for time-like and text fields, else a template or a literal that fits. */
  setValue(raw: Raw, field: CompiledField, path: string): void {
    if (!('value' in raw)) return;
    if (raw.value !== 'now') return this.value(raw.value, field, path);
    if (!NOW_KINDS.includes(field.kind)) {
      this.problems.add(
        path,
        'invalid_value',
        `"now" only sets timestamp, date, string or text fields (${field.name} is ${field.kind})`,
      );
    }
  }

  /** A `webhook` action's target (06 §7.1); undefined without a usable url. */
  webhook(raw: Raw, path: string): WebhookTarget | undefined {
    const url = checkUrl(raw.url, join(path, 'url'), this.problems);
    const method = checkMethod(raw.method, join(path, 'method'), this.problems);
    const headers = checkHeaders(raw.headers, join(path, 'headers'), this.problems, this.secrets);
    const retry = checkRetry(raw.retry, join(path, 'retry'), this.problems);
    return url === undefined ? undefined : { url, method, headers, retry };
  }

  /** `create_record.data`: fields of the target entity (when it exists), each value fitting its field. */
  createData(raw: unknown, target: CompiledEntity | undefined, path: string): Record<string, unknown> | undefined {
    const data = raw ?? {};
    if (!isObject(data)) return void this.problems.add(path, 'type', 'data must be an object');
    for (const [key, value] of Object.entries(data)) {
      if (!target) continue;
      const field = target.fieldsByName.get(key);
      if (!field) this.problems.add(join(path, key), 'not_found', `field ${key} not found in entity ${target.name}`);
      else this.value(value, field, join(path, key));
    }
    return { ...data };
  }

  /** `send_event`: a name of 1–100 safe characters, metadata values literals or templates. */
  sendEvent(raw: Raw, path: string): { event: string; metadata: Record<string, unknown> } | undefined {
    const event = raw.event;
    const at = join(path, 'event');
    if (event === undefined || event === null || event === '') {
      return void this.problems.add(at, 'required', 'event is required');
    }
    if (typeof event !== 'string' || !EVENT_NAME.test(event)) {
      return void this.problems.add(at, 'invalid_value', 'event must be 1 to 100 characters of A-Z a-z 0-9 _ . : -');
    }
    const metadata = raw.metadata ?? {};
    if (!isObject(metadata)) {
      return void this.problems.add(join(path, 'metadata'), 'type', 'metadata must be an object');
    }
    for (const [key, value] of Object.entries(metadata)) this.template(value, join(join(path, 'metadata'), key));
    return { event, metadata: { ...metadata } };
  }

  /** An action value for `field`: a template that compiles, or a literal the field accepts. */
  value(value: unknown, field: CompiledField, path: string): void {
    if (this.template(value, path)) return;
    const problem = literalProblem(field, value);
    if (problem) this.problems.add(path, problem.rule, problem.message);
  }

  /** True when `value` is a whole-string `{{ }}` template (03 §10); compile problems are reported. */
  template(value: unknown, path: string): boolean {
    try {
      return compileValueTemplate(value, this.templateOptions).template;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      this.problems.push(expressionErrorDetail(e, path));
      return true;
    }
  }
}

/** Why a literal action value does not fit a field (type, enum, required), or nothing. */
export function literalProblem(field: CompiledField, value: unknown): { rule: string; message: string } | undefined {
  if (value === null || value === undefined) {
    return field.effectivelyRequired ? { rule: 'required', message: `${field.name} is required` } : undefined;
  }
  const coerced = coerceValue(field, value);
  if (!coerced.ok) return { rule: 'type', message: `${field.name} ${coerced.reason}` };
  const allowed = field.def.enum;
  if (allowed && !allowed.includes(String(coerced.value))) {
    return { rule: 'enum', message: `${field.name} must be one of: ${allowed.join(', ')}` };
  }
  return undefined;
}
