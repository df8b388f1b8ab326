import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { coerceValue } from './coercers';

/** The slug configuration of an entity (01 §2.6) with its fields resolved. */
export interface SlugShape {
  readonly field: CompiledField;
  readonly source?: CompiledField;
  readonly regenerateOnUpdate: boolean;
}

/**
 * What the write path needs to know about an entity, derived once per
 * compiled entity (registry snapshots are immutable, STYLE 3) instead of on
 * every request.
 */
export interface WriteShape {
  /** Declared fields whose payload keys are silently dropped (02 §6.1), per mode. */
  readonly ignoredOnCreate: ReadonlySet<string>;
  readonly ignoredOnUpdate: ReadonlySet<string>;
  /** Coerced `default`s of the fields a create may set (02 §6.3); never the PK. */
  readonly defaults: ReadonlyMap<string, unknown>;
  /** Fields that must end up with a value on create (02 §6.2), definition order. */
  readonly requiredOnCreate: readonly CompiledField[];
  /** `auto` fields: set to NOW() on insert (both kinds) and on update (`update`). */
  readonly autoOnInsert: readonly CompiledField[];
  readonly autoOnUpdate: readonly CompiledField[];
  readonly slug?: SlugShape;
}

/** `deleted_at` is engine-managed whether declared or not (01 §2.3). */
export const DELETED_AT = 'deleted_at';

const shapes = new WeakMap<CompiledEntity, WriteShape>();

export function writeShapeOf(entity: CompiledEntity): WriteShape {
  let shape = shapes.get(entity);
  if (!shape) {
    shape = buildShape(entity);
    shapes.set(entity, shape);
  }
  return shape;
}

function buildShape(entity: CompiledEntity): WriteShape {
  const generatedPk = entity.def.primary_key.generated;
  const engineManaged = entity.fields.filter((f) => f.auto || f.name === DELETED_AT).map((f) => f.name);
  const ignoredOnCreate = new Set(engineManaged);
  if (generatedPk) ignoredOnCreate.add(entity.pk.name);
  const ignoredOnUpdate = new Set([...engineManaged, entity.pk.name]);

  const defaults = new Map<string, unknown>();
  for (const field of entity.fields) {
    if (field.isPk || ignoredOnCreate.has(field.name) || field.def.default == null) continue;
    // Definitions were type-checked when saved; a default that still does
    // not coerce is left out, so `required` reports the field instead.
    const coerced = coerceValue(field, field.def.default);
    if (coerced.ok) defaults.set(field.name, coerced.value);
  }

  const requiredOnCreate = entity.fields.filter(
    (f) => !ignoredOnCreate.has(f.name) && (f.isPk ? !generatedPk : f.effectivelyRequired),
  );

  const slugDef = entity.def.slug;
  const slugField = slugDef && entity.fieldsByName.get(slugDef.field);
  const slug: SlugShape | undefined = slugField
    ? {
        field: slugField,
        source: slugDef.source ? entity.fieldsByName.get(slugDef.source) : undefined,
        regenerateOnUpdate: slugDef.regenerate_on_update === true,
      }
    : undefined;

  return Object.freeze({
    ignoredOnCreate,
    ignoredOnUpdate,
    defaults,
    requiredOnCreate: Object.freeze(requiredOnCreate),
    autoOnInsert: Object.freeze(entity.fields.filter((f) => f.auto)),
    autoOnUpdate: Object.freeze(entity.fields.filter((f) => f.auto === 'update')),
    slug,
  });
}
