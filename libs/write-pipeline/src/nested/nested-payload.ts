import { ErrorDetail } from '@rocket/errors';
import { CompiledRelation } from '@rocket/metadata';
import { coerceValue } from '../coercers';
import { RelationKey } from '../payload-validator';
import { NESTED_WRITE_MODES, NestedWriteMode, PlannedPk } from './nested-plan';

/** The `{ _write_mode?, data: [...] }` object of a relation key (02 §7.1). */
export interface NestedShape {
  readonly mode: NestedWriteMode;
  readonly data: readonly unknown[];
}

/** What a nested row says about itself besides its fields (02 §7.1 row markers). */
export interface RowMarkers {
  /** The coerced target PK, when the row carries a non-null one. */
  readonly pk?: PlannedPk;
  /** The key the PK is (or would be) under: the PK field, or `id` on an M:N row. */
  readonly pkKey: string;
  /** Where the PK is (or would be) in the payload: the path of `not_found` / `required`. */
  readonly pkPath: string;
  /** `_delete: true`. */
  readonly remove: boolean;
  /** The row without its markers: what the row validator sees. */
  readonly body: Readonly<Record<string, unknown>>;
}

const SHAPE_KEYS: ReadonlySet<string> = new Set(['_write_mode', 'data']);
const DELETE_MARKER = '_delete';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const has = (row: object, key: string) => Object.prototype.hasOwnProperty.call(row, key);

/**
 * Checks the shape of a relation key's value and picks its mode (default: the
 * relation's `write_mode`). Problems go to `problems`; undefined when the
 * value cannot be planned at all.
 */
export function readNestedShape(entry: RelationKey, problems: ErrorDetail[]): NestedShape | undefined {
  const { value, path, key } = entry;
  const invalid = () =>
    problems.push({ field: path, rule: 'invalid', message: `${key} must be an object with a data array` });
  if (!isPlainObject(value)) {
    invalid();
    return undefined;
  }
  let ok = true;
  for (const k of Object.keys(value)) {
    if (SHAPE_KEYS.has(k)) continue;
    problems.push({ field: `${path}.${k}`, rule: 'unknown', message: `Unknown key in nested write: ${k}` });
    ok = false;
  }
  const data = value.data;
  if (!Array.isArray(data)) {
    invalid();
    ok = false;
  }
  // An unknown mode is an error, never a silent diff (02 §7.1, Required here).
  const given = value._write_mode;
  const mode = given === undefined ? entry.relation.def.write_mode : given;
  if (!NESTED_WRITE_MODES.includes(mode as NestedWriteMode)) {
    problems.push({ field: path, rule: 'write_mode', message: '_write_mode must be diff, replace or append' });
    ok = false;
  }
  return ok ? { mode: mode as NestedWriteMode, data: data as unknown[] } : undefined;
}

/**
 * Reads the markers of one nested row: its PK (the target PK field, or `id`
 * on many-to-many rows) and `_delete`. A PK that does not even parse cannot
 * name a live record: `not_found` right away. Undefined when the row has a
 * marker problem.
 */
export function readRowMarkers(
  relation: CompiledRelation,
  row: Readonly<Record<string, unknown>>,
  path: string,
  problems: ErrorDetail[],
): RowMarkers | undefined {
  const pkField = relation.target.pk;
  const byId = relation.def.type === 'many_to_many' && row[pkField.name] == null && has(row, 'id');
  const pkKey = byId ? 'id' : pkField.name;
  const pkPath = `${path}.${pkKey}`;
  const raw = has(row, pkKey) ? row[pkKey] : undefined;
  const marker = has(row, DELETE_MARKER) ? row[DELETE_MARKER] : undefined;
  let ok = true;
  if (marker !== undefined && typeof marker !== 'boolean') {
    problems.push({ field: `${path}.${DELETE_MARKER}`, rule: 'type', message: '_delete must be a boolean' });
    ok = false;
  }
  let pk: PlannedPk | undefined;
  if (raw !== undefined && raw !== null) {
    const coerced = coerceValue(pkField, raw);
    if (coerced.ok) pk = coerced.value as PlannedPk;
    else {
      problems.push({ field: pkPath, rule: 'not_found', message: notFoundMessage(relation, raw) });
      ok = false;
    }
  } else if (marker === true) {
    problems.push({ field: pkPath, rule: 'required', message: `${pkKey} is required to delete a record` });
    ok = false;
  }
  if (!ok) return undefined;
  return { pk, pkKey, pkPath, remove: marker === true, body: withoutKey(row, DELETE_MARKER) };
}

/**
 * A copy of a row without one key. Built with `fromEntries` (own data
 * properties only), so a `__proto__` key stays a plain, unknown key (02 §0).
 */
export function withoutKey(row: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => k !== key));
}

/** `<target> with id <id> not found`, as the 404 of 02 §2.2 words it. */
export function notFoundMessage(relation: CompiledRelation, id: unknown): string {
  const shown = typeof id === 'string' || typeof id === 'number' ? String(id) : JSON.stringify(id);
  return `${relation.target.name} with id ${shown} not found`;
}
