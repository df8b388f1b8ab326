import { CompiledField, FieldKind } from '@rocket/metadata';
import { coerceBigint } from './bigint.coercer';
import { coerceBoolean } from './boolean.coercer';
import { Coerced, Coercer } from './coercer.types';
import { coerceDate } from './date.coercer';
import { coerceDecimal } from './decimal.coercer';
import { coerceFile } from './file.coercer';
import { coerceFloat } from './float.coercer';
import { coerceInt } from './int.coercer';
import { coerceJson } from './json.coercer';
import { coerceString } from './string.coercer';
import { coerceTimestamp } from './timestamp.coercer';
import { coerceUuid } from './uuid.coercer';

export type { Coerced, Coercer } from './coercer.types';
export type { FileRef } from './file.coercer';

/** The coercer of every field kind (01 §2.4); a new kind fails to compile until it has one. */
export const COERCERS: Readonly<Record<FieldKind, Coercer>> = Object.freeze({
  string: coerceString,
  text: coerceString,
  int: coerceInt,
  bigint: coerceBigint,
  float: coerceFloat,
  decimal: coerceDecimal,
  boolean: coerceBoolean,
  uuid: coerceUuid,
  timestamp: coerceTimestamp,
  date: coerceDate,
  json: coerceJson,
  file: coerceFile,
});

/** Coerces a non-null payload value for a field. */
export function coerceValue(field: CompiledField, value: unknown): Coerced {
  return COERCERS[field.kind](value, field);
}
