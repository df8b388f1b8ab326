import { AnyDb } from '@rocket/database';
import { normaliseRecord } from '@rocket/expressions';
import { CompiledEntity } from '@rocket/metadata';
import { RelatedLoad } from '../definition/related-load';
import { relatedRowsQuery } from './related-queries';
import { RelatedReader, Row } from './rule-run';

/**
 * Reads `related_load` rows inside the write transaction (04 §1.5; never
 * through another connection, 00-README), normalised as record data
 * (03 §4.1). On create the record has no stored children or links yet, so
 * those read as empty without a query; a missing key reads as empty too.
 */
export function relatedReader(
  trx: AnyDb,
  entity: CompiledEntity,
  action: 'create' | 'update' | 'delete',
): RelatedReader {
  return async (loads, record) => {
    const related: Record<string, unknown> = {};
    for (const load of loads) {
      const key = keyOf(load, entity, record, action);
      const rows = key === null ? [] : ((await relatedRowsQuery(trx, load, key).execute()) as Row[]);
      const normalised = rows.map((row) => normaliseRecord(load.other, row));
      related[load.name] = load.single ? (normalised[0] ?? null) : normalised;
    }
    return related;
  };
}

/** The record's value that links it to the other side; null when there is nothing to read. */
function keyOf(load: RelatedLoad, entity: CompiledEntity, record: Readonly<Row>, action: string): unknown {
  const def = load.relation.def;
  const parentByForeignKey = load.side === 'target' && def.type !== 'many_to_many';
  if (action === 'create' && !parentByForeignKey) return null;
  const column = load.side === 'source' ? def.source_key : parentByForeignKey ? def.target_key! : entity.pk.name;
  return record[column] ?? null;
}
