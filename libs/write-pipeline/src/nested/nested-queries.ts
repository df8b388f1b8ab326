import { sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity, CompiledRelation } from '@rocket/metadata';
import { columnIn, joinOf, RowFilter, selectRecordColumns, visibleRows } from '@rocket/query';
import { targetKeyOf } from '../relation-keys';
import { PlannedPk } from './nested-plan';

/**
 * The live children of a parent (02 §7.2 phase 2), whole (`old` of their
 * updates), locked in PK order for the rest of the write. `pks` narrows the
 * set to the children a diff names; replace needs them all.
 */
export function currentChildrenQuery(
  db: AnyDb,
  relation: CompiledRelation,
  parentKey: unknown,
  pks?: readonly PlannedPk[],
) {
  const target = relation.target;
  const conditions: RowFilter[] = [(eb) => eb(sql.ref(targetKeyOf(relation)), '=', parentKey)];
  if (pks) conditions.push(columnIn(target.pk.name, pks));
  return selectRecordColumns(db, visibleRows(db, target, conditions), target)
    .orderBy(sql.ref(target.pk.name))
    .forUpdate();
}

/**
 * Which of the ids are live records of the target (02 §7.4). FOR KEY SHARE
 * keeps them from being deleted until COMMIT without blocking other writers
 * that link the same targets.
 */
export function liveTargetIdsQuery(db: AnyDb, target: CompiledEntity, ids: readonly PlannedPk[]) {
  const pk = target.pk.name;
  return visibleRows(db, target, [columnIn(pk, ids)])
    .select(sql.ref(pk).as('id'))
    .forKeyShare();
}

/** The targets a source record is linked to, optionally only among `ids`. */
export function linkedIdsQuery(db: AnyDb, relation: CompiledRelation, key: unknown, ids?: readonly PlannedPk[]) {
  const { join_table, source_join_key, target_join_key } = joinOf(relation);
  let query = db
    .selectFrom(join_table)
    .select(sql.ref(target_join_key).as('id'))
    .where(sql.ref(source_join_key), '=', key);
  if (ids) query = query.where(columnIn(target_join_key, ids));
  return query;
}

/** Removes join rows of the source record (always hard, 02 §7.4). */
export function unlinkQuery(db: AnyDb, relation: CompiledRelation, key: unknown, ids: readonly PlannedPk[]) {
  const { join_table, source_join_key, target_join_key } = joinOf(relation);
  return db.deleteFrom(join_table).where(sql.ref(source_join_key), '=', key).where(columnIn(target_join_key, ids));
}

/** Adds join rows; one already there (a concurrent writer) is left alone (02 §7.4). */
export function linkQuery(db: AnyDb, relation: CompiledRelation, key: unknown, ids: readonly PlannedPk[]) {
  const { join_table, source_join_key, target_join_key } = joinOf(relation);
  return db
    .insertInto(join_table)
    .values(ids.map((id) => ({ [source_join_key]: key, [target_join_key]: id })))
    .onConflict((oc) => oc.doNothing());
}
