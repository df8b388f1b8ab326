import { CompiledField } from '@rocket/metadata';

type Schema = Record<string, unknown>;

/** JSON Schema (OpenAPI 3.0) of a field's value as records return it (01 §2.4). */
export function fieldSchema(field: CompiledField): Schema {
  const base = kindSchema(field);
  if (field.def.enum) base.enum = [...field.def.enum];
  if (field.def.default !== undefined) base.default = field.def.default;
  if (field.auto) base.readOnly = true;
  if (!field.effectivelyRequired || field.auto) base.nullable = true;
  return base;
}

function kindSchema(field: CompiledField): Schema {
  switch (field.kind) {
    case 'string':
      return { type: 'string' };
    case 'text':
      return { type: 'string', description: 'Long text' };
    case 'int':
      return { type: 'integer', format: 'int32' };
    case 'bigint':
      return { type: 'integer', format: 'int64' };
    case 'float':
      return { type: 'number', format: 'double' };
    case 'decimal':
      return { type: 'number', ...(field.def.precision ? { multipleOf: 10 ** -field.def.precision } : {}) };
    case 'boolean':
      return { type: 'boolean' };
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'json':
      return { description: 'Any JSON value' };
    case 'file':
      return {
        type: 'object',
        description: 'On write: a file id (UUID) or an object with that id',
        properties: {
          id: { type: 'string', format: 'uuid' },
          filename: { type: 'string' },
          size: { type: 'integer' },
          mime_type: { type: 'string' },
        },
      };
  }
}
