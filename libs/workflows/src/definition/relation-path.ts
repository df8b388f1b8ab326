import { CompiledEntity } from '@rocket/metadata';

/** A to-one step from a row: the related row is `entity` where `remoteKey` = row[`localKey`]. */
export interface ToOneStep {
  readonly entity: CompiledEntity;
  readonly localKey: string;
  readonly remoteKey: string;
}

/**
 * The relation named `name` seen from `entity` when it leads to at most one
 * row (05 §2.5 relation paths): the source of a one-to-many or one-to-one
 * where `entity` is the target (the foreign key is on this side), or the
 * target of a one-to-one where `entity` is the source.
 */
export function toOneRelation(entity: CompiledEntity, name: string): ToOneStep | undefined {
  for (const relation of entity.incoming) {
    const def = relation.def;
    if (relation.name !== name || def.type === 'many_to_many' || !def.target_key) continue;
    return { entity: relation.source, localKey: def.target_key, remoteKey: def.source_key };
  }
  for (const relation of entity.outgoing) {
    const def = relation.def;
    if (relation.name !== name || def.type !== 'one_to_one' || !def.target_key) continue;
    return { entity: relation.target, localKey: def.source_key, remoteKey: def.target_key };
  }
  return undefined;
}
