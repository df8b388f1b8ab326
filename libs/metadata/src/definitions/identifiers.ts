/** Every name that can reach SQL (01 §0.1). A leading `_` is impossible by construction. */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** Entity names that would collide with fixed app routes. */
export const RESERVED_ENTITY_NAMES: readonly string[] = ['auth'];

/** Keys payloads treat as unknown (02 §0), so no field or relation may be named so. */
export const RESERVED_KEYS: readonly string[] = ['constructor', 'prototype'];

/** Field names the engine owns. */
export const ENGINE_COLUMNS: readonly string[] = ['deleted_at'];

export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && IDENTIFIER.test(value);
}

/** A submitted value as it may appear in an error message. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
