import {
  buildRegistry,
  CompiledEntity,
  CompiledRelation,
  EntityDefinition,
  RelationDefinition,
} from '@rocket/metadata';

/**
 * Fixture metadata for nested writes and delete policies: invoice → items →
 * tax_lines (1:N, int PK at the bottom), customer → profile (1:1, soft
 * delete), invoice ↔ tags (M:N), customer → invoices by a unique non-PK
 * `source_key`, a self relation, and one relation per `on_delete` policy.
 */
const uuidPk = { field: 'id', type: 'uuid', generated: true } as const;
const id = { name: 'id', type: 'uuid', required: true } as const;

const ENTITIES: EntityDefinition[] = [
  {
    name: 'customer',
    table: 'customers',
    primary_key: uuidPk,
    soft_delete: false,
    fields: [id, { name: 'name', type: 'string', required: true }, { name: 'code', type: 'string', unique: true }],
  },
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: uuidPk,
    soft_delete: true,
    fields: [id, { name: 'number', type: 'string', required: true }, { name: 'customer_code', type: 'string' }],
  },
  {
    name: 'item',
    table: 'items',
    primary_key: uuidPk,
    soft_delete: false,
    fields: [
      id,
      { name: 'invoice_id', type: 'uuid', required: true },
      { name: 'description', type: 'string', required: true },
      { name: 'quantity', type: 'int', default: 1 },
    ],
  },
  {
    name: 'tax_line',
    table: 'tax_lines',
    primary_key: { field: 'id', type: 'int', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'item_id', type: 'uuid', required: true },
      { name: 'rate', type: 'decimal', precision: 2, required: true },
    ],
  },
  {
    name: 'profile',
    table: 'profiles',
    primary_key: uuidPk,
    soft_delete: true,
    fields: [id, { name: 'customer_id', type: 'uuid' }, { name: 'bio', type: 'text' }],
  },
  {
    name: 'tag',
    table: 'tags',
    // A PK not named `id`: many-to-many rows may still say `id` (02 §7.1).
    primary_key: { field: 'no', type: 'bigint', generated: true },
    soft_delete: true,
    fields: [
      { name: 'no', type: 'bigint', required: true },
      { name: 'label', type: 'string' },
    ],
  },
  {
    name: 'node',
    table: 'nodes',
    primary_key: uuidPk,
    soft_delete: false,
    fields: [id, { name: 'parent_id', type: 'uuid' }, { name: 'name', type: 'string' }],
  },
];

const oneToMany = (
  name: string,
  source: string,
  target: string,
  target_key: string,
  extra: Partial<RelationDefinition> = {},
): RelationDefinition => ({
  name,
  type: 'one_to_many',
  source,
  target,
  source_key: 'id',
  target_key,
  ownership: 'source',
  on_delete: 'cascade',
  fetch: 'lazy',
  write_mode: 'diff',
  ...extra,
});

const RELATIONS: RelationDefinition[] = [
  oneToMany('invoices', 'customer', 'invoice', 'customer_code', { source_key: 'code', on_delete: 'restrict' }),
  oneToMany('items', 'invoice', 'item', 'invoice_id'),
  oneToMany('tax_lines', 'item', 'tax_line', 'item_id'),
  oneToMany('profile', 'customer', 'profile', 'customer_id', { type: 'one_to_one', on_delete: 'set_null' }),
  oneToMany('children', 'node', 'node', 'parent_id'),
  {
    name: 'tags',
    type: 'many_to_many',
    source: 'invoice',
    target: 'tag',
    source_key: 'id',
    join_table: 'invoice_tags',
    source_join_key: 'invoice_id',
    target_join_key: 'tag_id',
    ownership: 'none',
    on_delete: 'detach',
    fetch: 'lazy',
    write_mode: 'replace',
  },
];

export const nestedRegistry = buildRegistry(1, ENTITIES, RELATIONS);

export function nestedEntity(name: string): CompiledEntity {
  const found = nestedRegistry.entities.get(name);
  if (!found) throw new Error(`fixture entity ${name} missing`);
  return found;
}

export function nestedRelation(name: string): CompiledRelation {
  const found = nestedRegistry.relations.get(name);
  if (!found) throw new Error(`fixture relation ${name} missing`);
  return found;
}
