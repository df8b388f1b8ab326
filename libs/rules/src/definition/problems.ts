import { ErrorDetail } from '@rocket/errors';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Longest `message` a rule may carry (04 §1.9). */
export const MAX_MESSAGE_LENGTH = 500;

/**
 * The 422 details of one rule body, each `field` a JSON path (04 §1.9),
 * under an optional prefix (`rules[3]` when the body comes from an import).
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

  /** Any key of `body` outside `allowed` (04 §1.2: "Any other unknown key → 422"). */
  unknownKeys(body: Json, allowed: ReadonlySet<string>, at: string): void {
    for (const key of Object.keys(body)) {
      if (!allowed.has(key)) this.add(at ? `${at}.${key}` : key, 'unknown', `unknown key: ${key}`);
    }
  }

  /** `message?`: a string of at most 500 characters. */
  message(value: unknown, at: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length > MAX_MESSAGE_LENGTH) {
      this.add(at, 'invalid_value', `message must be a string of at most ${MAX_MESSAGE_LENGTH} characters`);
      return undefined;
    }
    return value;
  }

  /** `stop_on_fail?`: a boolean, false when absent. */
  flag(value: unknown, at: string, name: string): boolean {
    if (value === undefined) return false;
    if (typeof value !== 'boolean') {
      this.add(at, 'invalid_value', `${name} must be a boolean`);
      return false;
    }
    return value;
  }

  get count(): number {
    return this.details.length;
  }
}
