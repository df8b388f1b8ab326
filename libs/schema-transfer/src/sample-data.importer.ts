import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { CompiledEntity, CompiledRelation, Registry } from '@rocket/metadata';
import { AppError, isObject } from '@rocket/errors';
import { coerceValue, mapWriteError, slugify, toParameter, uniqueSlug, validatePayload } from '@rocket/write-pipeline';
import { Trx } from './transfer-kind';

export interface SampleDataResult {
  inserted: number;
  skipped: number;
  errors: string[];
}

type Row = Record<string, unknown>;

/**
 * `sample_data` of an import (01 §8.4): entity records validated like an API
 * create (an explicit PK allowed, absent auto fields NOW(), slugs generated),
 * join-table rows by their two keys; each row in its own savepoint with
 * ON CONFLICT DO NOTHING, so a re-import skips what is there and a bad row
 * is reported without undoing the others.
 */
@Injectable()
export class SampleDataImporter {
  async import(
    trx: Trx,
    registry: Registry,
    sampleData: unknown,
    entityOrder: readonly string[],
  ): Promise<SampleDataResult> {
    const result: SampleDataResult = { inserted: 0, skipped: 0, errors: [] };
    if (sampleData === undefined || sampleData === null) return result;
    if (!isObject(sampleData)) {
      result.errors.push('sample_data must be an object of key → records');
      return result;
    }
    const keys = [
      ...entityOrder.filter((k) => k in sampleData),
      ...Object.keys(sampleData).filter((k) => !entityOrder.includes(k)),
    ];
    for (const key of keys) {
      const records = sampleData[key];
      const entity = registry.entities.get(key);
      const join = entity
        ? undefined
        : [...registry.relations.values()].find((r) => r.def.type === 'many_to_many' && r.def.join_table === key);
      if (!entity && !join) {
        result.errors.push(`sample_data "${key}": not an entity or join table`);
        continue;
      }
      if (!Array.isArray(records)) {
        result.errors.push(`sample_data "${key}": must be an array of records`);
        continue;
      }
      for (let i = 0; i < records.length; i++) {
        const record: unknown = records[i];
        try {
          const written = await inSavepoint(trx, () =>
            !isObject(record)
              ? Promise.reject(new Error('record must be an object'))
              : entity
                ? insertRecord(trx, registry, entity, record)
                : insertJoinRow(trx, join!, record),
          );
          if (written) result.inserted++;
          else result.skipped++;
        } catch (err) {
          result.errors.push(`record ${key}[${i}]: ${rowError(err, entity)}`);
        }
      }
    }
    return result;
  }
}

async function insertRecord(trx: Trx, registry: Registry, entity: CompiledEntity, record: Row): Promise<boolean> {
  // Keys that are not fields are ignored (01 §8.4), relation keys included.
  const fields: Row = {};
  for (const [key, value] of Object.entries(record)) if (entity.fieldsByName.has(key)) fields[key] = value;
  const checked = validatePayload(registry, entity, fields, { mode: 'create' });
  if (checked.problems.length > 0) throw new Error(checked.problems.map((p) => p.message).join('; '));
  const values = new Map(checked.values);
  // What an API create ignores, an import keeps: an explicit PK and given auto values.
  for (const field of entity.fields) {
    if (!(field.isPk || field.auto) || record[field.name] === undefined || record[field.name] === null) continue;
    const coerced = coerceValue(field, record[field.name]);
    if (!coerced.ok) throw new Error(`${field.name} ${coerced.reason}`);
    values.set(field.name, coerced.value);
  }
  for (const [name, value] of defaultsOf(entity)) if (!values.has(name)) values.set(name, value);
  const slug = entity.def.slug;
  if (slug?.source && !values.get(slug.field) && values.get(slug.source)) {
    const field = entity.fieldsByName.get(slug.field)!;
    values.set(slug.field, await uniqueSlug(trx, entity, field, slugify(String(values.get(slug.source)))));
  }
  const row: Row = {};
  for (const [name, value] of values) row[name] = toParameter(entity.fieldsByName.get(name)!, value);
  const inserted = await trx
    .insertInto(entity.table)
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning(sql.ref(entity.pk.name).as('pk'))
    .executeTakeFirst();
  return !!inserted;
}

async function insertJoinRow(trx: Trx, relation: CompiledRelation, record: Row): Promise<boolean> {
  const { source_join_key: sourceKey, target_join_key: targetKey } = relation.def;
  const sourceValue = record[sourceKey!];
  const targetValue = record[targetKey!];
  if (sourceValue == null || targetValue == null) throw new Error(`${sourceKey} and ${targetKey} are required`);
  const sourceField = relation.source.fieldsByName.get(relation.def.source_key)!;
  const a = coerceValue(sourceField, sourceValue);
  const b = coerceValue(relation.target.pk, targetValue);
  if (!a.ok) throw new Error(`${sourceKey} ${a.reason}`);
  if (!b.ok) throw new Error(`${targetKey} ${b.reason}`);
  const inserted = await trx
    .insertInto(relation.def.join_table!)
    .values({ [sourceKey!]: a.value, [targetKey!]: b.value })
    .onConflict((oc) => oc.doNothing())
    .returning(sql.ref(sourceKey!).as('k'))
    .executeTakeFirst();
  return !!inserted;
}

/** A row's failure as a message: database errors mapped like API writes, so no SQL leaks. */
function rowError(err: unknown, entity: CompiledEntity | undefined): string {
  const mapped = entity ? mapWriteError(err, entity) : err;
  if (mapped instanceof AppError) return mapped.details[0]?.message ?? mapped.message;
  if ((err as { code?: string }).code) return 'the database refused the row';
  return (err as Error).message;
}

function defaultsOf(entity: CompiledEntity): [string, unknown][] {
  return entity.fields.filter((f) => f.def.default !== undefined && !f.isPk).map((f) => [f.name, f.def.default]);
}

/** Runs one row in a savepoint: a failing row rolls back alone. */
async function inSavepoint<T>(trx: Trx, fn: () => Promise<T>): Promise<T> {
  await sql`SAVEPOINT sample_row`.execute(trx);
  try {
    const value = await fn();
    await sql`RELEASE SAVEPOINT sample_row`.execute(trx);
    return value;
  } catch (err) {
    await sql`ROLLBACK TO SAVEPOINT sample_row`.execute(trx);
    throw err;
  }
}
