/** Field types as they may be written in a definition (01 §2.4); stored as given. */
export const FIELD_TYPES = [
  'string',
  'text',
  'int',
  'integer',
  'bigint',
  'float',
  'decimal',
  'boolean',
  'uuid',
  'timestamp',
  'date',
  'json',
  'file',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The canonical kind of a field type (aliases folded). */
export type FieldKind = Exclude<FieldType, 'integer'>;

export function kindOf(type: FieldType): FieldKind {
  return type === 'integer' ? 'int' : type;
}

export interface FieldDefinition {
  name: string;
  type: FieldType;
  required?: boolean;
  nullable?: boolean;
  unique?: boolean;
  default?: unknown;
  enum?: string[];
  precision?: number;
  auto?: 'create' | 'update';
  sensitive?: boolean;
}

export type PrimaryKeyType = 'uuid' | 'int' | 'bigint' | 'string';

export interface EntityDefinition {
  name: string;
  table: string;
  primary_key: { field: string; type: PrimaryKeyType; generated: boolean };
  soft_delete: boolean;
  slug?: { field: string; source?: string; regenerate_on_update?: boolean };
  fields: FieldDefinition[];
  audit?: boolean;
  cache?: Record<string, unknown>;
}

export type RelationType = 'one_to_one' | 'one_to_many' | 'many_to_many';
export type OnDelete = 'cascade' | 'set_null' | 'restrict' | 'detach';

export interface RelationDefinition {
  name: string;
  type: RelationType;
  source: string;
  target: string;
  source_key: string;
  target_key?: string;
  join_table?: string;
  source_join_key?: string;
  target_join_key?: string;
  ownership: 'source' | 'target' | 'none';
  on_delete: OnDelete;
  fetch: 'lazy' | 'eager';
  write_mode: 'diff' | 'replace' | 'append';
}
