import { ErrorDetail, Errors } from '@rocket/errors';
import { CompiledEntity, CompiledField, CompiledRelation, findRelation, Registry } from '@rocket/metadata';
import { parsePkValue } from '@rocket/query';
import { coerceValue } from './coercers';
import { SLUG_PATTERN } from './slug';
import { DELETED_AT, writeShapeOf } from './write-shape';

export type WriteMode = 'create' | 'update';

export interface PayloadValidationOptions {
  readonly mode: WriteMode;
  /**
   * Path of this row in the payload tree: '' at the top level, `items[2]` for
   * a nested row (02 §6.2); detail `field`s are `<path>.<field>`.
   */
  readonly path?: string;
  /**
   * Fields exempt from `required`: the field of an active state machine and
   * the targets of active computed rules (04 §1.4, §2.5), the injected
   * `target_key` of a nested create (02 §7.2).
   */
  readonly requiredExempt?: ReadonlySet<string>;
}

/** A relation key found in a payload (02 §6.1 b), left for the nested-write planner (02 §7). */
export interface RelationKey {
  readonly key: string;
  readonly path: string;
  readonly relation: CompiledRelation;
  readonly value: unknown;
}

export interface ValidatedPayload {
  /** Coerced values of the declared, writable fields the payload sets, in payload order. */
  readonly values: ReadonlyMap<string, unknown>;
  /** Relation keys in payload order (nested writes run in that order, 02 §7.2), not yet checked. */
  readonly relations: readonly RelationKey[];
  /** Every problem of this row's fields; the caller raises them together as one 422. */
  readonly problems: readonly ErrorDetail[];
}

/** Keys never merged into objects, whatever an entity declares (02 §0): always unknown. */
const POISONED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The body of a create/update must be a JSON object (02 §2.3–2.4): else 400 INVALID_PAYLOAD. */
export function requirePayloadObject(body: unknown): Readonly<Record<string, unknown>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw Errors.invalidPayload();
  return body as Record<string, unknown>;
}

/**
 * Validates and coerces one payload row (02 §6): classifies every key
 * (declared field → relation key → unknown), drops the keys the engine owns,
 * applies the rules `type`, `enum`, `slug`, `reserved`, `required` and
 * `unknown`, and collects every problem with its path. Needs no database.
 * Relation keys are handed back unchecked: `planWrite` (nested/write-planner.ts)
 * validates their rows with this same function, one level at a time.
 * Defaults are not applied here (that is the apply-defaults stage), but a
 * field with a default counts as present for `required` on create (01 §2.3).
 */
export function validatePayload(
  registry: Registry,
  entity: CompiledEntity,
  body: Readonly<Record<string, unknown>>,
  options: PayloadValidationOptions,
): ValidatedPayload {
  const check = new RowCheck(entity, options);
  for (const key of Object.keys(body)) {
    const path = check.pathOf(key);
    if (POISONED_KEYS.has(key)) {
      check.unknown(key, path);
      continue;
    }
    const field = entity.fieldsByName.get(key);
    if (field) {
      check.field(field, body[key], path);
      continue;
    }
    if (key === DELETED_AT) continue;
    const relation = findRelation(registry, entity, key, 'write');
    if (relation) {
      check.relation({ key, path, relation, value: body[key] });
      continue;
    }
    check.unknown(key, path);
  }
  if (options.mode === 'create') check.missingOnCreate();
  return { values: check.values, relations: check.relations, problems: check.problems };
}

/** The state of validating one row. */
class RowCheck {
  readonly values = new Map<string, unknown>();
  readonly relations: RelationKey[] = [];
  readonly problems: ErrorDetail[] = [];
  /** Fields whose key was present (valid or not): not reported again as missing. */
  private readonly seen = new Set<string>();
  private readonly shape;
  private readonly prefix: string;
  private readonly exempt: ReadonlySet<string>;

  constructor(
    private readonly entity: CompiledEntity,
    private readonly options: PayloadValidationOptions,
  ) {
    this.shape = writeShapeOf(entity);
    this.prefix = options.path ? `${options.path}.` : '';
    this.exempt = options.requiredExempt ?? new Set();
  }

  pathOf(key: string): string {
    return this.prefix + key;
  }

  unknown(key: string, path: string): void {
    this.problems.push({ field: path, rule: 'unknown', message: `Unknown field or relation: ${key}` });
  }

  /** Collected only: the nested-write planner checks the value (02 §7.1, nested/write-planner.ts). */
  relation(entry: RelationKey): void {
    this.relations.push(entry);
  }

  field(field: CompiledField, raw: unknown, path: string): void {
    const create = this.options.mode === 'create';
    if ((create ? this.shape.ignoredOnCreate : this.shape.ignoredOnUpdate).has(field.name)) return;
    this.seen.add(field.name);
    const slug = this.shape.slug;
    if (create && slug?.source && slug.field === field && (raw === null || raw === '')) {
      return; // no slug given: generated from its source (02 §6.4)
    }
    if (raw === null || raw === '') {
      if (this.isRequired(field)) return this.problem(path, 'required', `${field.name} is required`);
      if (raw === null) {
        this.values.set(field.name, null);
        return;
      }
    }
    const coerced = coerceValue(field, raw);
    if (!coerced.ok) return this.problem(path, 'type', `${field.name} ${coerced.reason}`);
    const value = coerced.value;
    const allowed = field.def.enum;
    if (allowed && !field.isPk && !allowed.includes(String(value))) {
      return this.problem(path, 'enum', `${field.name} must be one of: ${allowed.join(', ')}`);
    }
    if (slug?.field === field && typeof value === 'string') {
      const bad = this.slugProblem(value);
      if (bad) return this.problem(path, 'slug', `${field.name} ${bad}`);
    }
    if (field.isPk && this.entity.def.primary_key.type === 'string' && String(value).startsWith('_')) {
      return this.problem(path, 'reserved', `${field.name} must not start with _`);
    }
    this.values.set(field.name, value);
  }

  /** Create: effectively-required fields that are missing and have no default (02 §6.2). */
  missingOnCreate(): void {
    for (const field of this.shape.requiredOnCreate) {
      if (this.seen.has(field.name) || this.exempt.has(field.name)) continue;
      if (this.shape.slug?.source && this.shape.slug.field === field) continue;
      const fallback = this.shape.defaults.get(field.name);
      if (fallback !== undefined && fallback !== null && fallback !== '') continue;
      this.problem(this.pathOf(field.name), 'required', `${field.name} is required`);
    }
  }

  private isRequired(field: CompiledField): boolean {
    if (this.exempt.has(field.name)) return false;
    // A client-supplied PK is always required (02 §6.2); on update the PK is ignored.
    return field.isPk ? this.options.mode === 'create' : field.effectivelyRequired;
  }

  /** An explicit slug: the §6.4 format, and never something a lookup would take for a PK (02 §5). */
  private slugProblem(value: string): string | undefined {
    if (!SLUG_PATTERN.test(value)) return 'must be lowercase letters and digits separated by single hyphens';
    if (this.entity.def.primary_key.type !== 'string' && parsePkValue(this.entity, value) !== undefined) {
      return 'must not look like a primary key value';
    }
    return undefined;
  }

  private problem(field: string, rule: string, message: string): void {
    this.problems.push({ field, rule, message });
  }
}
