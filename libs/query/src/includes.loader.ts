import { AnyDb } from '@rocket/database';
import { Errors } from '@rocket/errors';
import { CompiledEntity, CompiledRelation, isForward } from '@rocket/metadata';
import { IncludeRequest } from './list-query.types';
import { RowFilterFor } from './read-scope';
import { buildJoinRows, joinOf, recordsByKeyStatement } from './includes.queries';
import { serializeRecord } from './record-serializer';

/** `query.max_included_rows` default (08 §8, 13 §8.3). */
export const DEFAULT_MAX_INCLUDED_ROWS = 10_000;

export type Row = Record<string, unknown>;
type Serialized = Record<string, unknown>;

export interface IncludeOptions {
  /** Cap on the rows one include may load per request; more → 400. */
  maxRows?: number;
  /** Row-level read filter of each included entity (07 §6.2, 02 §4.3). */
  rowFilter?: RowFilterFor;
}

interface Ctx {
  db: AnyDb;
  key: string;
  maxRows: number;
  rowFilter?: RowFilterFor;
}

/**
 * Loads includes for a page of raw rows with separate queries, never JOINs
 * (02 §4): one query per include (two for many-to-many), run one after the
 * other so a request never holds two connections. Returns, per row, an object
 * with every include key set (`null` / `[]` when nothing matches). An include
 * requested under two names is loaded once.
 */
export async function loadIncludes(
  db: AnyDb,
  entity: CompiledEntity,
  rows: readonly Row[],
  includes: readonly IncludeRequest[],
  options: IncludeOptions = {},
): Promise<Record<string, unknown>[]> {
  const out = rows.map((): Record<string, unknown> => ({}));
  if (rows.length === 0) return out;
  const loaded = new Map<string, unknown[]>();
  for (const include of includes) {
    let values = loaded.get(include.relation.name);
    if (!values) {
      const ctx: Ctx = {
        db,
        key: include.key,
        maxRows: options.maxRows ?? DEFAULT_MAX_INCLUDED_ROWS,
        rowFilter: options.rowFilter,
      };
      values = await loadRelation(ctx, entity, include.relation, rows);
      loaded.set(include.relation.name, values);
    }
    values.forEach((value, i) => (out[i][include.key] = value));
  }
  return out;
}

/** The include value of each row, in row order. */
function loadRelation(ctx: Ctx, entity: CompiledEntity, relation: CompiledRelation, rows: readonly Row[]) {
  const forward = isForward(entity, relation);
  const def = relation.def;
  if (def.type === 'many_to_many')
    return forward ? forwardManyToMany(ctx, relation, rows) : reverseManyToMany(ctx, relation, rows);
  const targetKey = def.target_key;
  if (!targetKey) throw new Error(`Relation ${relation.name} has no target_key`);
  if (forward) {
    // The FK lives on the target and references the parent's source_key (not necessarily its PK).
    const many = def.type === 'one_to_many';
    return byKey(ctx, rows, def.source_key, relation.target, targetKey, (matches) =>
      many ? matches : (matches[0] ?? null),
    );
  }
  // Reverse: the row holds the FK; its parent is the source whose source_key matches.
  return byKey(ctx, rows, targetKey, relation.source, def.source_key, (matches) => matches[0] ?? null);
}

/** Rows' `rowColumn` values matched against `other.otherColumn`; a null key gets `shape([])`. */
async function byKey(
  ctx: Ctx,
  rows: readonly Row[],
  rowColumn: string,
  other: CompiledEntity,
  otherColumn: string,
  shape: (matches: Serialized[]) => unknown,
): Promise<unknown[]> {
  const records = await fetchRecords(ctx, other, otherColumn, distinctKeys(rows.map((r) => r[rowColumn])));
  const groups = new Map<string, Serialized[]>();
  for (const { row, record } of records) push(groups, keyOf(row[otherColumn]), record);
  return rows.map((row) => shape(isNull(row[rowColumn]) ? [] : (groups.get(keyOf(row[rowColumn])) ?? [])));
}

/** Forward M:N: join rows by the parents' source_key, then live targets by PK. */
async function forwardManyToMany(ctx: Ctx, relation: CompiledRelation, rows: readonly Row[]): Promise<unknown[]> {
  const { source_join_key, target_join_key } = joinOf(relation);
  return throughJoinTable(ctx, relation, rows, {
    rowColumn: relation.def.source_key,
    side: 'source',
    nearJoinKey: source_join_key,
    farJoinKey: target_join_key,
    far: relation.target,
    farColumn: relation.target.pk.name,
  });
}

/** Reverse M:N: join rows by the rows' PK (target_join_key), then live sources by source_key. */
async function reverseManyToMany(ctx: Ctx, relation: CompiledRelation, rows: readonly Row[]): Promise<unknown[]> {
  const { source_join_key, target_join_key } = joinOf(relation);
  return throughJoinTable(ctx, relation, rows, {
    rowColumn: relation.target.pk.name,
    side: 'target',
    nearJoinKey: target_join_key,
    farJoinKey: source_join_key,
    far: relation.source,
    farColumn: relation.def.source_key,
  });
}

interface JoinPath {
  /** Column of the page rows the join table references. */
  rowColumn: string;
  side: 'source' | 'target';
  nearJoinKey: string;
  farJoinKey: string;
  /** Entity at the other end and the column the join table references there. */
  far: CompiledEntity;
  farColumn: string;
}

/**
 * Each row gets the array of its linked live records, ordered by their PK.
 * Join rows pointing at missing or hidden records are skipped.
 */
async function throughJoinTable(
  ctx: Ctx,
  relation: CompiledRelation,
  rows: readonly Row[],
  path: JoinPath,
): Promise<unknown[]> {
  const rowKeys = distinctKeys(rows.map((r) => r[path.rowColumn]));
  const links = rowKeys.length
    ? capped(ctx, (await buildJoinRows(ctx.db, relation, path.side, rowKeys, ctx.maxRows + 1).execute()) as Row[])
    : [];
  const records = await fetchRecords(ctx, path.far, path.farColumn, distinctKeys(links.map((l) => l[path.farJoinKey])));
  // Records arrive in PK order: remember each one's position to order every row's list.
  const position = new Map(records.map(({ row }, i) => [keyOf(row[path.farColumn]), i]));
  const linked = new Map<string, Set<number>>();
  for (const link of links) {
    const at = position.get(keyOf(link[path.farJoinKey]));
    if (at === undefined) continue;
    const near = keyOf(link[path.nearJoinKey]);
    if (!linked.has(near)) linked.set(near, new Set());
    linked.get(near)!.add(at);
  }
  return rows.map((row) => {
    if (isNull(row[path.rowColumn])) return [];
    const at = [...(linked.get(keyOf(row[path.rowColumn])) ?? [])].sort((a, b) => a - b);
    return at.map((i) => records[i].record);
  });
}

/** Visible records of `entity` with `column` in `values`, raw and serialized; none when no values. */
async function fetchRecords(
  ctx: Ctx,
  entity: CompiledEntity,
  column: string,
  values: unknown[],
): Promise<{ row: Row; record: Serialized }[]> {
  if (values.length === 0) return [];
  const query = recordsByKeyStatement(ctx.db, entity, column, values, ctx.maxRows + 1, ctx.rowFilter?.(entity));
  const rows = capped(ctx, (await ctx.db.executeQuery<Row>(query)).rows);
  return rows.map((row) => ({ row, record: serializeRecord(entity, row) }));
}

function capped<T>(ctx: Ctx, rows: T[]): T[] {
  if (rows.length > ctx.maxRows) {
    throw Errors.invalidPayload(
      `Include ${ctx.key} matches more than ${ctx.maxRows} rows; request fewer records per page`,
    );
  }
  return rows;
}

/** Distinct non-null values, first occurrence kept (bound as one array parameter). */
function distinctKeys(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) if (!isNull(v) && !seen.has(keyOf(v))) seen.set(keyOf(v), v);
  return [...seen.values()];
}

function isNull(v: unknown): boolean {
  return v === null || v === undefined;
}

/**
 * Both ends of a key have the same column type (01 §3.1), so the driver
 * returns them in the same JS form; strings make them usable as Map keys.
 */
function keyOf(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
