import { CompiledField } from '@rocket/metadata';

/** A value turned into what the write stores, or why it cannot be (02 §6.2 rule `type`). */
export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/**
 * One coercer per field kind (STYLE 8). It sees only non-null values (null is
 * the validator's business: accepted unless the field is required) and
 * answers with the stored value or a reason phrased to follow the field name
 * ("must be an integer").
 */
export type Coercer = (value: unknown, field: CompiledField) => Coerced;

export const accept = (value: unknown): Coerced => ({ ok: true, value });
export const refuse = (reason: string): Coerced => ({ ok: false, reason });
