import { buildRegistry, EntityDefinition, FieldDefinition, RelationDefinition } from '@rocket/metadata';

/**
 * Fixture metadata for the query specs, shaped like
 * shared/examples/helpdesk-ticketing.json plus what that example lacks: a slug
 * entity, an int identity PK, an M:N relation, a one-to-one eager relation,
 * a relation whose source_key is not the PK, and one field of every type.
 */
const entity = (def: Omit<EntityDefinition, 'soft_delete'> & { soft_delete?: boolean }): EntityDefinition => ({
  soft_delete: false,
  ...def,
});

const relation = (
  def: Pick<RelationDefinition, 'name' | 'type' | 'source' | 'target'> & Partial<RelationDefinition>,
): RelationDefinition => ({
  source_key: 'id',
  ownership: def.type === 'many_to_many' ? 'none' : 'source',
  on_delete: def.type === 'many_to_many' ? 'detach' : 'cascade',
  fetch: 'lazy',
  write_mode: 'diff',
  ...def,
});

const timestamps: FieldDefinition[] = [
  { name: 'created_at', type: 'timestamp', auto: 'create' },
  { name: 'updated_at', type: 'timestamp', auto: 'update' },
];

export const ENTITIES: EntityDefinition[] = [
  entity({
    name: 'customer',
    table: 'customers',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'email', type: 'string', required: true, unique: true },
      { name: 'company', type: 'string' },
      ...timestamps,
    ],
  }),
  entity({
    name: 'agent',
    table: 'agents',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'active', type: 'boolean', default: true },
    ],
  }),
  // Soft delete with a declared deleted_at, as in the helpdesk example.
  entity({
    name: 'ticket',
    table: 'tickets',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: true,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'title', type: 'string', required: true },
      { name: 'description', type: 'text', required: true },
      { name: 'status', type: 'string', default: 'open' },
      { name: 'priority', type: 'string', enum: ['low', 'medium', 'high', 'critical'], default: 'medium' },
      { name: 'customer_id', type: 'uuid', required: true },
      { name: 'agent_id', type: 'uuid' },
      { name: 'escalated_to', type: 'uuid' },
      ...timestamps,
      { name: 'deleted_at', type: 'timestamp' },
    ],
  }),
  entity({
    name: 'response',
    table: 'responses',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'ticket_id', type: 'uuid', required: true },
      { name: 'body', type: 'text', required: true },
      { name: 'attachment', type: 'file' },
    ],
  }),
  // Int identity PK; target of the M:N relation.
  entity({
    name: 'tag',
    table: 'tags',
    primary_key: { field: 'id', type: 'int', generated: true },
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'label', type: 'string', required: true, unique: true },
    ],
  }),
  // Slug entity, soft delete without a declared deleted_at column.
  entity({
    name: 'article',
    table: 'kb_articles',
    primary_key: { field: 'id', type: 'bigint', generated: true },
    soft_delete: true,
    slug: { field: 'slug', source: 'title' },
    fields: [
      { name: 'id', type: 'bigint', required: true },
      { name: 'slug', type: 'string', required: true, unique: true },
      { name: 'title', type: 'string', required: true },
      { name: 'ticket_id', type: 'uuid' },
    ],
  }),
  // One-to-one target, loaded eagerly with its customer.
  entity({
    name: 'profile',
    table: 'customer_profiles',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'customer_id', type: 'uuid', required: true },
      { name: 'bio', type: 'text' },
    ],
  }),
  // Points at customer.email (source_key ≠ PK).
  entity({
    name: 'email_log',
    table: 'email_logs',
    primary_key: { field: 'id', type: 'int', generated: true },
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'recipient', type: 'string', required: true },
      { name: 'subject', type: 'string' },
    ],
  }),
  // One field of every type (and the `integer` alias) for the coercion matrix.
  entity({
    name: 'sample',
    table: 'samples',
    primary_key: { field: 'id', type: 'string', generated: false },
    fields: [
      { name: 'id', type: 'string', required: true },
      { name: 's', type: 'string' },
      { name: 't', type: 'text' },
      { name: 'i', type: 'int' },
      { name: 'n', type: 'integer' },
      { name: 'b', type: 'bigint' },
      { name: 'f', type: 'float' },
      { name: 'd', type: 'decimal', precision: 2 },
      { name: 'flag', type: 'boolean' },
      { name: 'u', type: 'uuid' },
      { name: 'ts', type: 'timestamp' },
      { name: 'dt', type: 'date' },
      { name: 'j', type: 'json' },
      { name: 'fl', type: 'file' },
    ],
  }),
];

export const RELATIONS: RelationDefinition[] = [
  relation({
    name: 'ticket_customer',
    type: 'one_to_many',
    source: 'customer',
    target: 'ticket',
    target_key: 'customer_id',
    on_delete: 'restrict',
  }),
  relation({
    name: 'ticket_agent',
    type: 'one_to_many',
    source: 'agent',
    target: 'ticket',
    target_key: 'agent_id',
    on_delete: 'set_null',
  }),
  // A second agent→ticket relation: makes `agent`/`ticket` ambiguous include names (01 §5.1).
  relation({
    name: 'ticket_escalations',
    type: 'one_to_many',
    source: 'agent',
    target: 'ticket',
    target_key: 'escalated_to',
    on_delete: 'set_null',
  }),
  relation({
    name: 'ticket_responses',
    type: 'one_to_many',
    source: 'ticket',
    target: 'response',
    target_key: 'ticket_id',
  }),
  relation({
    name: 'ticket_tags',
    type: 'many_to_many',
    source: 'ticket',
    target: 'tag',
    join_table: 'ticket_tag_links',
    source_join_key: 'ticket_id',
    target_join_key: 'tag_id',
    write_mode: 'replace',
  }),
  relation({
    name: 'profile',
    type: 'one_to_one',
    source: 'customer',
    target: 'profile',
    target_key: 'customer_id',
    fetch: 'eager',
  }),
  relation({
    name: 'emails',
    type: 'one_to_many',
    source: 'customer',
    source_key: 'email',
    target: 'email_log',
    target_key: 'recipient',
  }),
  relation({
    name: 'ticket_articles',
    type: 'one_to_many',
    source: 'ticket',
    target: 'article',
    target_key: 'ticket_id',
    on_delete: 'set_null',
  }),
];

export const registry = buildRegistry(1, ENTITIES, RELATIONS, (what, why) => {
  throw new Error(`fixture ${what} skipped: ${why}`);
});

export const entityOf = (name: string) => {
  const found = registry.entities.get(name);
  if (!found) throw new Error(`no fixture entity ${name}`);
  return found;
};
