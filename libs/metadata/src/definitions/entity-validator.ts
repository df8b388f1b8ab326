import { ErrorDetail, isObject } from '@rocket/errors';
import { EntityDefinition, FIELD_TYPES, FieldDefinition, FieldType, kindOf, PrimaryKeyType } from './definition.types';
import { defaultProblem } from './field-values';
import { IDENTIFIER, RESERVED_ENTITY_NAMES, RESERVED_KEYS, shown } from './identifiers';

export type Validated<T> = { definition: T; details: [] } | { definition?: undefined; details: ErrorDetail[] };

const PK_TYPES: Record<PrimaryKeyType, FieldType[]> = {
  uuid: ['uuid'],
  int: ['int', 'integer'],
  bigint: ['bigint'],
  string: ['string', 'text'],
};
const MAX_FIELDS = 500;

/**
 * Checks an entity definition (01 §2.5) and returns its normalised form
 * (§2.7): defaults explicit, unknown keys dropped, field order kept. Every
 * problem is reported, each with the JSON path of the offending value.
 */
export function validateEntity(raw: unknown, pathPrefix = ''): Validated<EntityDefinition> {
  const details: ErrorDetail[] = [];
  const at = (path: string) => (pathPrefix ? `${pathPrefix}.${path}` : path);
  const fail = (field: string, rule: string, message: string) => details.push({ field: at(field), rule, message });
  if (!isObject(raw))
    return {
      details: [
        { field: pathPrefix || undefined, rule: 'invalid_value', message: 'entity definition must be an object' },
      ],
    };

  const name = raw.name;
  if (name === undefined || name === null || name === '') fail('name', 'required', 'entity name is required');
  else if (typeof name !== 'string' || !IDENTIFIER.test(name))
    fail('name', 'invalid_name', `invalid entity name: ${shown(name)}`);
  else if (RESERVED_ENTITY_NAMES.includes(name)) fail('name', 'reserved', `entity name is reserved: ${name}`);

  const table = raw.table;
  if (table === undefined || table === null || table === '') fail('table', 'required', 'table name is required');
  else if (typeof table !== 'string' || !IDENTIFIER.test(table))
    fail('table', 'invalid_name', `invalid table name: ${shown(table)}`);

  const fields: FieldDefinition[] = [];
  if (!Array.isArray(raw.fields) || raw.fields.length === 0) {
    fail('fields', 'required', 'entity must have at least one field');
  } else if (raw.fields.length > MAX_FIELDS) {
    fail('fields', 'invalid_value', `entity may have at most ${MAX_FIELDS} fields`);
  } else {
    const seen = new Set<string>();
    raw.fields.forEach((f, i) => {
      const field = validateField(f, `fields[${i}]`, fail);
      if (!field) return;
      if (seen.has(field.name)) fail(`fields[${i}].name`, 'duplicate', `duplicate field name: ${field.name}`);
      seen.add(field.name);
      fields.push(field);
    });
  }
  const byName = new Map(fields.map((f) => [f.name, f]));
  const deletedAt = byName.get('deleted_at');
  if (deletedAt && (deletedAt.type !== 'timestamp' || deletedAt.required)) {
    fail(
      `fields[${fields.indexOf(deletedAt)}]`,
      'invalid_value',
      'deleted_at must be a timestamp field that is not required',
    );
  }

  let primaryKey: EntityDefinition['primary_key'] | undefined;
  const pk = raw.primary_key;
  if (!isObject(pk) || pk.field === undefined || pk.field === '') {
    fail('primary_key.field', 'required', 'primary key field is required');
  } else if (typeof pk.field !== 'string') {
    fail('primary_key.field', 'invalid_value', 'primary key field must be a field name');
  } else if (Array.isArray(pk.field)) {
    fail('primary_key.field', 'invalid_value', 'composite primary keys are not supported');
  } else {
    const type = pk.type as PrimaryKeyType;
    const generated = pk.generated === undefined ? false : pk.generated;
    const pkField = byName.get(pk.field);
    if (!pkField && fields.length > 0 && details.every((d) => !d.field?.startsWith(at('fields')))) {
      fail('primary_key.field', 'not_found', `primary key field ${pk.field} not found in fields`);
    }
    if (!Object.keys(PK_TYPES).includes(type)) {
      fail('primary_key.type', 'invalid_value', `invalid primary key type: ${String(pk.type)}`);
    } else if (pkField && !PK_TYPES[type].includes(pkField.type)) {
      fail('primary_key.type', 'mismatch', `primary key type ${type} does not match field type ${pkField.type}`);
    }
    if (typeof generated !== 'boolean')
      fail('primary_key.generated', 'invalid_value', 'primary_key.generated must be a boolean');
    else if (generated && type === 'string')
      fail('primary_key.generated', 'invalid_value', 'string primary keys cannot be generated');
    if (pkField?.auto)
      fail(`fields[${fields.indexOf(pkField)}].auto`, 'invalid_value', 'the primary key cannot have auto');
    if (pkField?.sensitive)
      fail(`fields[${fields.indexOf(pkField)}].sensitive`, 'invalid_value', 'the primary key cannot be sensitive');
    primaryKey = { field: pk.field, type, generated: generated === true };
  }

  const softDelete = raw.soft_delete === undefined ? false : raw.soft_delete;
  if (typeof softDelete !== 'boolean') fail('soft_delete', 'invalid_value', 'soft_delete must be a boolean');

  const slug = validateSlug(raw.slug, byName, fail);

  if (raw.audit !== undefined && typeof raw.audit !== 'boolean')
    fail('audit', 'invalid_value', 'audit must be a boolean');
  if (raw.cache !== undefined && !isObject(raw.cache)) fail('cache', 'invalid_value', 'cache must be an object');

  if (details.length > 0) return { details };
  const definition: EntityDefinition = {
    name: name as string,
    table: table as string,
    primary_key: primaryKey!,
    soft_delete: softDelete as boolean,
    ...(slug ? { slug } : {}),
    fields,
    ...(raw.audit !== undefined ? { audit: raw.audit as boolean } : {}),
    ...(raw.cache !== undefined ? { cache: raw.cache as Record<string, unknown> } : {}),
  };
  return { definition, details: [] };
}

function validateField(
  raw: unknown,
  path: string,
  fail: (f: string, r: string, m: string) => void,
): FieldDefinition | undefined {
  if (!isObject(raw)) {
    fail(path, 'invalid_value', 'field must be an object');
    return undefined;
  }
  const { name, type } = raw;
  if (name === undefined || name === '') fail(`${path}.name`, 'required', 'field name is required');
  else if (typeof name !== 'string' || !IDENTIFIER.test(name))
    fail(`${path}.name`, 'invalid_name', `invalid field name: ${shown(name)}`);
  else if (RESERVED_KEYS.includes(name)) fail(`${path}.name`, 'reserved', `field name is reserved: ${name}`);
  if (type === undefined || type === '') {
    fail(`${path}.type`, 'required', 'field type is required');
    return undefined;
  }
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    fail(`${path}.type`, 'unsupported_type', `unsupported field type: ${shown(type)}`);
    return undefined;
  }
  const kind = kindOf(type as FieldType);
  const field: FieldDefinition = { name: name as string, type: type as FieldType };
  for (const flag of ['required', 'nullable', 'unique', 'sensitive'] as const) {
    if (raw[flag] === undefined) continue;
    if (typeof raw[flag] !== 'boolean') fail(`${path}.${flag}`, 'invalid_value', `${flag} must be a boolean`);
    else if (raw[flag]) field[flag] = true;
  }
  if (raw.enum !== undefined) {
    if (kind !== 'string' && kind !== 'text')
      fail(`${path}.enum`, 'invalid_value', 'enum is only allowed on string or text fields');
    else if (!Array.isArray(raw.enum) || raw.enum.length === 0 || raw.enum.some((v) => typeof v !== 'string')) {
      fail(`${path}.enum`, 'invalid_value', 'enum must be a non-empty list of strings');
    } else field.enum = [...(raw.enum as string[])];
  }
  if (raw.precision !== undefined) {
    if (kind !== 'decimal') fail(`${path}.precision`, 'invalid_value', 'precision is only allowed on decimal fields');
    else if (!Number.isInteger(raw.precision) || (raw.precision as number) < 0 || (raw.precision as number) > 18) {
      fail(`${path}.precision`, 'invalid_value', 'precision must be an integer from 0 to 18');
    } else field.precision = raw.precision as number;
  }
  if (raw.auto !== undefined) {
    if (raw.auto !== 'create' && raw.auto !== 'update')
      fail(`${path}.auto`, 'invalid_value', 'auto must be "create" or "update"');
    else if (kind !== 'timestamp' && kind !== 'date')
      fail(`${path}.auto`, 'invalid_value', 'auto is only allowed on timestamp or date fields');
    else field.auto = raw.auto;
  }
  if (raw.default !== undefined && raw.default !== null) {
    const problem = defaultProblem(kind, raw.default, field.precision);
    if (problem) fail(`${path}.default`, 'invalid_value', `default of ${shown(name)} ${problem}`);
    else if (field.enum && !field.enum.includes(shown(raw.default))) {
      fail(`${path}.default`, 'invalid_value', `default of ${shown(name)} must be one of the enum values`);
    } else field.default = raw.default;
  }
  // Kept even with problems in its options, so the checks that follow (PK, slug) still run.
  return field;
}

function validateSlug(
  raw: unknown,
  fields: Map<string, FieldDefinition>,
  fail: (f: string, r: string, m: string) => void,
): EntityDefinition['slug'] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw) || typeof raw.field !== 'string') {
    fail('slug.field', 'required', 'slug field is required');
    return undefined;
  }
  const field = fields.get(raw.field);
  if (!field) fail('slug.field', 'not_found', `slug field "${raw.field}" not found in fields`);
  else if (field.type !== 'string' && field.type !== 'text') {
    fail('slug.field', 'invalid_value', `slug field "${raw.field}" must be of type string or text`);
  } else if (!field.unique) fail('slug.field', 'invalid_value', `slug field "${raw.field}" must have unique: true`);
  const slug: NonNullable<EntityDefinition['slug']> = { field: raw.field };
  if (raw.source !== undefined) {
    if (typeof raw.source !== 'string' || !fields.has(raw.source)) {
      fail('slug.source', 'not_found', `slug source field "${shown(raw.source)}" not found in fields`);
    } else slug.source = raw.source;
  }
  if (raw.regenerate_on_update !== undefined) {
    if (typeof raw.regenerate_on_update !== 'boolean')
      fail('slug.regenerate_on_update', 'invalid_value', 'regenerate_on_update must be a boolean');
    else slug.regenerate_on_update = raw.regenerate_on_update;
  }
  return slug;
}
