import { sql, Transaction } from 'kysely';
import { Errors } from '@rocket/errors';
import { EntityDefinition, RelationDefinition } from '../definitions/definition.types';
import { columnType, indexName } from './column-types';
import { tableColumns } from './table-inspector';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Trx = Transaction<any>;

/** Indexes and join tables of a relation (01 §4.4–4.5); existing ones are left as they are. */
export async function migrateRelation(
  trx: Trx,
  relation: RelationDefinition,
  source: EntityDefinition,
  target: EntityDefinition,
): Promise<void> {
  if (relation.type === 'many_to_many') return migrateJoinTable(trx, relation, source, target);
  const fk = relation.target_key!;
  await trx.schema
    .createIndex(indexName('idx', target.table, fk))
    .ifNotExists()
    .on(target.table)
    .column(fk)
    .execute();
  if (relation.type === 'one_to_one') {
    let unique = trx.schema
      .createIndex(indexName('uq', target.table, fk))
      .ifNotExists()
      .unique()
      .on(target.table)
      .column(fk);
    if (target.soft_delete) unique = unique.where(sql.ref('deleted_at'), 'is', null);
    try {
      await unique.execute();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw Errors.conflict(`cannot make ${relation.name} one-to-one: several ${target.name} rows share a ${fk}`);
      }
      throw err;
    }
  }
}

async function migrateJoinTable(
  trx: Trx,
  relation: RelationDefinition,
  source: EntityDefinition,
  target: EntityDefinition,
) {
  const joinTable = relation.join_table!;
  const sjk = relation.source_join_key!;
  const tjk = relation.target_join_key!;
  const existing = await tableColumns(trx, joinTable);
  if (existing.size > 0) {
    if (!existing.has(sjk) || !existing.has(tjk)) {
      throw Errors.validationSingle({
        field: 'join_table',
        rule: 'invalid_value',
        message: `existing table ${joinTable} lacks the columns ${sjk} and ${tjk}`,
      });
    }
  } else {
    const sourceKey = source.fields.find((f) => f.name === relation.source_key)!;
    const targetPk = target.fields.find((f) => f.name === target.primary_key.field)!;
    await trx.schema
      .createTable(joinTable)
      .addColumn(sjk, columnType(sourceKey), (c) => c.notNull())
      .addColumn(tjk, columnType(targetPk), (c) => c.notNull())
      .addPrimaryKeyConstraint(indexName('pk', joinTable, 'keys'), [sjk, tjk] as never)
      .execute();
  }
  await trx.schema
    .createIndex(indexName('idx', joinTable, tjk))
    .ifNotExists()
    .on(joinTable)
    .column(tjk)
    .execute();
}

/** Relation delete: metadata only, plus its one-to-one index unless another relation needs it (01 §4.5). */
export async function dropRelationIndexes(
  trx: Trx,
  relation: RelationDefinition,
  target: EntityDefinition | undefined,
  remaining: readonly RelationDefinition[],
): Promise<void> {
  if (relation.type !== 'one_to_one' || !target) return;
  const shared = remaining.some(
    (r) =>
      r.name !== relation.name &&
      r.type === 'one_to_one' &&
      r.target === relation.target &&
      r.target_key === relation.target_key,
  );
  if (!shared)
    await trx.schema
      .dropIndex(indexName('uq', target.table, relation.target_key!))
      .ifExists()
      .execute();
}
