import { ErrorDetail } from '@rocket/errors';

export type Raw = Record<string, unknown>;

export { isObject } from '@rocket/errors';

/** A value as it may appear in an error message. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * The 422 details of one definition, each `field` a JSON path under a
 * prefix (`state_machines[2].` in an import, nothing in the admin API).
 */
export class Problems {
  readonly details: ErrorDetail[] = [];

  constructor(private readonly prefix = '') {}

  add(path: string, rule: string, message: string): void {
    const field = this.at(path);
    this.details.push(field ? { field, rule, message } : { rule, message });
  }

  /** A detail built elsewhere (expression errors) whose `field` is relative. */
  push(detail: ErrorDetail): void {
    this.details.push({ ...detail, field: detail.field === undefined ? undefined : this.at(detail.field) });
  }

  /** Keys of `raw` outside `allowed` (and `ignored`) → one `unknown` detail each. */
  unknownKeys(raw: Raw, path: string, allowed: readonly string[], ignored: readonly string[] = []): void {
    for (const key of Object.keys(raw)) {
      if (!allowed.includes(key) && !ignored.includes(key)) {
        this.add(join(path, key), 'unknown', `Unknown key: ${key}`);
      }
    }
  }

  get count(): number {
    return this.details.length;
  }

  private at(path: string): string {
    if (!this.prefix) return path;
    return path ? `${this.prefix}.${path}` : this.prefix;
  }
}

/** `a` + `b` as a JSON path: `definition` + `initial` → `definition.initial`. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
