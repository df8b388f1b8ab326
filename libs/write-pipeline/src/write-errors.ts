import { mapDatabaseError } from '@rocket/database';
import { AppError, Errors } from '@rocket/errors';
import { CompiledEntity, indexName } from '@rocket/metadata';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

/** Constraint/index name → field, for the unique indexes the migrator creates (01 §4.4). */
const constraintFields = new WeakMap<CompiledEntity, ReadonlyMap<string, string>>();

function constraintsOf(entity: CompiledEntity): ReadonlyMap<string, string> {
  let map = constraintFields.get(entity);
  if (!map) {
    const m = new Map<string, string>();
    m.set(`${entity.table}_pkey`, entity.pk.name);
    for (const field of entity.fields) {
      if (field.def.unique) m.set(indexName('idx', entity.table, field.name), field.name);
    }
    // One-to-one: at most one live child per parent (01 §3.1, §4.4).
    for (const relation of entity.incoming) {
      const fk = relation.def.target_key;
      if (relation.def.type === 'one_to_one' && fk) m.set(indexName('uq', entity.table, fk), fk);
    }
    map = m;
    constraintFields.set(entity, map);
  }
  return map;
}

/**
 * The field(s) of a unique violation: from the constraint name, else from the
 * column list of the detail (`Key (a, b)=(…) already exists.`). The value
 * part of the detail is never read, so it cannot be echoed (02 §9.3).
 */
export function uniqueViolationField(entity: CompiledEntity, err: PgError): string | undefined {
  const byName = err.constraint ? constraintsOf(entity).get(err.constraint) : undefined;
  if (byName) return byName;
  const columns = /^Key \(([^)]+)\)=/.exec(err.detail ?? '')?.[1];
  if (!columns) return undefined;
  const names = columns.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return names.every((n) => entity.fieldsByName.has(n)) ? names.join(', ') : undefined;
}

/**
 * Turns a failure inside a write into the client error of 02 §9.3: unique
 * violations → 409 with the field, NOT NULL → 422 `required`, the rest via
 * the shared database mapping. Anything else is rethrown as it is (→ 500).
 * `pathPrefix` is the nested-row path (`items[1].`) of a child's failure.
 */
export function mapWriteError(err: unknown, entity: CompiledEntity, pathPrefix = ''): unknown {
  if (err instanceof AppError || !(err instanceof Error)) return err;
  const pg = err as Error & PgError;
  if (pg.code === '23505') {
    const field = uniqueViolationField(entity, pg);
    return Errors.conflict(
      'A record with this value already exists',
      field ? [{ field: pathPrefix + field, rule: 'unique', message: `${field} must be unique` }] : [],
    );
  }
  if (pg.code === '23502' && pg.column) {
    return Errors.validation([
      { field: pathPrefix + pg.column, rule: 'required', message: `${pg.column} is required` },
    ]);
  }
  return mapDatabaseError(err) ?? err;
}

/**
 * Runs the statements of one nested row, turning its database failures into
 * client errors of its own entity with its payload path (`items[1].sku`,
 * 02 §7.5). Errors of deeper rows arrive mapped already and pass through.
 */
export async function atRowPath<T>(entity: CompiledEntity, path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw mapWriteError(err, entity, `${path}.`);
  }
}

/** 404 for a record that is missing, soft-deleted or cannot be addressed by `:id` (02 §2.2, §5). */
export function recordNotFound(entity: CompiledEntity, rawId: string): AppError {
  return Errors.notFound(`${entity.name} with id ${rawId} not found`);
}
