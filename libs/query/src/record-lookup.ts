import { sql } from 'kysely';
import { AnyDb, ShapeCache } from '@rocket/database';
import { CompiledEntity } from '@rocket/metadata';
import { AnySelect, RowFilter, selectRecordColumns, visibleRows } from './read-scope';

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
  options: LookupOptions = {},
): Promise<Record<string, unknown> | undefined> {
  for (const key of lookupKeys(entity, raw)) {
    const [row] = (await lookup(db, entity, key, options)).rows;
    if (row) return row as Record<string, unknown>;
  }
  return undefined;
}

type LookupOptions = { forUpdate?: boolean; extraWhere?: RowFilter; prepared?: PreparedQueries };

/**
 * One lookup by one key. Without a row filter, the hottest query there is:
 * compiled once per entity snapshot and key column, and an unlocked one in
 * regular use runs as a prepared statement on the app's pool.
 */
function lookup(db: AnyDb, entity: CompiledEntity, key: LookupKey, options: LookupOptions) {
  if (options.extraWhere) return db.executeQuery(lookupBuilder(db, entity, key.column, key.value, options).compile());
  const forUpdate = !!options.forUpdate;
  const shape = lookups.get(entity, `${key.column}:${forUpdate}`, (slot) =>
    lookupBuilder(db, entity, key.column, slot(0), { forUpdate }),
  );
  const query = shape.bind([key.value]);
  const prepared = forUpdate ? undefined : options.prepared;
  const name = prepared && shape.preparedName();
  return prepared && name ? prepared.query({ name, text: query.sql, values: [key.value] }) : db.executeQuery(query);
}

function lookupBuilder(
  db: AnyDb,
  entity: CompiledEntity,
  column: string,
  value: unknown,
  options: { forUpdate?: boolean; extraWhere?: RowFilter },
): AnySelect {
  const byKey: RowFilter = (eb) => eb(sql.ref(column), '=', value);
  const query = selectRecordColumns(db, visibleRows(db, entity, [byKey], options.extraWhere), entity);
  return options.forUpdate ? query.forUpdate() : query;
}

/**
 * Something that runs a named prepared statement (a pg Pool): PostgreSQL
 * parses and plans the lookup once per connection instead of per request,
 * which matters when it shares the CPU with the server.
 */
export interface PreparedQueries {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Lookups by key column per entity snapshot (a schema change brings a new snapshot, so new statements). */
const lookups = new ShapeCache<CompiledEntity>();
