import { Errors } from '@rocket/errors';
import { CompiledEntity, CompiledField, resolveField } from '@rocket/metadata';
import { coerceFilterValue, FilterValue } from './filter-values';
import { Filter, FILTER_OPS, FilterOp, RawQuery } from './list-query.types';

/** Query-complexity limits of 02 §3.1 / 13 §8.3. */
export const MAX_FILTER_CONDITIONS = 50;
export const MAX_FILTER_LIST_ITEMS = 500;

const FILTER_PREFIX = 'filter[';
// A Set, not an object: `constructor` or `__proto__` must not look like operators.
const OPS: ReadonlySet<string> = new Set(FILTER_OPS);

/**
 * Parses every `filter[<field>(.<op>)]` key of the query string (02 §3.1).
 * A repeated key yields one condition per occurrence; keys not starting with
 * `filter[` are not ours and are left alone.
 */
export function parseFilters(entity: CompiledEntity, query: RawQuery): Filter[] {
  const raw: { key: string; value: string }[] = [];
  for (const key of Object.keys(query)) {
    if (!key.startsWith(FILTER_PREFIX)) continue;
    for (const value of asList(query[key])) raw.push({ key, value });
  }
  // Counted before any work so a huge query costs nothing.
  if (raw.length > MAX_FILTER_CONDITIONS) {
    throw Errors.invalidPayload(`Too many filter conditions (max ${MAX_FILTER_CONDITIONS})`);
  }
  const budget = { listItems: MAX_FILTER_LIST_ITEMS };
  return raw.map(({ key, value }) => parseCondition(entity, key, value, budget));
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `filter[status.in]` → field `status`, op `in`; split at the first dot. */
export function parseFilterKey(key: string): { field: string; op: string } {
  const inner = key.slice(FILTER_PREFIX.length, -1);
  if (!key.endsWith(']') || inner.length === 0 || /[[\]]/.test(inner)) {
    throw Errors.invalidPayload(`Malformed filter key: ${key}`);
  }
  const dot = inner.indexOf('.');
  return dot < 0 ? { field: inner, op: 'eq' } : { field: inner.slice(0, dot), op: inner.slice(dot + 1) };
}

function parseCondition(entity: CompiledEntity, key: string, value: string, budget: { listItems: number }): Filter {
  const name = parseFilterKey(key);
  const field = resolveField(entity, name.field, 'filter');
  if (!OPS.has(name.op)) throw Errors.invalidPayload(`Unknown filter operator: ${name.op}`);
  const op = name.op as FilterOp;
  if (!field.comparable) throw Errors.invalidPayload(`Cannot filter on ${field.kind} field: ${field.name}`);
  if (op === 'like' && field.kind !== 'string' && field.kind !== 'text') {
    throw Errors.invalidPayload(`Operator like requires a string or text field: ${field.name}`);
  }
  if (op === 'in' || op === 'not_in') {
    const items = value.split(',');
    // The 500-item limit counts all lists of the request together, checked before coercion.
    budget.listItems -= items.length;
    if (budget.listItems < 0) throw Errors.invalidPayload(`Too many filter list items (max ${MAX_FILTER_LIST_ITEMS})`);
    return { field, op, values: items.map((item) => coerce(field, item.trim())) };
  }
  return { field, op, value: coerce(field, value) };
}

function coerce(field: CompiledField, raw: string): FilterValue {
  const result = coerceFilterValue(field.kind, raw);
  if (!result.ok) throw Errors.invalidPayload(`Invalid filter value for ${field.name}: ${result.reason}`);
  return result.value;
}
