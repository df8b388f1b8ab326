import { Errors } from '@rocket/errors';
import { CompiledEntity, Registry, resolveField } from '@rocket/metadata';
import { parseFilters } from './filter.parser';
import { parseIncludes, splitList } from './include.parser';
import { ListQuery, RawQuery, SortTerm } from './list-query.types';

export const MAX_SORT_TERMS = 10;
export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

/**
 * Turns a list request's raw query string into a typed query (02 §3): every
 * name is resolved against the registry here, so only metadata reaches SQL.
 * Keys other than `filter[…]`, `sort`, `page`, `per_page`, `include` and
 * `total` are ignored.
 *
 * `total=false` is an extension (not in 02): it skips the COUNT query, which
 * on large tables costs more than the page itself; `meta.total` is then omitted.
 */
export function parseListQuery(registry: Registry, entity: CompiledEntity, query: RawQuery): ListQuery {
  return {
    filters: parseFilters(entity, query),
    sort: parseSort(entity, query.sort),
    page: positiveInt(query.page) ?? 1,
    perPage: Math.min(positiveInt(query.per_page, true) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE),
    includes: parseIncludes(registry, entity, query.include),
    withTotal: query.total !== 'false',
  };
}

/** `sort=a,-b` (02 §3.2): `-` = descending; empty segments ignored; at most 10. */
export function parseSort(entity: CompiledEntity, raw: string | string[] | undefined): SortTerm[] {
  const segments = splitList(raw);
  if (segments.length > MAX_SORT_TERMS) throw Errors.invalidPayload(`Too many sort fields (max ${MAX_SORT_TERMS})`);
  return segments.map((segment) => {
    const desc = segment.startsWith('-');
    const field = resolveField(entity, desc ? segment.slice(1) : segment, 'sort');
    if (!field.comparable) throw Errors.invalidPayload(`Cannot sort on ${field.kind} field: ${field.name}`);
    return { field, desc };
  });
}

/**
 * A positive base-10 integer (`^\d+$`, > 0), else undefined so the default
 * applies (02 §3.3, lenient like upstream). A page too large to compute an
 * offset from exactly is treated the same way; a huge `per_page` is clamped
 * by the caller, so it is allowed through.
 */
function positiveInt(raw: string | string[] | undefined, unbounded = false): number | undefined {
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  if (n <= 0) return undefined;
  return unbounded || Number.isSafeInteger(n) ? n : undefined;
}
