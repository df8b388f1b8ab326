import { CompiledEntity, CompiledRelation, Registry, shown } from '@rocket/metadata';
import { coerceFilterValue, Filter, FILTER_OPS, FilterOp, FilterValue } from '@rocket/query';
import { isObject, Json, Problems } from './problems';

export const MAX_RELATED_LOADS = 5;
export const MAX_RELATED_ROWS = 1000;
/** The list-query limits of 02 §3.1: conditions per filter, values per list. */
const MAX_CONDITIONS = 50;
const MAX_LIST_ITEMS = 500;
const ENTRY_KEYS: ReadonlySet<string> = new Set(['relation', 'filter', 'limit']);
const OPS: ReadonlySet<string> = new Set(FILTER_OPS);

/**
 * One `related_load` entry resolved against the registry (04 §1.5). From
 * the source side the rows are the relation's targets (a list, or one row
 * for one_to_one); from the target side the source row (M:N: a list). A
 * self relation reads from the source side.
 */
export interface RelatedLoad {
  readonly name: string;
  readonly relation: CompiledRelation;
  readonly side: 'source' | 'target';
  /** The entity whose rows are read. */
  readonly other: CompiledEntity;
  readonly filters: readonly Filter[];
  readonly limit: number;
  /** One row or null instead of a list. */
  readonly single: boolean;
}

export interface ParsedRelatedLoads {
  /** The canonical entries: `{relation, filter, limit}` with defaults filled in. */
  readonly canonical: Json[];
  readonly loads: RelatedLoad[];
}

/** Validates `related_load` (04 §1.5), reporting every problem at its JSON path. */
export function parseRelatedLoads(
  raw: unknown,
  entity: CompiledEntity,
  registry: Registry,
  problems: Problems,
  at: string,
): ParsedRelatedLoads {
  const out: ParsedRelatedLoads = { canonical: [], loads: [] };
  if (raw === undefined) return out;
  if (!Array.isArray(raw) || raw.length > MAX_RELATED_LOADS) {
    problems.add(at, 'invalid_value', `related_load must be a list of at most ${MAX_RELATED_LOADS} entries`);
    return out;
  }
  raw.forEach((item, i) => {
    const parsed = parseEntry(item, entity, registry, problems, `${at}[${i}]`);
    if (parsed && out.loads.some((l) => l.name === parsed.load.name)) {
      // `related.<name>` has room for one list per relation.
      problems.add(`${at}[${i}].relation`, 'invalid_value', `relation ${parsed.load.name} is loaded twice`);
    } else if (parsed) {
      out.canonical.push(parsed.canonical);
      out.loads.push(parsed.load);
    }
  });
  return out;
}

function parseEntry(item: unknown, entity: CompiledEntity, registry: Registry, problems: Problems, at: string) {
  if (!isObject(item)) return void problems.add(at, 'invalid_value', 'related_load entry must be an object');
  const before = problems.count;
  problems.unknownKeys(item, ENTRY_KEYS, at);
  const relation = resolveRelation(item.relation, entity, registry, problems, `${at}.relation`);
  const limit = item.limit ?? MAX_RELATED_ROWS;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_RELATED_ROWS) {
    problems.add(`${at}.limit`, 'invalid_value', `limit must be an integer from 1 to ${MAX_RELATED_ROWS}`);
  }
  const filter = item.filter ?? {};
  const fits = isObject(filter) && Object.keys(filter).length <= MAX_CONDITIONS;
  if (!fits)
    problems.add(`${at}.filter`, 'invalid_value', `filter must be an object of at most ${MAX_CONDITIONS} conditions`);
  if (!relation || !fits) return undefined;
  const side = relation.def.source === entity.name ? 'source' : 'target';
  const other = side === 'source' ? relation.target : relation.source;
  const filters = parseFilter(filter, other, problems, `${at}.filter`);
  if (problems.count > before) return undefined;
  const load: RelatedLoad = {
    name: relation.name,
    relation,
    side,
    other,
    filters,
    limit: limit as number,
    single: relation.def.type === 'one_to_one' || (side === 'target' && relation.def.type === 'one_to_many'),
  };
  return { canonical: { relation: relation.name, filter, limit }, load };
}

function resolveRelation(
  name: unknown,
  entity: CompiledEntity,
  registry: Registry,
  problems: Problems,
  at: string,
): CompiledRelation | undefined {
  if (name === undefined || name === null || name === '')
    return void problems.add(at, 'required', 'relation is required');
  const relation = typeof name === 'string' ? registry.relations.get(name) : undefined;
  if (!relation || (relation.def.source !== entity.name && relation.def.target !== entity.name)) {
    return void problems.add(at, 'not_found', `no relation ${shown(name)} involves entity ${entity.name}`);
  }
  return relation;
}

/** `field` or `field.op` keys on the other entity, values coerced as list-query filters are (02 §3.1). */
function parseFilter(filter: Json, other: CompiledEntity, problems: Problems, at: string): Filter[] {
  const filters: Filter[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    const path = `${at}.${key}`;
    const dot = key.indexOf('.');
    const [name, op] = dot < 0 ? [key, 'eq'] : [key.slice(0, dot), key.slice(dot + 1)];
    const field = other.fieldsByName.get(name);
    if (!field) {
      problems.add(path, 'not_found', `unknown field ${name} on entity ${other.name}`);
      continue;
    }
    if (!OPS.has(op)) {
      problems.add(path, 'invalid_value', `unknown filter operator: ${op}`);
      continue;
    }
    if (!field.comparable) {
      problems.add(path, 'invalid_value', `cannot filter on ${field.kind} field ${field.name}`);
      continue;
    }
    if (op === 'like' && field.kind !== 'string' && field.kind !== 'text') {
      problems.add(path, 'invalid_value', `operator like requires a string or text field`);
      continue;
    }
    const values = coerceValues(op as FilterOp, raw, field.kind, problems, path);
    if (values === undefined) continue;
    filters.push(
      op === 'in' || op === 'not_in'
        ? { field, op, values }
        : { field, op: op as Exclude<FilterOp, 'in' | 'not_in'>, value: values[0] },
    );
  }
  return filters;
}

function coerceValues(
  op: FilterOp,
  raw: unknown,
  kind: Parameters<typeof coerceFilterValue>[0],
  problems: Problems,
  at: string,
): FilterValue[] | undefined {
  const list = op === 'in' || op === 'not_in';
  if (list && (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_LIST_ITEMS)) {
    return void problems.add(at, 'invalid_value', `operator ${op} needs a list of 1 to ${MAX_LIST_ITEMS} values`);
  }
  const items: unknown[] = list ? (raw as unknown[]) : [raw];
  const values: FilterValue[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      return void problems.add(
        at,
        'invalid_value',
        `operator ${op} needs ${list ? 'scalar list items' : 'a scalar value'}`,
      );
    }
    const coerced = coerceFilterValue(kind, String(item));
    if (!coerced.ok) return void problems.add(at, 'invalid_value', `value ${coerced.reason}`);
    values.push(coerced.value);
  }
  return values;
}
