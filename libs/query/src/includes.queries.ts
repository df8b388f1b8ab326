import { CompiledQuery, sql } from 'kysely';
import { AnyDb, ShapeCache } from '@rocket/database';
import { CompiledEntity, CompiledRelation } from '@rocket/metadata';
import { AnySelect, columnIn, RowFilter, selectRecordColumns, visibleRows } from './read-scope';

/**
 * Visible records of `entity` whose `column` is one of `values`, ordered by
 * PK (02 §4.1–4.2). The LIMIT is the caller's cap + 1 so an overflow can be
 * detected without counting.
 */
export function buildRecordsByKey(
  db: AnyDb,
  entity: CompiledEntity,
  column: string,
  values: readonly unknown[],
  limit: number,
  extraWhere?: RowFilter,
): AnySelect {
  return selectRecordColumns(db, visibleRows(db, entity, [columnIn(column, values)], extraWhere), entity)
    .orderBy(sql.ref(entity.pk.name), 'asc')
    .limit(limit);
}

/** Include lookups per entity snapshot and key column. */
const byKeyShapes = new ShapeCache<CompiledEntity>();

/**
 * {@link buildRecordsByKey} as a statement: without a row filter, compiled
 * once per entity snapshot and key column, each include binding only its
 * keys and cap; with one (the caller's own values), built per request.
 */
export function recordsByKeyStatement(
  db: AnyDb,
  entity: CompiledEntity,
  column: string,
  values: readonly unknown[],
  limit: number,
  extraWhere?: RowFilter,
): CompiledQuery {
  if (extraWhere) return buildRecordsByKey(db, entity, column, values, limit, extraWhere).compile();
  const shape = byKeyShapes.get(entity, column, (slot) => buildRecordsByKey(db, entity, column, slot(0), slot(1)));
  return shape.bind([values, limit]);
}

/**
 * Join rows of a many-to-many relation whose source (forward include) or
 * target (reverse include) side is one of `values`.
 */
export function buildJoinRows(
  db: AnyDb,
  relation: CompiledRelation,
  side: 'source' | 'target',
  values: readonly unknown[],
  limit: number,
): AnySelect {
  const { join_table, source_join_key, target_join_key } = joinOf(relation);
  return db
    .selectFrom(join_table)
    .select([db.dynamic.ref(source_join_key), db.dynamic.ref(target_join_key)])
    .where(columnIn(side === 'source' ? source_join_key : target_join_key, values))
    .limit(limit);
}

/** The join-table names of an M:N relation (present once the definition was validated, 01 §3.1). */
export function joinOf(relation: CompiledRelation): {
  join_table: string;
  source_join_key: string;
  target_join_key: string;
} {
  const { join_table, source_join_key, target_join_key } = relation.def;
  if (!join_table || !source_join_key || !target_join_key) {
    throw new Error(`Relation ${relation.name} has no join table`);
  }
  return { join_table, source_join_key, target_join_key };
}
