import { Errors } from '@rocket/errors';
import { CompiledEntity, Registry, resolveInclude } from '@rocket/metadata';
import { IncludeRequest } from './list-query.types';

export const MAX_INCLUDES = 20;

/**
 * `include=a, b,,c` (02 §3.4): names trimmed, empty entries ignored, at most
 * 20, each resolved by 01 §5.1 (unknown, ambiguous or dotted → 400
 * UNKNOWN_FIELD). A name given twice is loaded once. Repeated `include` keys
 * are read as one comma-separated list.
 */
export function parseIncludes(
  registry: Registry,
  entity: CompiledEntity,
  raw: string | string[] | undefined,
): IncludeRequest[] {
  const names = splitList(raw);
  if (names.length > MAX_INCLUDES) throw Errors.invalidPayload(`Too many includes (max ${MAX_INCLUDES})`);
  const seen = new Set<string>();
  const includes: IncludeRequest[] = [];
  for (const key of names) {
    const relation = resolveInclude(registry, entity, key);
    if (seen.has(key)) continue;
    seen.add(key);
    includes.push({ key, relation });
  }
  return includes;
}

/**
 * Adds the entity's eager relations (`fetch: eager`, entity is the source,
 * 02 §4.4) under their relation names, unless already requested by that name.
 */
export function withEagerIncludes(entity: CompiledEntity, includes: readonly IncludeRequest[]): IncludeRequest[] {
  const all = [...includes];
  const keys = new Set(includes.map((i) => i.key));
  for (const relation of entity.outgoing) {
    if (relation.def.fetch === 'eager' && !keys.has(relation.name)) all.push({ key: relation.name, relation });
  }
  return all;
}

/** Comma-separated values, trimmed, empty entries dropped; an array (repeated key) is one list. */
export function splitList(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  const joined = Array.isArray(raw) ? raw.join(',') : raw;
  return joined
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
