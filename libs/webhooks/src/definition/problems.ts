import { ErrorDetail } from '@rocket/errors';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The 422 details of one webhook body, under an optional prefix (`webhooks[2]` in an import). */
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
