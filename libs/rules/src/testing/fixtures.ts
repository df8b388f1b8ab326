import { buildRegistry, CompiledEntity, EntityDefinition, RelationDefinition } from '@rocket/metadata';

/**
 * The invoicing example of 04 (invoice, its items, customer, tags, a 1:1
 * detail) with one field of every type, for validator, compiler and
 * evaluator specs.
 */
export const ENTITIES: EntityDefinition[] = [
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: true,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'number', type: 'string', required: true },
      { name: 'status', type: 'string', enum: ['draft', 'sent', 'paid', 'void'], default: 'draft' },
      { name: 'notes', type: 'text' },
      { name: 'total', type: 'decimal', precision: 2 },
      { name: 'quantity', type: 'int' },
      { name: 'big', type: 'bigint' },
      { name: 'score', type: 'float' },
      { name: 'paid', type: 'boolean' },
      { name: 'payment_date', type: 'date' },
      { name: 'due_at', type: 'timestamp' },
      { name: 'customer_id', type: 'uuid' },
      { name: 'tags_json', type: 'json' },
      { name: 'scan', type: 'file' },
      { name: 'summary', type: 'string', required: true },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
      { name: 'deleted_at', type: 'timestamp' },
    ],
  },
  {
    name: 'invoice_item',
    table: 'invoice_items',
    primary_key: { field: 'id', type: 'int', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'invoice_id', type: 'uuid', required: true },
      { name: 'quantity', type: 'int', required: true },
      { name: 'unit_price', type: 'decimal', precision: 2 },
      { name: 'line_total', type: 'decimal', precision: 2 },
    ],
  },
  {
    name: 'customer',
    table: 'customers',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
    ],
  },
  {
    name: 'tag',
    table: 'tags',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'label', type: 'string', required: true },
    ],
  },
  {
    name: 'invoice_detail',
    table: 'invoice_details',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'invoice_id', type: 'uuid', required: true },
      { name: 'memo', type: 'text' },
    ],
  },
];

const relation = (
  def: Partial<RelationDefinition> & Pick<RelationDefinition, 'name' | 'type' | 'source' | 'target'>,
): RelationDefinition => ({
  source_key: 'id',
  ownership: 'source',
  on_delete: 'cascade',
  fetch: 'lazy',
  write_mode: 'diff',
  ...def,
});

export const RELATIONS: RelationDefinition[] = [
  relation({ name: 'items', type: 'one_to_many', source: 'invoice', target: 'invoice_item', target_key: 'invoice_id' }),
  relation({
    name: 'customer_invoices',
    type: 'one_to_many',
    source: 'customer',
    target: 'invoice',
    target_key: 'customer_id',
    on_delete: 'set_null',
  }),
  relation({
    name: 'detail',
    type: 'one_to_one',
    source: 'invoice',
    target: 'invoice_detail',
    target_key: 'invoice_id',
  }),
  relation({
    name: 'tags',
    type: 'many_to_many',
    source: 'invoice',
    target: 'tag',
    join_table: 'invoice_tags',
    source_join_key: 'invoice_id',
    target_join_key: 'tag_id',
    ownership: 'none',
    on_delete: 'detach',
  }),
];

export const registry = buildRegistry(7, ENTITIES, RELATIONS);

export function entityOf(name: string): CompiledEntity {
  const entity = registry.entities.get(name);
  if (!entity) throw new Error(`fixture entity ${name} missing`);
  return entity;
}

export { sqlOnlyDb } from '@rocket/database';
