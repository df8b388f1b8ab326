import { Expression, sql, SqlBool } from 'kysely';
import { AnyExpressionBuilder, RowFilter } from '@rocket/query';
import { ResolvedCondition, ResolvedPolicy } from './resolve-conditions';

const FALSE = sql<SqlBool>`false`;
const COMPARISON = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * The row filter of 07 §6.2 step 3: the OR of the policies, each the AND of
 * its conditions. Only field names from the registry reach `sql.ref`; every
 * value is a parameter, lists one array parameter. A policy holding a false
 * condition drops out; none left → `false`.
 */
export function policiesFilter(policies: readonly ResolvedPolicy[]): RowFilter {
  const live = policies.filter((p): p is readonly ResolvedCondition[] => p.every((c) => c !== null));
  return (eb) => {
    if (live.length === 0) return FALSE;
    return eb.or(live.map((conditions) => eb.and(conditions.map((c) => conditionSql(eb, c)))));
  };
}

/** One condition triple as SQL (02 §3.1 operators, null rules of 03 §11). */
export function conditionSql(eb: AnyExpressionBuilder, c: ResolvedCondition): Expression<SqlBool> {
  const column = sql.ref(c.field.name);
  switch (c.operator) {
    case 'eq':
      return c.operand === null ? eb(column, 'is', null) : eb(column, '=', c.operand);
    case 'neq':
      return c.operand === null ? eb(column, 'is not', null) : eb(column, '<>', c.operand);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return eb(column, COMPARISON[c.operator], c.operand);
    case 'in':
      return sql<SqlBool>`${column} = ANY(${sql.val(c.operand)})`;
    case 'not_in':
      // `<> ALL('{}')` is true even for NULL: rows whose column is null never match (03 §11).
      return sql<SqlBool>`(${column} IS NOT NULL AND ${column} <> ALL(${sql.val(c.operand)}))`;
    case 'like':
      return c.field.kind === 'uuid' ? sql<SqlBool>`${column}::text LIKE ${c.operand}` : eb(column, 'like', c.operand);
  }
}
