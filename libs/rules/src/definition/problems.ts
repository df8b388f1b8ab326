import { Json, Problems as BaseProblems } from '@rocket/errors';

export { isObject, Json } from '@rocket/errors';

/** Longest `message` a rule may carry (04 §1.9). */
export const MAX_MESSAGE_LENGTH = 500;

/** The 422 details of one rule body (04 §1.9), with the checks rule bodies share. */
export class Problems extends BaseProblems {
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
}
