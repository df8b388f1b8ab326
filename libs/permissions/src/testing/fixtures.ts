import { buildRegistry, EntityDefinition, RelationDefinition } from '@rocket/metadata';
import { PermissionAction, PermissionRow, StoredCondition } from '../permission.types';

/** A small app: documents with owners and departments, their comments, one field of each comparable type. */
const entities: EntityDefinition[] = [
  {
    name: 'doc',
    table: 'docs',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: true,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'title', type: 'string', required: true },
      { name: 'department', type: 'string' },
      { name: 'owner_id', type: 'uuid' },
      { name: 'pages', type: 'int' },
      { name: 'size', type: 'bigint' },
      { name: 'price', type: 'decimal', precision: 2 },
      { name: 'ratio', type: 'float' },
      { name: 'secret', type: 'boolean' },
      { name: 'due', type: 'date' },
      { name: 'published_at', type: 'timestamp' },
      { name: 'body', type: 'text' },
      { name: 'meta', type: 'json' },
    ],
  },
  {
    name: 'comment',
    table: 'comments',
    primary_key: { field: 'id', type: 'int', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'doc_id', type: 'uuid', required: true },
      { name: 'text', type: 'text' },
      { name: 'author_id', type: 'uuid' },
    ],
  },
];

const relations: RelationDefinition[] = [
  {
    name: 'doc_comments',
    type: 'one_to_many',
    source: 'doc',
    target: 'comment',
    source_key: 'id',
    target_key: 'doc_id',
    ownership: 'source',
    on_delete: 'cascade',
    fetch: 'lazy',
    write_mode: 'diff',
  },
];

export const registry = buildRegistry(7, entities, relations);
export const entityOf = (name: string) => registry.entities.get(name)!;

let sequence = 0;

/** A stored policy row; created_at follows the call order. */
export function policy(
  entity: string,
  action: PermissionAction,
  roles: string[],
  conditions: StoredCondition[] = [],
): PermissionRow {
  sequence++;
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, sequence));
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    entity,
    action,
    roles,
    conditions,
    fields: null,
    masks: {},
    field_rules: [],
    created_at: at,
    updated_at: at,
  };
}

export const USER_ID = '5b7c1e2a-0000-4000-8000-00000000abcd';
