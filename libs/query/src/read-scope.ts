import { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool, sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity } from '@rocket/metadata';

// Tenant tables have no static types: rows are keyed by registry column names.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = any;
export type AnyExpressionBuilder = ExpressionBuilder<Untyped, Untyped>;
export type AnySelect = SelectQueryBuilder<Untyped, Untyped, Untyped>;

/**
 * An extra row predicate ANDed into every read of an entity: the hook through
 * which row-level read filters (07 §6.2) reach lists, counts, gets and includes.
 */
export type RowFilter = (eb: AnyExpressionBuilder) => Expression<SqlBool>;

/** Picks the row filter for an entity (includes read other entities than the request's). */
export type RowFilterFor = (entity: CompiledEntity) => RowFilter | undefined;

/**
 * `FROM <table> WHERE <soft-delete> AND <conditions> AND <extra>` (07 §6.2
 * order): live rows only on soft-delete entities (02 §1), the read's own
 * conditions, then the caller's extra predicate.
 */
export function visibleRows(
  db: AnyDb,
  entity: CompiledEntity,
  conditions: readonly RowFilter[] = [],
  extraWhere?: RowFilter,
): AnySelect {
  let qb: AnySelect = db.selectFrom(entity.table);
  if (entity.softDelete) qb = qb.where(sql.ref('deleted_at'), 'is', null);
  for (const condition of conditions) qb = qb.where(condition);
  if (extraWhere) qb = qb.where(extraWhere);
  return qb;
}

/** Selects exactly the entity's registry columns (never dropped fields, 02 §1). */
export function selectRecordColumns(db: AnyDb, qb: AnySelect, entity: CompiledEntity): AnySelect {
  return qb.select(entity.columns.map((c) => db.dynamic.ref(c)));
}

/** `<column> = ANY($n)`: one array parameter, however many values. */
export function columnIn(column: string, values: readonly unknown[]): RowFilter {
  return () => sql<SqlBool>`${sql.ref(column)} = ANY(${sql.val(values)})`;
}
