/** Every name that can reach SQL (01 §0.1). A leading `_` is impossible by construction. */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** Entity names that would collide with fixed app routes. */
export const RESERVED_ENTITY_NAMES: readonly string[] = ['auth'];

/** Field names the engine owns. */
export const ENGINE_COLUMNS: readonly string[] = ['deleted_at'];

export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && IDENTIFIER.test(value);
}
