import { createHash } from 'node:crypto';
import { RawBuilder, sql } from 'kysely';
import { FieldDefinition, FieldKind, kindOf } from '../definitions/definition.types';

/** Column type of a field (01 §2.4). Built from a fixed table, never from input. */
export function columnType(field: FieldDefinition): RawBuilder<unknown> {
  return sql.raw(columnTypeName(field));
}

export function columnTypeName(field: Pick<FieldDefinition, 'type' | 'precision'>): string {
  const kind: FieldKind = kindOf(field.type);
  switch (kind) {
    case 'string':
    case 'text':
      return 'TEXT';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'float':
      return 'DOUBLE PRECISION';
    case 'decimal':
      return field.precision && field.precision > 0 ? `NUMERIC(18,${field.precision})` : 'NUMERIC';
    case 'boolean':
      return 'BOOLEAN';
    case 'uuid':
      return 'UUID';
    case 'timestamp':
      return 'TIMESTAMPTZ';
    case 'date':
      return 'DATE';
    case 'json':
    case 'file':
      return 'JSONB';
  }
}

/** Postgres' own name for a column type, to compare with information_schema. */
export function pgTypeName(field: Pick<FieldDefinition, 'type' | 'precision'>): string {
  const name = columnTypeName(field);
  const map: Record<string, string> = {
    TEXT: 'text',
    INTEGER: 'integer',
    BIGINT: 'bigint',
    'DOUBLE PRECISION': 'double precision',
    BOOLEAN: 'boolean',
    UUID: 'uuid',
    TIMESTAMPTZ: 'timestamp with time zone',
    DATE: 'date',
    JSONB: 'jsonb',
  };
  return map[name] ?? 'numeric';
}

/**
 * The DEFAULT of a column as a typed, escaped literal (01 §4.2): auto fields
 * NOW(), values through sql.lit (quotes doubled), JSON as a jsonb literal.
 */
export function defaultExpression(field: FieldDefinition): RawBuilder<unknown> | undefined {
  if (field.auto) return sql`NOW()`;
  if (field.default === undefined || field.default === null) return undefined;
  const kind = kindOf(field.type);
  if (kind === 'json' || kind === 'file') return sql`${sql.lit(JSON.stringify(field.default))}::jsonb`;
  if (typeof field.default === 'number' || typeof field.default === 'boolean') return sql.lit(field.default);
  return sql`${sql.lit(field.default as string)}::${sql.raw(columnTypeName(field))}`;
}

/** Index names longer than 63 bytes: 54 characters + `_` + 8 hex of SHA-1 (01 §4.4). */
export function indexName(prefix: string, table: string, column: string): string {
  const full = `${prefix}_${table}_${column}`;
  if (Buffer.byteLength(full) <= 63) return full;
  return `${full.slice(0, 54)}_${createHash('sha1').update(full).digest('hex').slice(0, 8)}`;
}
