import { ErrorDetail } from './app-error';

/** A JSON object as a request body or definition arrives, not yet checked. */
export type Json = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The 422 details of one checked body, each `field` a JSON path under an
 * optional prefix (`rules[3]` or `webhooks[2]` when the body comes from an
 * import, nothing in the admin API).
 */
export class Problems {
  readonly details: ErrorDetail[] = [];

  constructor(private readonly prefix = '') {}

  path(relative: string): string {
    if (!this.prefix) return relative;
    return relative ? `${this.prefix}.${relative}` : this.prefix;
  }

  add(relative: string, rule: string, message: string): void {
    this.details.push({ field: this.path(relative), rule, message });
  }

  /** A detail built elsewhere whose `field` is relative. */
  push(detail: ErrorDetail): void {
    this.details.push({ ...detail, field: this.path(detail.field ?? '') });
  }

  get count(): number {
    return this.details.length;
  }
}
