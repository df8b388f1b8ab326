import { EntityDefinition, FieldDefinition, FieldKind, RelationDefinition } from '../definitions/definition.types';

/** A field as the query and write code use it: facts precomputed at load time. */
export interface CompiledField {
  readonly name: string;
  readonly kind: FieldKind;
  readonly def: Readonly<FieldDefinition>;
  readonly isPk: boolean;
  /** `required && !nullable` (01 §2.3). */
  readonly effectivelyRequired: boolean;
  /** Filterable and sortable (not json/file, 02 §3.1–3.2). */
  readonly comparable: boolean;
  readonly auto?: 'create' | 'update';
}

/** A relation seen from one entity, for includes and nested-write keys (01 §5.1). */
export interface CompiledRelation {
  readonly def: Readonly<RelationDefinition>;
  readonly name: string;
  readonly source: CompiledEntity;
  readonly target: CompiledEntity;
}

export interface CompiledEntity {
  readonly name: string;
  readonly table: string;
  readonly def: Readonly<EntityDefinition>;
  readonly pk: CompiledField;
  /** Declared fields in definition order. */
  readonly fields: readonly CompiledField[];
  readonly fieldsByName: ReadonlyMap<string, CompiledField>;
  readonly softDelete: boolean;
  /** Columns every read selects: declared fields, plus `deleted_at` for soft-delete entities. */
  readonly columns: readonly string[];
  /** Relations where this entity is the source / the target. */
  readonly outgoing: readonly CompiledRelation[];
  readonly incoming: readonly CompiledRelation[];
}

/** The read-only, versioned metadata of one app (STYLE 3–4). Swapped whole on change. */
export interface Registry {
  readonly version: number;
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  readonly relations: ReadonlyMap<string, CompiledRelation>;
}
