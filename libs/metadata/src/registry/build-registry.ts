import { EntityDefinition, kindOf, RelationDefinition } from '../definitions/definition.types';
import { CompiledEntity, CompiledField, CompiledRelation, Registry } from './registry.types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/**
 * Compiles stored definitions into a frozen registry. Definitions were
 * validated when saved; anything that still does not fit (a relation whose
 * entity is gone) is reported through `skip` and left out, never thrown.
 */
export function buildRegistry(
  version: number,
  entities: readonly EntityDefinition[],
  relations: readonly RelationDefinition[],
  skip: (what: string, why: string) => void = () => undefined,
): Registry {
  const byName = new Map<string, Mutable<CompiledEntity>>();
  for (const def of entities) {
    try {
      byName.set(def.name, compileEntity(def));
    } catch (err) {
      skip(`entity ${def.name}`, (err as Error).message);
    }
  }
  const relationMap = new Map<string, CompiledRelation>();
  for (const def of relations) {
    const source = byName.get(def.source);
    const target = byName.get(def.target);
    if (!source || !target) {
      skip(`relation ${def.name}`, 'source or target entity missing');
      continue;
    }
    const relation: CompiledRelation = Object.freeze({ def: Object.freeze(def), name: def.name, source, target });
    relationMap.set(def.name, relation);
    source.outgoing.push(relation);
    target.incoming.push(relation);
  }
  for (const entity of byName.values()) {
    Object.freeze(entity.outgoing);
    Object.freeze(entity.incoming);
    Object.freeze(entity);
  }
  return Object.freeze({ version, entities: byName, relations: relationMap });
}

function compileEntity(def: EntityDefinition): Mutable<CompiledEntity> {
  const fields: CompiledField[] = def.fields.map((f) =>
    Object.freeze({
      name: f.name,
      kind: kindOf(f.type),
      def: Object.freeze({ ...f }),
      isPk: f.name === def.primary_key.field,
      effectivelyRequired: !!f.required && !f.nullable,
      comparable: f.type !== 'json' && f.type !== 'file',
      auto: f.auto,
    }),
  );
  const fieldsByName = new Map(fields.map((f) => [f.name, f]));
  const pk = fieldsByName.get(def.primary_key.field);
  if (!pk) throw new Error(`primary key field ${def.primary_key.field} not found`);
  const columns = fields.map((f) => f.name);
  if (def.soft_delete && !fieldsByName.has('deleted_at')) columns.push('deleted_at');
  return {
    name: def.name,
    table: def.table,
    def: Object.freeze(def),
    pk,
    fields: Object.freeze(fields) as CompiledField[],
    fieldsByName,
    softDelete: def.soft_delete,
    columns: Object.freeze(columns) as string[],
    outgoing: [],
    incoming: [],
  };
}
