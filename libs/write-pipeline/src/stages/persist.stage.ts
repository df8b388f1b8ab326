import { Injectable } from '@nestjs/common';
import { RawBuilder, sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { sameValue } from '../same-value';
import { recordNotFound } from '../write-errors';
import { PkValue, Row, WriteContext } from '../write-context';
import { DELETED_AT, writeShapeOf } from '../write-shape';
import { WriteStage } from './write-stage';

/** Engine timestamps (auto fields, soft delete) come from the database clock. */
const NOW: RawBuilder<Date> = sql<Date>`NOW()`;

/**
 * A coerced value as a bound parameter. JSONB goes as JSON text: pg would
 * send a JS array as a Postgres array literal and a string unquoted.
 */
export function toParameter(field: CompiledField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return field.kind === 'json' || field.kind === 'file' ? JSON.stringify(value) : value;
}

/**
 * INSERT of a new record (02 §2.3, §6.3): the given field values in
 * definition order, every auto field NOW(), a generated PK left to its
 * column default. Returns the PK and the relations' source keys.
 */
export function insertRecordQuery(db: AnyDb, entity: CompiledEntity, values: ReadonlyMap<string, unknown>) {
  const shape = writeShapeOf(entity);
  const columns: [string, unknown][] = [];
  for (const field of entity.fields) {
    if (field.auto) columns.push([field.name, NOW]);
    else if (values.has(field.name) && field.name !== DELETED_AT) {
      columns.push([field.name, toParameter(field, values.get(field.name))]);
    }
  }
  const returning = shape.keyColumns.map((c) => sql.ref(c).as(c));
  const insert = db.insertInto(entity.table);
  return columns.length > 0
    ? insert.values(Object.fromEntries(columns)).returning(returning)
    : insert.defaultValues().returning(returning);
}

/**
 * The values of an update that differ from the locked row, definition order.
 * Unchanged values are left out of the SET (02 §2.4: no UPDATE when no
 * column would change).
 */
export function changedValues(entity: CompiledEntity, current: Row, values: ReadonlyMap<string, unknown>) {
  const changed = new Map<string, unknown>();
  for (const field of entity.fields) {
    if (!values.has(field.name) || field.isPk || field.auto || field.name === DELETED_AT) continue;
    const value = values.get(field.name);
    if (!sameValue(field, current[field.name], value)) changed.set(field.name, value);
  }
  return changed;
}

/**
 * UPDATE of a live record (02 §2.4): the changed fields plus every
 * `auto: update` field = NOW(), by PK, live rows only. Undefined when there
 * is no column to set (no change and no auto:update field): no UPDATE then.
 */
export function updateRecordQuery(
  db: AnyDb,
  entity: CompiledEntity,
  pk: PkValue,
  changes: ReadonlyMap<string, unknown>,
) {
  const set: [string, unknown][] = [];
  for (const field of entity.fields) {
    if (field.auto === 'update') set.push([field.name, NOW]);
    else if (changes.has(field.name)) set.push([field.name, toParameter(field, changes.get(field.name))]);
  }
  if (set.length === 0) return undefined;
  let query = db.updateTable(entity.table).set(Object.fromEntries(set)).where(sql.ref(entity.pk.name), '=', pk);
  if (entity.softDelete) query = query.where(sql.ref(DELETED_AT), 'is', null);
  return query;
}

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
 * 04 §3.1 step 10 / §3.2 step 5: the INSERT, UPDATE or (soft) DELETE of the
 * top-level record. A row that is gone by then (0 rows affected) → 404.
 */
@Injectable()
export class PersistStage implements WriteStage {
  async run(ctx: WriteContext): Promise<void> {
    switch (ctx.action) {
      case 'create':
        return this.insert(ctx);
      case 'update':
        return this.update(ctx);
      case 'delete':
        return this.delete(ctx);
    }
  }

  private async insert(ctx: WriteContext): Promise<void> {
    const keys = await insertRecordQuery(ctx.trx, ctx.entity, ctx.values).executeTakeFirstOrThrow();
    ctx.pk = keys[ctx.entity.pk.name] as PkValue;
  }

  private async update(ctx: WriteContext): Promise<void> {
    const changes = changedValues(ctx.entity, ctx.requireCurrent(), ctx.values);
    const query = updateRecordQuery(ctx.trx, ctx.entity, ctx.requirePk(), changes);
    if (!query) return;
    const result = await query.executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw recordNotFound(ctx.entity, String(ctx.rawId));
  }

  private async delete(ctx: WriteContext): Promise<void> {
    const pk = ctx.requirePk();
    const result = ctx.entity.softDelete
      ? (await softDeleteQuery(ctx.trx, ctx.entity, pk).executeTakeFirst()).numUpdatedRows
      : (await hardDeleteQuery(ctx.trx, ctx.entity, pk).executeTakeFirst()).numDeletedRows;
    if (result === 0n) throw recordNotFound(ctx.entity, String(ctx.rawId));
  }
}
