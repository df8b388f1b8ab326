import { CompiledEntity, Registry } from '@rocket/metadata';
import { fieldSchema } from './field-schemas';

type Schema = Record<string, unknown>;

const FILTER_OPS = 'eq (default), neq, gt, gte, lt, lte, in, not_in (comma-separated lists), like (string/text only)';

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

/**
 * The OpenAPI 3.0 document of one app (issue 3 §5): a record and an input
 * schema per entity and the five endpoints with their query parameters,
 * built from the registry snapshot (so it follows every metadata change).
 */
export function buildAppOpenApi(app: string, registry: Registry): Schema {
  const schemas: Record<string, Schema> = { Error: errorSchema() };
  const paths: Record<string, Schema> = {};
  for (const entity of registry.entities.values()) {
    schemas[entity.name] = recordSchema(entity);
    schemas[`${entity.name}_input`] = inputSchema(entity);
    Object.assign(paths, entityPaths(app, entity));
  }
  return {
    openapi: '3.0.3',
    info: {
      title: `Rocket app ${app}`,
      version: String(registry.version),
      description: 'Generated from the app metadata. Errors use {"error":{"code","message","details"}}.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, schemas },
    paths,
  };
}

function recordSchema(entity: CompiledEntity): Schema {
  const properties: Record<string, Schema> = {};
  for (const field of entity.fields) properties[field.name] = fieldSchema(field);
  if (entity.softDelete && !entity.fieldsByName.has('deleted_at')) {
    properties.deleted_at = { type: 'string', format: 'date-time', nullable: true, readOnly: true };
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

function inputSchema(entity: CompiledEntity): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const field of entity.fields) {
    if (field.auto || (field.isPk && entity.def.primary_key.generated)) continue;
    properties[field.name] = fieldSchema(field);
    const slugSourced = entity.def.slug?.field === field.name && !!entity.def.slug.source;
    if (
      (field.effectivelyRequired || (field.isPk && !entity.def.primary_key.generated)) &&
      field.def.default === undefined &&
      !slugSourced
    ) {
      required.push(field.name);
    }
  }
  for (const relation of entity.outgoing) {
    const row =
      relation.def.type === 'many_to_many'
        ? { type: 'object', description: `A ${relation.target.name} to link, by primary key`, properties: { id: {} } }
        : { $ref: `#/components/schemas/${relation.target.name}_input` };
    properties[relation.name] = {
      type: 'object',
      description: `Nested write into ${relation.target.name} (${relation.def.type}); rows with a primary key update, with "_delete": true delete`,
      properties: {
        _write_mode: { type: 'string', enum: ['diff', 'replace', 'append'], default: relation.def.write_mode },
        data: { type: 'array', items: row },
      },
      required: ['data'],
    };
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

function entityPaths(app: string, entity: CompiledEntity): Record<string, Schema> {
  const ref = { $ref: `#/components/schemas/${entity.name}` };
  const input = { $ref: `#/components/schemas/${entity.name}_input` };
  const one = { type: 'object', properties: { data: ref } };
  const tag = [entity.name];
  const idParam = {
    name: 'id',
    in: 'path',
    required: true,
    description: entity.def.slug ? 'Primary key or slug' : 'Primary key',
    schema: { type: 'string' },
  };
  const includeParam = {
    name: 'include',
    in: 'query',
    description: `Comma-separated relations: ${relationNames(entity).join(', ') || '(none)'}`,
    schema: { type: 'string' },
  };
  const common = {
    '401': errorResponse('UNAUTHORIZED'),
    '403': errorResponse('FORBIDDEN'),
    '404': errorResponse('APP_NOT_FOUND / UNKNOWN_ENTITY / NOT_FOUND'),
  };
  return {
    [`/api/${app}/${entity.name}`]: {
      get: {
        tags: tag,
        summary: `List ${entity.name} records`,
        parameters: [...listParameters(entity), includeParam],
        responses: {
          '200': {
            description: 'A page of records',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    data: { type: 'array', items: ref },
                    meta: {
                      type: 'object',
                      properties: {
                        page: { type: 'integer' },
                        per_page: { type: 'integer' },
                        total: { type: 'integer', description: 'Omitted with `total=false`' },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': errorResponse('INVALID_PAYLOAD / UNKNOWN_FIELD'),
          ...common,
        },
      },
      post: {
        tags: tag,
        summary: `Create a ${entity.name}`,
        requestBody: { required: true, content: { 'application/json': { schema: input } } },
        responses: {
          '201': { description: 'Created', content: { 'application/json': { schema: one } } },
          '400': errorResponse('INVALID_PAYLOAD'),
          ...common,
          '409': errorResponse('CONFLICT (unique value taken)'),
          '422': errorResponse('VALIDATION_FAILED'),
        },
      },
    },
    [`/api/${app}/${entity.name}/{id}`]: {
      get: {
        tags: tag,
        summary: `Get one ${entity.name}`,
        parameters: [idParam, includeParam],
        responses: {
          '200': { description: 'The record', content: { 'application/json': { schema: one } } },
          '400': errorResponse('UNKNOWN_FIELD'),
          ...common,
        },
      },
      put: {
        tags: tag,
        summary: `Update a ${entity.name} (partial: only the keys sent change)`,
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: { ...input, required: undefined } } } },
        responses: {
          '200': { description: 'The updated record', content: { 'application/json': { schema: one } } },
          '400': errorResponse('INVALID_PAYLOAD'),
          ...common,
          '409': errorResponse('CONFLICT'),
          '422': errorResponse('VALIDATION_FAILED'),
        },
      },
      delete: {
        tags: tag,
        summary: entity.softDelete ? `Soft-delete a ${entity.name}` : `Delete a ${entity.name}`,
        parameters: [idParam],
        responses: {
          '200': {
            description: 'Deleted',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { data: { type: 'object', properties: { id: {} } } } },
              },
            },
          },
          ...common,
          '409': errorResponse('CONFLICT (restricted by related records)'),
        },
      },
    },
  };
}

function listParameters(entity: CompiledEntity): Schema[] {
  const params: Schema[] = [
    { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
    { name: 'per_page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
    {
      name: 'sort',
      in: 'query',
      description: 'Comma-separated fields, `-` for descending; the primary key breaks ties',
      schema: { type: 'string' },
    },
    {
      name: 'total',
      in: 'query',
      description:
        '`false` skips the COUNT query, which on large tables costs more than the page; `meta.total` is then omitted',
      schema: { type: 'boolean' },
    },
  ];
  for (const field of entity.fields) {
    if (!field.comparable) continue;
    params.push({
      name: `filter[${field.name}]`,
      in: 'query',
      description: `Filter on ${field.name}; also filter[${field.name}.<op>] with op: ${FILTER_OPS}`,
      schema: { type: 'string' },
    });
  }
  return params;
}

function relationNames(entity: CompiledEntity): string[] {
  return [...entity.outgoing, ...entity.incoming].map((r) => r.name);
}

function errorSchema(): Schema {
  return {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          details: {
            type: 'array',
            items: {
              type: 'object',
              properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
