import { Injectable } from '@nestjs/common';
import { RawBuilder, sql } from 'kysely';
import { AnyDb, ShapeCache } from '@rocket/database';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { sameValue } from '../same-value';
import { recordNotFound } from '../write-errors';
import { PkValue, Row, WriteContext } from '../write-context';
import { DELETED_AT } from '../write-shape';
import { recordColumns } from './reload-record.stage';
import { WriteStage } from './write-stage';

/** Engine timestamps (auto fields, soft delete) come from the database clock. */
export const NOW: RawBuilder<Date> = sql<Date>`NOW()`;

/**
 * A coerced value as a bound parameter. JSONB goes as JSON text: pg would
 * send a JS array as a Postgres array literal and a string unquoted.
 */
export function toParameter(field: CompiledField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return field.kind === 'json' || field.kind === 'file' ? JSON.stringify(value) : value;
}

/** INSERT and UPDATE statements per entity snapshot and set of columns. */
const shapes = new ShapeCache<CompiledEntity>();

/**
 * INSERT of a new record (02 §2.3, §6.3): the given field values in
 * definition order, every auto field NOW(), a generated PK left to its
 * column default. Returns the whole row: its keys for nested writes, and
 * the record itself for step 13.
 */
export function insertRecordQuery(db: AnyDb, entity: CompiledEntity, values: ReadonlyMap<string, unknown>) {
  const fields: CompiledField[] = [];
  const parameters: unknown[] = [];
  for (const field of entity.fields) {
    if (field.auto) fields.push(field);
    else if (values.has(field.name) && field.name !== DELETED_AT) {
      fields.push(field);
      parameters.push(toParameter(field, values.get(field.name)));
    }
  }
  const key = `insert:${fields.map((f) => f.name).join(',')}`;
  const shape = shapes.get(entity, key, (slot) => {
    let n = 0;
    const row = Object.fromEntries(fields.map((f) => [f.name, f.auto ? NOW : slot(n++)]));
    const insert = db.insertInto(entity.table);
    const returning = recordColumns(entity);
    return fields.length > 0 ? insert.values(row).returning(returning) : insert.defaultValues().returning(returning);
  });
  return shape.bind(parameters);
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
  const fields: CompiledField[] = [];
  const parameters: unknown[] = [];
  for (const field of entity.fields) {
    if (field.auto === 'update') fields.push(field);
    else if (changes.has(field.name)) {
      fields.push(field);
      parameters.push(toParameter(field, changes.get(field.name)));
    }
  }
  if (fields.length === 0) return undefined;
  const key = `update:${fields.map((f) => f.name).join(',')}`;
  const shape = shapes.get(entity, key, (slot) => {
    let n = 0;
    const set = Object.fromEntries(fields.map((f) => [f.name, f.auto === 'update' ? NOW : slot(n++)]));
    let query = db.updateTable(entity.table).set(set).where(sql.ref(entity.pk.name), '=', slot(n));
    if (entity.softDelete) query = query.where(sql.ref(DELETED_AT), 'is', null);
    return query.returning(recordColumns(entity));
  });
  return shape.bind([...parameters, pk]);
}

/**
 * 04 §3.1 step 10: the INSERT or UPDATE of one row (the top-level record or
 * a nested child), leaving its keys for the nested writes. An UPDATE that
 * finds the row gone (0 rows affected) → 404. Deletes are the delete
 * procedure's (delete/delete-record.stage.ts), cascades included.
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
        throw new Error('A delete is persisted by DeleteRecordStage');
    }
  }

  private async insert(ctx: WriteContext): Promise<void> {
    const [row] = (await ctx.trx.executeQuery<Row>(insertRecordQuery(ctx.trx, ctx.entity, ctx.values))).rows;
    ctx.pk = row[ctx.entity.pk.name] as PkValue;
    ctx.keys = row;
    ctx.persisted = row;
  }

  private async update(ctx: WriteContext): Promise<void> {
    const current = ctx.requireCurrent();
    const changes = changedValues(ctx.entity, current, ctx.values);
    // The keys after this write: a changed source key is what children reference from now on.
    ctx.keys = { ...current, ...Object.fromEntries(changes) };
    const query = updateRecordQuery(ctx.trx, ctx.entity, ctx.requirePk(), changes);
    if (!query) {
      ctx.persisted = current;
      return;
    }
    const [row] = (await ctx.trx.executeQuery<Row>(query)).rows;
    if (!row) throw recordNotFound(ctx.entity, String(ctx.rawId));
    ctx.persisted = row;
  }
}
