import { sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity, CompiledRelation } from '@rocket/metadata';
import { joinOf, RowFilter, selectRecordColumns, visibleRows } from '@rocket/query';
import { NOW } from '../stages/persist.stage';
import { targetKeyOf } from '../relation-keys';
import { PkValue } from '../write-context';
import { DELETED_AT } from '../write-shape';

const pointsAt =
  (column: string, key: unknown): RowFilter =>
  (eb) =>
    eb(sql.ref(column), '=', key);

/** Soft delete (02 §2.5): only a live row; deleting it twice finds nothing. */
export function softDeleteQuery(db: AnyDb, entity: CompiledEntity, pk: PkValue) {
  return db
    .updateTable(entity.table)
    .set({ [DELETED_AT]: NOW })
    .where(sql.ref(entity.pk.name), '=', pk)
    .where(sql.ref(DELETED_AT), 'is', null);
}

/** Hard delete (02 §2.5). */
export function hardDeleteQuery(db: AnyDb, entity: CompiledEntity, pk: PkValue) {
  return db.deleteFrom(entity.table).where(sql.ref(entity.pk.name), '=', pk);
}

/**
 * restrict (02 §8): live target rows pointing at the key. Rows this request
 * is deleting already (`exclude`: an ancestor in the cascade, the record
 * itself on a self relation) do not hold it back.
 */
export function restrictCountQuery(db: AnyDb, relation: CompiledRelation, key: unknown, exclude: readonly PkValue[]) {
  const target = relation.target;
  let query = visibleRows(db, target, [pointsAt(targetKeyOf(relation), key)]);
  if (exclude.length > 0) query = query.where(sql<boolean>`${sql.ref(target.pk.name)} <> ALL(${sql.val(exclude)})`);
  return query.select(sql<string>`count(*)`.as('count'));
}

/** set_null (02 §8): every row pointing at the key, soft-deleted ones included. */
export function setNullQuery(db: AnyDb, relation: CompiledRelation, key: unknown) {
  const fk = targetKeyOf(relation);
  return db
    .updateTable(relation.target.table)
    .set({ [fk]: null })
    .where(sql.ref(fk), '=', key);
}

/**
 * cascade (02 §8): the live target rows to delete, whole (their own
 * policies need their keys), locked in PK order like every other lock here.
 */
export function cascadeTargetsQuery(db: AnyDb, relation: CompiledRelation, key: unknown) {
  const target = relation.target;
  return selectRecordColumns(db, visibleRows(db, target, [pointsAt(targetKeyOf(relation), key)]), target)
    .orderBy(sql.ref(target.pk.name))
    .forUpdate();
}

/** M:N cascade and detach (02 §8): the join rows of the source record; targets untouched. */
export function sourceJoinRowsDeleteQuery(db: AnyDb, relation: CompiledRelation, key: unknown) {
  const { join_table, source_join_key } = joinOf(relation);
  return db.deleteFrom(join_table).where(sql.ref(source_join_key), '=', key);
}

/** A hard-deleted M:N target takes the join rows pointing at it along (02 §8, Required here). */
export function targetJoinRowsDeleteQuery(db: AnyDb, relation: CompiledRelation, pk: PkValue) {
  const { join_table, target_join_key } = joinOf(relation);
  return db.deleteFrom(join_table).where(sql.ref(target_join_key), '=', pk);
}
