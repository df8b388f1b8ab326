import { buildRegistry, CompiledEntity, EntityDefinition, Registry, RelationDefinition } from '@rocket/metadata';

/**
 * Fixture metadata in the shape of the shared example schemas (test/fixtures/examples): soft delete with
 * and without a declared `deleted_at`, slugs (with regeneration), a decimal
 * with precision, an int identity PK, a client-supplied string PK, every
 * field type, relations for payload keys.
 */
export const ENTITIES: EntityDefinition[] = [
  {
    name: 'customer',
    table: 'customers',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'email', type: 'string', required: true, unique: true },
      { name: 'phone', type: 'string' },
      { name: 'credit_limit', type: 'decimal', precision: 2, default: 0 },
      { name: 'tier', type: 'string', enum: ['basic', 'gold'], default: 'basic' },
      { name: 'vip', type: 'boolean', default: false },
      { name: 'visits', type: 'bigint' },
      { name: 'score', type: 'float' },
      { name: 'birthday', type: 'date' },
      { name: 'last_seen', type: 'timestamp' },
      { name: 'prefs', type: 'json', default: { theme: 'dark' } },
      { name: 'avatar', type: 'file' },
      { name: 'country_code', type: 'string' },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
      { name: 'updated_at', type: 'timestamp', auto: 'update' },
    ],
  },
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: true,
    slug: { field: 'slug', source: 'number', regenerate_on_update: true },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'number', type: 'string', required: true, unique: true },
      { name: 'slug', type: 'string', required: true, unique: true },
      { name: 'status', type: 'string', required: true, default: 'draft', enum: ['draft', 'sent', 'paid'] },
      { name: 'total', type: 'decimal', precision: 2, default: 0 },
      { name: 'customer_id', type: 'uuid', required: true },
      { name: 'notes', type: 'text', nullable: true, required: true },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
      { name: 'updated_at', type: 'timestamp', auto: 'update' },
    ],
  },
  {
    name: 'ticket',
    table: 'tickets',
    primary_key: { field: 'id', type: 'int', generated: true },
    soft_delete: true,
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'title', type: 'string', required: true },
      { name: 'priority', type: 'string', enum: ['low', 'medium', 'high'], default: 'medium' },
      { name: 'customer_id', type: 'uuid', required: true },
      { name: 'opened_on', type: 'date' },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
      { name: 'deleted_at', type: 'timestamp' },
    ],
  },
  {
    name: 'category',
    table: 'categories',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    slug: { field: 'slug', source: 'name' },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true, unique: true },
      { name: 'slug', type: 'string', required: true, unique: true },
      { name: 'sort_order', type: 'integer', default: 0 },
    ],
  },
  {
    name: 'country',
    table: 'countries',
    primary_key: { field: 'code', type: 'string', generated: false },
    soft_delete: false,
    fields: [
      { name: 'code', type: 'string', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'population', type: 'bigint' },
    ],
  },
  {
    name: 'page',
    table: 'pages',
    primary_key: { field: 'id', type: 'bigint', generated: true },
    slug: { field: 'slug', source: 'title' },
    soft_delete: true,
    fields: [
      { name: 'id', type: 'bigint', required: true },
      { name: 'title', type: 'string' },
      { name: 'slug', type: 'string', unique: true },
    ],
  },
  {
    name: 'account',
    table: 'accounts',
    primary_key: { field: 'number', type: 'int', generated: false },
    soft_delete: false,
    fields: [
      { name: 'number', type: 'int' },
      { name: 'label', type: 'text' },
    ],
  },
];

export const RELATIONS: RelationDefinition[] = [
  {
    name: 'customer_invoices',
    type: 'one_to_many',
    source: 'customer',
    target: 'invoice',
    source_key: 'id',
    target_key: 'customer_id',
    ownership: 'source',
    on_delete: 'restrict',
    fetch: 'lazy',
    write_mode: 'diff',
  },
  {
    name: 'tickets',
    type: 'one_to_many',
    source: 'customer',
    target: 'ticket',
    source_key: 'id',
    target_key: 'customer_id',
    ownership: 'source',
    on_delete: 'cascade',
    fetch: 'lazy',
    write_mode: 'diff',
  },
  {
    name: 'country_customers',
    type: 'one_to_many',
    source: 'country',
    target: 'customer',
    source_key: 'code',
    target_key: 'country_code',
    ownership: 'source',
    on_delete: 'set_null',
    fetch: 'lazy',
    write_mode: 'diff',
  },
  {
    name: 'invoice_categories',
    type: 'many_to_many',
    source: 'invoice',
    target: 'category',
    source_key: 'id',
    join_table: 'invoice_category_links',
    source_join_key: 'invoice_id',
    target_join_key: 'category_id',
    ownership: 'none',
    on_delete: 'detach',
    fetch: 'lazy',
    write_mode: 'replace',
  },
];

export const registry: Registry = buildRegistry(1, ENTITIES, RELATIONS);

export function entity(name: string): CompiledEntity {
  const found = registry.entities.get(name);
  if (!found) throw new Error(`fixture entity ${name} missing`);
  return found;
}

export { sqlOnlyDb } from '@rocket/database';
