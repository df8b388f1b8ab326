import { ExpressionScope } from '../runtime/evaluate';
import { scopeMap, toScopeValue } from '../scope/scope-value';

export const FIXED_NOW = new Date('2026-02-08T10:00:00.000Z');

/** A scope from plain test data: deep-copied as production scopes are, with a fixed `now`. */
export function scopeOf(env: Readonly<Record<string, unknown>> = {}): ExpressionScope {
  const copy = toScopeValue(env) as Record<string, unknown>;
  return scopeMap({ ...copy, now: env.now instanceof Date ? env.now : FIXED_NOW });
}
