import { ErrorDetail } from '@rocket/errors';
import { EntityDefinition, kindOf, OnDelete, RelationDefinition, RelationType } from './definition.types';
import { Validated } from './entity-validator';
import { IDENTIFIER, RESERVED_KEYS, shown } from './identifiers';

type Raw = Record<string, unknown>;

const TYPES: RelationType[] = ['one_to_one', 'one_to_many', 'many_to_many'];
const ON_DELETE: Record<RelationType, OnDelete[]> = {
  one_to_one: ['cascade', 'set_null', 'restrict'],
  one_to_many: ['cascade', 'set_null', 'restrict'],
  many_to_many: ['detach', 'cascade'],
};

/** What a relation is checked against: the entities and other relations that will exist with it. */
export interface RelationContext {
  entities: ReadonlyMap<string, EntityDefinition>;
  /** Other relations (not this one), for join-table clashes. */
  relations: readonly RelationDefinition[];
}

/**
 * Checks a relation definition (01 §3.1, with the Required-here checks) and
 * returns its normalised form with defaults explicit.
 */
export function validateRelation(raw: unknown, ctx: RelationContext, pathPrefix = ''): Validated<RelationDefinition> {
  const details: ErrorDetail[] = [];
  const fail = (field: string, rule: string, message: string) =>
    details.push({ field: pathPrefix ? `${pathPrefix}.${field}` : field, rule, message });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      details: [
        { field: pathPrefix || undefined, rule: 'invalid_value', message: 'relation definition must be an object' },
      ],
    };
  }
  const r = raw as Raw;
  const str = (key: string) => (typeof r[key] === 'string' && r[key] !== '' ? r[key] : undefined);

  const name = str('name');
  if (r.name === undefined || r.name === '') fail('name', 'required', 'relation name is required');
  else if (!name || !IDENTIFIER.test(name)) fail('name', 'invalid_name', `invalid relation name: ${shown(r.name)}`);
  else if (RESERVED_KEYS.includes(name)) fail('name', 'reserved', `relation name is reserved: ${name}`);

  const type = r.type as RelationType;
  if (!TYPES.includes(type)) fail('type', 'invalid_value', `invalid relation type: ${shown(r.type)}`);

  const sourceName = str('source');
  const targetName = str('target');
  if (!sourceName || !targetName) fail(sourceName ? 'target' : 'source', 'required', 'source and target are required');
  const source = sourceName ? ctx.entities.get(sourceName) : undefined;
  const target = targetName ? ctx.entities.get(targetName) : undefined;
  if (sourceName && !source) fail('source', 'not_found', `source entity not found: ${sourceName}`);
  if (targetName && !target) fail('target', 'not_found', `target entity not found: ${targetName}`);

  const field = (entity: EntityDefinition | undefined, fieldName: string | undefined) =>
    entity && fieldName ? entity.fields.find((f) => f.name === fieldName) : undefined;

  // source_key: the source PK by default, else a unique field of the source.
  const sourceKey = str('source_key') ?? source?.primary_key.field;
  if (r.source_key !== undefined && (typeof r.source_key !== 'string' || !IDENTIFIER.test(r.source_key))) {
    fail('source_key', 'invalid_name', `invalid source_key: ${shown(r.source_key)}`);
  } else if (source && sourceKey) {
    const key = field(source, sourceKey);
    if (!key) fail('source_key', 'not_found', `source_key field ${sourceKey} not found in ${source.name}`);
    else if (key.name !== source.primary_key.field && !key.unique) {
      fail('source_key', 'invalid_value', `source_key ${sourceKey} must be the primary key or a unique field`);
    }
  }

  const definition: Partial<RelationDefinition> = {
    name,
    type,
    source: sourceName,
    target: targetName,
    source_key: sourceKey,
  };

  if (type === 'one_to_one' || type === 'one_to_many') {
    const targetKey = str('target_key');
    if (!targetKey) fail('target_key', 'required', `target_key is required for ${type} relations`);
    else if (!IDENTIFIER.test(targetKey)) fail('target_key', 'invalid_name', `invalid target_key: ${targetKey}`);
    else if (target) {
      const fk = field(target, targetKey);
      const sk = field(source, sourceKey);
      if (!fk) fail('target_key', 'not_found', `target_key field ${targetKey} not found in ${target.name}`);
      else if (sk && kindOf(fk.type) !== kindOf(sk.type)) {
        fail(
          'target_key',
          'mismatch',
          `target_key ${targetKey} (${fk.type}) must have the type of source_key ${sourceKey} (${sk.type})`,
        );
      } else if (r.on_delete === 'set_null' && fk.required && !fk.nullable) {
        fail('on_delete', 'invalid_value', `on_delete set_null needs a target_key that is not required (${targetKey})`);
      }
    }
    definition.target_key = targetKey;
  }

  if (type === 'many_to_many') {
    const joinTable = str('join_table');
    const sjk = str('source_join_key');
    const tjk = str('target_join_key');
    if (!joinTable) fail('join_table', 'required', 'join_table is required for many_to_many relations');
    else if (!IDENTIFIER.test(joinTable)) fail('join_table', 'invalid_name', `invalid join_table: ${joinTable}`);
    else {
      const owner = [...ctx.entities.values()].find((e) => e.table === joinTable);
      if (owner) fail('join_table', 'invalid_value', `join_table ${joinTable} is the table of entity ${owner.name}`);
      const other = ctx.relations.find((o) => o.join_table === joinTable && o.name !== name);
      if (other) fail('join_table', 'duplicate', `join_table ${joinTable} is used by relation ${other.name}`);
    }
    if (!sjk) fail('source_join_key', 'required', 'source_join_key is required for many_to_many relations');
    else if (!IDENTIFIER.test(sjk)) fail('source_join_key', 'invalid_name', `invalid source_join_key: ${sjk}`);
    if (!tjk) fail('target_join_key', 'required', 'target_join_key is required for many_to_many relations');
    else if (!IDENTIFIER.test(tjk)) fail('target_join_key', 'invalid_name', `invalid target_join_key: ${tjk}`);
    else if (tjk === sjk) fail('target_join_key', 'invalid_value', 'target_join_key must differ from source_join_key');
    Object.assign(definition, { join_table: joinTable, source_join_key: sjk, target_join_key: tjk });
  }

  if (r.on_delete === undefined) fail('on_delete', 'required', 'on_delete is required');
  else if (TYPES.includes(type) && !ON_DELETE[type].includes(r.on_delete as OnDelete)) {
    fail('on_delete', 'invalid_value', `on_delete must be one of ${ON_DELETE[type].join(', ')} for ${type}`);
  }
  definition.on_delete = r.on_delete as OnDelete;

  const ownership = r.ownership ?? (type === 'many_to_many' ? 'none' : 'source');
  if (!['source', 'target', 'none'].includes(ownership as string))
    fail('ownership', 'invalid_value', 'ownership must be source, target or none');
  const fetch = r.fetch ?? 'lazy';
  if (fetch !== 'lazy' && fetch !== 'eager') fail('fetch', 'invalid_value', 'fetch must be lazy or eager');
  const writeMode = r.write_mode ?? 'diff';
  if (!['diff', 'replace', 'append'].includes(writeMode as string))
    fail('write_mode', 'invalid_value', 'write_mode must be diff, replace or append');
  Object.assign(definition, { ownership, fetch, write_mode: writeMode });

  // A relation key doubles as a payload and include key: it must not shadow a field.
  if (name && [source, target].some((e) => field(e, name))) {
    fail('name', 'duplicate', `relation name ${name} is also a field name of ${sourceName} or ${targetName}`);
  }
  if (details.length > 0) return { details };
  return { definition: definition as RelationDefinition, details: [] };
}
