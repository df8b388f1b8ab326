import { CompiledQuery, sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity } from '@rocket/metadata';
import { RowFilter, selectRecordColumns, visibleRows } from './read-scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT32_MAX = 2147483647n;
const BIGINT_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A PK value of the entity's key type parsed from a URL segment, or undefined if it cannot be one. */
export function parsePkValue(entity: CompiledEntity, raw: string): string | number | undefined {
  switch (entity.def.primary_key.type) {
    case 'uuid':
      return UUID.test(raw) ? raw.toLowerCase() : undefined;
    case 'int':
    case 'bigint': {
      if (!/^\d{1,19}$/.test(raw)) return undefined;
      const n = BigInt(raw);
      const max = entity.def.primary_key.type === 'int' ? INT32_MAX : BIGINT_MAX;
      return n <= max ? Number(n) : undefined;
    }
    case 'string':
      return raw.length > 0 && !raw.includes('\u0000') ? raw : undefined;
  }
}

export type LookupKey = { column: string; value: string | number };

/**
 * The lookups to try for `:id` (02 §5): the PK when the value can be one;
 * on slug entities the slug otherwise, then the PK for string keys.
 */
export function lookupKeys(entity: CompiledEntity, raw: string): LookupKey[] {
  const pk = parsePkValue(entity, raw);
  const slug = entity.def.slug?.field;
  if (!slug) return pk === undefined ? [] : [{ column: entity.pk.name, value: pk }];
  if (pk !== undefined && entity.def.primary_key.type !== 'string') return [{ column: entity.pk.name, value: pk }];
  const keys: LookupKey[] = raw.includes('\u0000') ? [] : [{ column: slug, value: raw }];
  if (pk !== undefined) keys.push({ column: entity.pk.name, value: pk });
  return keys;
}

/**
 * Finds a live row by `:id` (PK or slug); optionally locks it for the rest of
 * the transaction. Malformed ids never reach the database. `extraWhere` is
 * ANDed in (row-level read filters: a row outside them is a miss, 07 §6.2).
 */
export async function findLiveRow(
  db: AnyDb,
  entity: CompiledEntity,
  raw: string,
  options: { forUpdate?: boolean; extraWhere?: RowFilter } = {},
): Promise<Record<string, unknown> | undefined> {
  for (const key of lookupKeys(entity, raw)) {
    const query = options.extraWhere
      ? lookupQuery(db, entity, key.column, key.value, options)
      : CompiledQuery.raw(cachedLookupSql(db, entity, key.column, !!options.forUpdate), [key.value]);
    const row = (await db.executeQuery(query)).rows[0] as Record<string, unknown> | undefined;
    if (row) return row;
  }
  return undefined;
}

function lookupQuery(
  db: AnyDb,
  entity: CompiledEntity,
  column: string,
  value: unknown,
  options: { forUpdate?: boolean; extraWhere?: RowFilter },
): CompiledQuery {
  const byKey: RowFilter = (eb) => eb(sql.ref(column), '=', value);
  let query = selectRecordColumns(db, visibleRows(db, entity, [byKey], options.extraWhere), entity);
  if (options.forUpdate) query = query.forUpdate();
  return query.compile();
}

/**
 * The lookup by one key column is the hottest query there is: its SQL is
 * compiled once per entity snapshot (a new registry brings new entity
 * objects, so the cache follows metadata changes) and only the value varies.
 */
const lookupSql = new WeakMap<CompiledEntity, Map<string, string>>();

function cachedLookupSql(db: AnyDb, entity: CompiledEntity, column: string, forUpdate: boolean): string {
  let byColumn = lookupSql.get(entity);
  if (!byColumn) lookupSql.set(entity, (byColumn = new Map<string, string>()));
  const key = `${column}:${forUpdate}`;
  let text = byColumn.get(key);
  if (text === undefined) {
    const compiled = lookupQuery(db, entity, column, null, { forUpdate });
    if (compiled.parameters.length !== 1) throw new Error('lookup query must have exactly one parameter');
    byColumn.set(key, (text = compiled.sql));
  }
  return text;
}
