import { Expression, SqlBool, sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity } from '@rocket/metadata';
import { Filter, ListQuery } from './list-query.types';
import { AnyExpressionBuilder, AnySelect, RowFilter, selectRecordColumns, visibleRows } from './read-scope';

const COMPARISON = { eq: '=', neq: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'like' } as const;

/**
 * One filter as SQL (02 §3.1). Values are always parameters; a list is one
 * array parameter (`= ANY($n)`, `!= ALL($n)`), so the SQL text does not
 * grow with the list.
 */
export function filterCondition(eb: AnyExpressionBuilder, filter: Filter): Expression<SqlBool> {
  const column = sql.ref(filter.field.name);
  switch (filter.op) {
    case 'in':
      return sql<SqlBool>`${column} = ANY(${sql.val(filter.values)})`;
    case 'not_in':
      return sql<SqlBool>`${column} != ALL(${sql.val(filter.values)})`;
    case 'eq':
    case 'neq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'like':
      return eb(column, COMPARISON[filter.op], filter.value);
  }
}

function filterConditions(filters: readonly Filter[]): RowFilter[] {
  return filters.map((filter) => (eb: AnyExpressionBuilder) => filterCondition(eb, filter));
}

/**
 * The page query of a list (02 §2.1): the entity's columns, the filters, the
 * requested order with the PK as final ascending tie-breaker (so pages are
 * deterministic), LIMIT/OFFSET. `extraWhere` is ANDed in (row-level filters).
 */
export function buildPageQuery(
  db: AnyDb,
  entity: CompiledEntity,
  query: Pick<ListQuery, 'filters' | 'sort' | 'page' | 'perPage'>,
  extraWhere?: RowFilter,
): AnySelect {
  let qb = selectRecordColumns(db, visibleRows(db, entity, filterConditions(query.filters), extraWhere), entity);
  for (const term of query.sort) qb = qb.orderBy(sql.ref(term.field.name), term.desc ? 'desc' : 'asc');
  if (!query.sort.some((term) => term.field.isPk)) qb = qb.orderBy(sql.ref(entity.pk.name), 'asc');
  return qb.limit(query.perPage).offset((query.page - 1) * query.perPage);
}

/**
 * The column through which {@link buildPageQueryWithTotal} returns the COUNT.
 * Field names start with a letter (IDENTIFIER), so no record column is named so.
 */
export const TOTAL_COLUMN = '_rocket_total';

/**
 * The page query with the COUNT as a scalar subquery in each row: one
 * statement and one round trip instead of two, and page and total read from
 * one snapshot. PostgreSQL evaluates the uncorrelated subquery once (an
 * InitPlan). An empty page carries no total; the caller counts then.
 */
export function buildPageQueryWithTotal(
  db: AnyDb,
  entity: CompiledEntity,
  query: Pick<ListQuery, 'filters' | 'sort' | 'page' | 'perPage'>,
  extraWhere?: RowFilter,
): AnySelect {
  const count = buildCountQuery(db, entity, query.filters, extraWhere);
  return buildPageQuery(db, entity, query, extraWhere).select(count.as(TOTAL_COLUMN));
}

/** `SELECT COUNT(*)` with exactly the WHERE of the page query. */
export function buildCountQuery(
  db: AnyDb,
  entity: CompiledEntity,
  filters: readonly Filter[],
  extraWhere?: RowFilter,
): AnySelect {
  return visibleRows(db, entity, filterConditions(filters), extraWhere).select((eb) => eb.fn.countAll().as('total'));
}
