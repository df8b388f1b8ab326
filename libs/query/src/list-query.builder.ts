import { CompiledQuery, Expression, SqlBool, sql } from 'kysely';
import { AnyDb, ShapeCache } from '@rocket/database';
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
  query: PageRequest,
  extraWhere?: RowFilter,
): AnySelect {
  return pageOf(db, entity, { ...query, withTotal: false }, query.perPage, offsetOf(query), extraWhere);
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
  query: PageRequest,
  extraWhere?: RowFilter,
): AnySelect {
  return pageOf(db, entity, { ...query, withTotal: true }, query.perPage, offsetOf(query), extraWhere);
}

type PageRequest = Pick<ListQuery, 'filters' | 'sort' | 'page' | 'perPage'>;

const offsetOf = (query: Pick<ListQuery, 'page' | 'perPage'>) => (query.page - 1) * query.perPage;

/** The page, with its COUNT when `withTotal`; LIMIT and OFFSET given (values or slots). */
function pageOf(
  db: AnyDb,
  entity: CompiledEntity,
  query: Pick<ListQuery, 'filters' | 'sort' | 'withTotal'>,
  limit: number,
  offset: number,
  extraWhere?: RowFilter,
): AnySelect {
  let qb = selectRecordColumns(db, visibleRows(db, entity, filterConditions(query.filters), extraWhere), entity);
  for (const term of query.sort) qb = qb.orderBy(sql.ref(term.field.name), term.desc ? 'desc' : 'asc');
  if (!query.sort.some((term) => term.field.isPk)) qb = qb.orderBy(sql.ref(entity.pk.name), 'asc');
  qb = qb.limit(limit).offset(offset);
  if (!query.withTotal) return qb;
  return qb.select(buildCountQuery(db, entity, query.filters, extraWhere).as(TOTAL_COLUMN));
}

/** Page statements per entity snapshot and query shape. */
const pageShapes = new ShapeCache<CompiledEntity>();

export interface PageStatement {
  readonly query: CompiledQuery;
  /** The prepared statement to run it as, once its shape is in regular use. */
  readonly prepared?: string;
}

/**
 * The statement of a list page (02 §2.1), with its COUNT unless
 * `total=false`. Without a row filter it is compiled once per shape (the
 * filters' fields and operators, the sort), each request binds only its
 * values, and a shape in regular use runs as a prepared statement; a row
 * filter carries the caller's own values and is built per request.
 */
export function pageStatement(
  db: AnyDb,
  entity: CompiledEntity,
  query: PageRequest & Pick<ListQuery, 'withTotal'>,
  extraWhere?: RowFilter,
): PageStatement {
  const [limit, offset] = [query.perPage, offsetOf(query)];
  if (extraWhere) return { query: pageOf(db, entity, query, limit, offset, extraWhere).compile() };
  const filters = query.filters;
  const key = [
    query.withTotal ? 'total' : 'page',
    filters.map((f) => `${f.field.name}.${f.op}`).join(','),
    query.sort.map((t) => `${t.desc ? '-' : ''}${t.field.name}`).join(','),
  ].join('|');
  const shape = pageShapes.get(entity, key, (slot) => {
    const slotted = filters.map((f, i): Filter =>
      'values' in f ? { ...f, values: slot(i) } : { ...f, value: slot(i) },
    );
    return pageOf(db, entity, { ...query, filters: slotted }, slot(filters.length), slot(filters.length + 1));
  });
  const values = filters.map((f) => ('values' in f ? f.values : f.value));
  return { query: shape.bind([...values, limit, offset]), prepared: shape.preparedName() };
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
