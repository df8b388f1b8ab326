import { AppError } from '@rocket/errors';
import { CompiledEntity, CompiledField, CompiledRelation, Registry } from './registry.types';

/**
 * The one place user-supplied names (URL segments, filter/sort keys, include
 * and payload keys) are turned into metadata. Only what these functions
 * return may reach SQL; everything else is refused with the codes of 02 §9.
 */
export function resolveEntity(registry: Registry, name: string): CompiledEntity {
  const entity = registry.entities.get(name);
  if (!entity) throw new AppError('UNKNOWN_ENTITY', 404, `Unknown entity: ${name}`);
  return entity;
}

export type FieldPurpose = 'filter' | 'sort';

export function resolveField(entity: CompiledEntity, name: string, purpose: FieldPurpose): CompiledField {
  const field = entity.fieldsByName.get(name);
  if (!field) throw new AppError('UNKNOWN_FIELD', 400, `Unknown ${purpose} field: ${name}`);
  return field;
}

/**
 * Relation lookup by key (01 §5.1), first hit wins: a relation named `key`
 * involving the entity; the single relation entity→key; the single relation
 * key→entity; a relation named `<entity>_<key>`. Ambiguity means unknown.
 * Nested writes (`mode: 'write'`) accept only relations the entity is source of.
 */
export function findRelation(
  registry: Registry,
  entity: CompiledEntity,
  key: string,
  mode: 'include' | 'write',
): CompiledRelation | undefined {
  const involves = (r: CompiledRelation) =>
    mode === 'write' ? r.def.source === entity.name : r.def.source === entity.name || r.def.target === entity.name;
  const named = registry.relations.get(key);
  if (named && involves(named)) return named;
  const forward = entity.outgoing.filter((r) => r.def.target === key);
  if (forward.length === 1) return forward[0];
  if (forward.length > 1) return undefined;
  if (mode === 'include') {
    const reverse = entity.incoming.filter((r) => r.def.source === key);
    if (reverse.length === 1) return reverse[0];
    if (reverse.length > 1) return undefined;
  }
  const prefixed = registry.relations.get(`${entity.name}_${key}`);
  if (prefixed && involves(prefixed)) return prefixed;
  return undefined;
}

export function resolveInclude(registry: Registry, entity: CompiledEntity, name: string): CompiledRelation {
  const relation = findRelation(registry, entity, name, 'include');
  if (!relation) throw new AppError('UNKNOWN_FIELD', 400, `Unknown include: ${name}`);
  return relation;
}

/** True when the entity is the relation's source for this lookup (forward include). */
export function isForward(entity: CompiledEntity, relation: CompiledRelation): boolean {
  return relation.def.source === entity.name;
}
