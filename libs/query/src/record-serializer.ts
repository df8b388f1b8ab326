import { CompiledEntity, CompiledField } from '@rocket/metadata';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A database row as the API returns it (02 §1, 01 §2.4): every declared
 * field, `deleted_at` for soft-delete entities, JSON types per field kind.
 */
export function serializeRecord(entity: CompiledEntity, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of entity.fields) out[field.name] = serializeValue(field, row[field.name]);
  if (entity.softDelete && !entity.fieldsByName.has('deleted_at')) {
    out.deleted_at = toIso(row.deleted_at);
  }
  return out;
}

export function serializeValue(field: CompiledField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'decimal':
    case 'float':
      return typeof value === 'string' ? Number(value) : value;
    case 'bigint':
    case 'int':
      return typeof value === 'string' ? bigintToJson(value) : value;
    case 'timestamp':
      return toIso(value);
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : value;
    case 'uuid':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'string':
    case 'text':
    case 'boolean':
    case 'json':
    case 'file':
      return value;
  }
}

/** Beyond ±(2^53−1) a bigint is returned as a decimal string (01 §2.4). */
function bigintToJson(value: string): number | string {
  const big = BigInt(value);
  return big > MAX_SAFE || big < -MAX_SAFE ? value : Number(value);
}

function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  // Only raw or odd rows get here; the driver turns 'infinity' into Infinity.
  const raw = value as string | number;
  const date = new Date(raw);
  // 'infinity' (writable only outside the API) has no ISO form: return it as text rather than throw.
  return Number.isNaN(date.getTime()) ? `${raw}` : date.toISOString();
}
