import { CompiledRelation } from '@rocket/metadata';

/** The FK field of a 1:1 / 1:N relation, on the target (present once the definition was validated, 01 §3.1). */
export function targetKeyOf(relation: CompiledRelation): string {
  const fk = relation.def.target_key;
  if (!fk) throw new Error(`Relation ${relation.name} has no target_key`);
  return fk;
}
