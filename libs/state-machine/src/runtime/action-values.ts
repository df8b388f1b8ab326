import { CompiledField } from '@rocket/metadata';
import { coerceValue } from '@rocket/write-pipeline';

/**
 * `"now"` of `set_field` (04 §2.3): the operation instant as a timestamp
 * field stores it (canonical ISO), as a date (`YYYY-MM-DD`), or as ISO text.
 */
export function nowValue(field: CompiledField, now: Date): string {
  const iso = now.toISOString();
  return field.kind === 'date' ? iso.slice(0, 10) : iso;
}

/**
 * A template result as plain JSON for a payload or an event (03 §10):
 * datetimes become the text their field stores (`YYYY-MM-DD` for a date
 * field, ISO otherwise), scalars put into string/text fields become their
 * text (as `string()` would), expression maps become plain objects.
 */
export function jsonValue(value: unknown, field?: CompiledField): unknown {
  if (value instanceof Date) return field?.kind === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (
    (typeof value === 'number' || typeof value === 'boolean') &&
    (field?.kind === 'string' || field?.kind === 'text')
  ) {
    return String(value);
  }
  if (Array.isArray(value)) return value.map((v) => jsonValue(v));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonValue(v);
    return out;
  }
  return value;
}

export type FieldValue = { ok: true; value: unknown } | { ok: false; rule: string; message: string };

/** A `set_field` result checked like a payload value (type, `enum`, `required`) and coerced for the write. */
export function fieldValue(field: CompiledField, raw: unknown): FieldValue {
  const value = jsonValue(raw, field);
  if (value === null || value === undefined) {
    return field.effectivelyRequired
      ? { ok: false, rule: 'required', message: `${field.name} is required` }
      : { ok: true, value: null };
  }
  const coerced = coerceValue(field, value);
  if (!coerced.ok) return { ok: false, rule: 'type', message: `${field.name} ${coerced.reason}` };
  const allowed = field.def.enum;
  if (allowed && !allowed.includes(String(coerced.value))) {
    return { ok: false, rule: 'enum', message: `${field.name} must be one of: ${allowed.join(', ')}` };
  }
  return { ok: true, value: coerced.value };
}
