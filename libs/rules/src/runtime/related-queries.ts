import { sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import {
  AnyExpressionBuilder,
  AnySelect,
  filterCondition,
  joinOf,
  RowFilter,
  selectRecordColumns,
  visibleRows,
} from '@rocket/query';
import { RelatedLoad } from '../definition/related-load';

/**
 * The rows of one `related_load` entry for one key value (04 §1.5): the
 * other entity's live rows linked to the record, the entry's filters ANDed
 * in, ordered by primary key, at most `limit` rows (one for a single row).
 * `key` is the record's source key (source side), its foreign key
 * (target side of 1:1/1:N) or its primary key (target side of M:N).
 */
export function relatedRowsQuery(db: AnyDb, load: RelatedLoad, key: unknown): AnySelect {
  const conditions: RowFilter[] = [linkCondition(db, load, key)];
  for (const filter of load.filters) conditions.push((eb: AnyExpressionBuilder) => filterCondition(eb, filter));
  return selectRecordColumns(db, visibleRows(db, load.other, conditions), load.other)
    .orderBy(sql.ref(load.other.pk.name), 'asc')
    .limit(load.single ? 1 : load.limit);
}

function linkCondition(db: AnyDb, load: RelatedLoad, key: unknown): RowFilter {
  const def = load.relation.def;
  if (def.type === 'many_to_many') {
    const join = joinOf(load.relation);
    // Source side: targets whose PK is linked to our source key; target side: sources linked to our PK.
    const [mine, theirs, column] =
      load.side === 'source'
        ? [join.source_join_key, join.target_join_key, load.other.pk.name]
        : [join.target_join_key, join.source_join_key, def.source_key];
    const linked = db.selectFrom(join.join_table).select(db.dynamic.ref(theirs)).where(sql.ref(mine), '=', key);
    return (eb) => eb(sql.ref(column), 'in', linked);
  }
  const column = load.side === 'source' ? def.target_key! : def.source_key;
  return (eb) => eb(sql.ref(column), '=', key);
}
