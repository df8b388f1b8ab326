import { sql, Transaction } from 'kysely';
import { Errors } from '@rocket/errors';
import { EntityDefinition, FieldDefinition, kindOf } from '../definitions/definition.types';
import { columnType, defaultExpression, indexName, pgTypeName } from './column-types';
import { columnHasNulls, ColumnInfo, tableColumns, tableIsEmpty } from './table-inspector';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Trx = Transaction<any>;

const effectivelyRequired = (f: FieldDefinition) => !!f.required && !f.nullable;

/**
 * Brings a business table in line with an entity definition (01 §4.2–4.4).
 * Runs inside the metadata transaction; never drops a table or a column.
 */
export async function migrateEntity(
  trx: Trx,
  previous: EntityDefinition | undefined,
  next: EntityDefinition,
): Promise<void> {
  const columns = await tableColumns(trx, next.table);
  if (columns.size === 0) await createTable(trx, next);
  else await alterTable(trx, previous, next, columns);
  await ensureIndexes(trx, previous, next);
}

async function createTable(trx: Trx, entity: EntityDefinition): Promise<void> {
  let create = trx.schema.createTable(entity.table);
  for (const field of entity.fields) {
    create = create.addColumn(field.name, columnType(field), (col) => {
      if (field.name === entity.primary_key.field) {
        col = col.primaryKey();
        if (entity.primary_key.generated) {
          col =
            entity.primary_key.type === 'uuid'
              ? col.defaultTo(sql`gen_random_uuid()`)
              : col.generatedByDefaultAsIdentity();
        }
        return col;
      }
      if (effectivelyRequired(field) && !field.auto) col = col.notNull();
      const def = defaultExpression(field);
      return def ? col.defaultTo(def) : col;
    });
  }
  if (entity.soft_delete && !entity.fields.some((f) => f.name === 'deleted_at')) {
    create = create.addColumn('deleted_at', sql.raw('TIMESTAMPTZ'));
  }
  await create.execute();
}

async function alterTable(
  trx: Trx,
  previous: EntityDefinition | undefined,
  next: EntityDefinition,
  columns: Map<string, ColumnInfo>,
): Promise<void> {
  const empty = await tableIsEmpty(trx, next.table);
  const prevFields = new Map((previous?.fields ?? []).map((f) => [f.name, f]));
  const table = () => trx.schema.alterTable(next.table);

  for (const field of next.fields) {
    const column = columns.get(field.name);
    const isPk = field.name === next.primary_key.field;
    if (!column) {
      const def = defaultExpression(field);
      const notNull = effectivelyRequired(field) && !field.auto && (def !== undefined || empty);
      await table()
        .addColumn(field.name, columnType(field), (col) => {
          if (notNull) col = col.notNull();
          return def ? col.defaultTo(def) : col;
        })
        .execute();
      continue;
    }
    if (isPk) continue;
    const before = prevFields.get(field.name);
    await changeType(trx, next.table, field, column);
    if (effectivelyRequired(field) && !field.auto && column.nullable) {
      if (!(await columnHasNulls(trx, next.table, field.name))) {
        await table()
          .alterColumn(field.name, (c) => c.setNotNull())
          .execute();
      }
    } else if ((!effectivelyRequired(field) || field.auto) && !column.nullable) {
      await table()
        .alterColumn(field.name, (c) => c.dropNotNull())
        .execute();
    }
    // Stored JSONB reorders object keys, so compare defaults canonically.
    const defaultChanged =
      !before || canonical(before.default) !== canonical(field.default) || before.auto !== field.auto;
    if (defaultChanged) {
      const def = defaultExpression(field);
      if (def)
        await table()
          .alterColumn(field.name, (c) => c.setDefault(def))
          .execute();
      else if (column.hasDefault)
        await table()
          .alterColumn(field.name, (c) => c.dropDefault())
          .execute();
    }
  }
  // Removed fields keep their column and data, but must no longer block inserts.
  for (const [name, column] of columns) {
    const declared = next.fields.some((f) => f.name === name);
    if (!declared && !column.nullable && name !== next.primary_key.field && name !== 'deleted_at') {
      await table()
        .alterColumn(name, (c) => c.dropNotNull())
        .execute();
    }
  }
  if (next.soft_delete && !columns.has('deleted_at') && !next.fields.some((f) => f.name === 'deleted_at')) {
    await table().addColumn('deleted_at', sql.raw('TIMESTAMPTZ')).execute();
  }
}

/** Widening type changes only (01 §4.3); the caller refused the unsafe ones already. */
async function changeType(trx: Trx, tableName: string, field: FieldDefinition, column: ColumnInfo): Promise<void> {
  const wanted = pgTypeName(field);
  const scaleChanged =
    wanted === 'numeric' &&
    column.dataType === 'numeric' &&
    (column.numericScale ?? null) !== (field.precision || null);
  if (column.dataType === wanted && !scaleChanged) return;
  try {
    await sql`ALTER TABLE ${sql.table(tableName)} ALTER COLUMN ${sql.ref(field.name)} TYPE ${columnType(field)} USING ${sql.ref(field.name)}::${columnType(field)}`.execute(
      trx,
    );
  } catch (err) {
    if (['22003', '22P02', '42804'].includes((err as { code?: string }).code ?? '')) {
      throw Errors.validationSingle({
        field: field.name,
        rule: 'unsafe_type_change',
        message: `existing data of ${field.name} does not fit ${field.type}`,
      });
    }
    throw err;
  }
}

async function ensureIndexes(trx: Trx, previous: EntityDefinition | undefined, next: EntityDefinition): Promise<void> {
  for (const field of next.fields) {
    if (field.name === next.primary_key.field) continue;
    const name = indexName('idx', next.table, field.name);
    if (field.unique) {
      let index = trx.schema.createIndex(name).ifNotExists().unique().on(next.table).column(field.name);
      if (next.soft_delete) index = index.where(sql.ref('deleted_at'), 'is', null);
      try {
        await index.execute();
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw Errors.conflict(`cannot add unique index on ${field.name}: duplicate values exist`);
        }
        throw err;
      }
    } else if (previous?.fields.find((f) => f.name === field.name)?.unique) {
      await trx.schema.dropIndex(name).ifExists().execute();
    }
  }
  if (next.soft_delete) {
    await trx.schema
      .createIndex(indexName('idx', next.table, 'deleted_at'))
      .ifNotExists()
      .on(next.table)
      .column('deleted_at')
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  }
}

const SAFE_CHANGES: Record<string, string[]> = {
  string: ['text'],
  text: ['string'],
  int: ['bigint', 'decimal', 'float'],
  bigint: ['decimal', 'float'],
  decimal: ['decimal'],
};

/** 422 details for type changes 01 §4.3 does not allow, and for table/PK changes. */
export function unsafeChanges(
  previous: EntityDefinition,
  next: EntityDefinition,
): { field: string; rule: string; message: string }[] {
  const problems: { field: string; rule: string; message: string }[] = [];
  if (previous.table !== next.table)
    problems.push({ field: 'table', rule: 'immutable', message: 'table cannot be changed' });
  const [a, b] = [previous.primary_key, next.primary_key];
  if (a.field !== b.field || a.type !== b.type || !!a.generated !== !!b.generated) {
    problems.push({ field: 'primary_key', rule: 'immutable', message: 'primary_key cannot be changed' });
  }
  next.fields.forEach((field, i) => {
    const before = previous.fields.find((f) => f.name === field.name);
    if (!before) return;
    const [from, to] = [kindOf(before.type), kindOf(field.type)];
    if (from === to && from !== 'decimal') return;
    if (from === 'decimal' && to === 'decimal') return;
    if (!SAFE_CHANGES[from]?.includes(to)) {
      problems.push({
        field: `fields[${i}].type`,
        rule: 'unsafe_type_change',
        message: `cannot change ${field.name} from ${before.type} to ${field.type}`,
      });
    }
  });
  return problems;
}

function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}
