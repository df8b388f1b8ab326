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
  options: { forUpdate?: boolean; extraWhere?: RowFilter; prepared?: PreparedQueries } = {},
): Promise<Record<string, unknown> | undefined> {
  for (const key of lookupKeys(entity, raw)) {
    let row: Record<string, unknown> | undefined;
    if (options.extraWhere) {
      row = (await db.executeQuery(lookupQuery(db, entity, key.column, key.value, options))).rows[0] as typeof row;
    } else {
      const cached = cachedLookup(db, entity, key.column, !!options.forUpdate);
      row = (
        options.prepared && !options.forUpdate
          ? await options.prepared.query({ name: cached.name, text: cached.text, values: [key.value] })
          : await db.executeQuery(CompiledQuery.raw(cached.text, [key.value]))
      ).rows[0] as typeof row;
    }
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
 * Something that runs a named prepared statement (a pg Pool): PostgreSQL
 * parses and plans the lookup once per connection instead of per request,
 * which matters when it shares the CPU with the server.
 */
export interface PreparedQueries {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface CachedLookup {
  readonly text: string;
  /** Unique per entity snapshot: a schema change never meets a statement prepared for the old table. */
  readonly name: string;
}

/**
 * The lookup by one key column is the hottest query there is: its SQL is
 * compiled once per entity snapshot (a new registry brings new entity
 * objects, so the cache follows metadata changes) and only the value varies.
 */
const lookups = new WeakMap<CompiledEntity, Map<string, CachedLookup>>();
let snapshots = 0;

function cachedLookup(db: AnyDb, entity: CompiledEntity, column: string, forUpdate: boolean): CachedLookup {
  let byColumn = lookups.get(entity);
  if (!byColumn) lookups.set(entity, (byColumn = new Map<string, CachedLookup>()));
  const key = `${column}:${forUpdate}`;
  let cached = byColumn.get(key);
  if (cached === undefined) {
    const compiled = lookupQuery(db, entity, column, null, { forUpdate });
    if (compiled.parameters.length !== 1) throw new Error('lookup query must have exactly one parameter');
    cached = { text: compiled.sql, name: `rocket_lookup_${++snapshots}` };
    byColumn.set(key, cached);
  }
  return cached;
}
