import { CompiledField, FieldDefinition, kindOf } from '@rocket/metadata';
import { Coercer } from '../coercers/coercer.types';

/** A compiled field for coercer tests (no registry needed). */
export function fieldOf(def: Partial<FieldDefinition> & Pick<FieldDefinition, 'type'>): CompiledField {
  const full: FieldDefinition = { name: 'f', ...def };
  return {
    name: full.name,
    kind: kindOf(full.type),
    def: full,
    isPk: false,
    effectivelyRequired: !!full.required && !full.nullable,
    comparable: full.type !== 'json' && full.type !== 'file',
    auto: full.auto,
  };
}

/** Good inputs: [label, input, stored value]. */
export type GoodCase = [string, unknown, unknown];
/** Bad inputs: [label, input, reason]. */
export type BadCase = [string, unknown, string];

/** The table-driven shape every coercer spec shares (STYLE 8). */
export function describeCoercer(
  name: string,
  coercer: Coercer,
  field: CompiledField,
  good: GoodCase[],
  bad: BadCase[],
) {
  describe(`${name} coercer`, () => {
    it.each(good)('accepts %s', (_label, input, stored) => {
      expect(coercer(input, field)).toEqual({ ok: true, value: stored });
    });
    it.each(bad)('refuses %s', (_label, input, reason) => {
      expect(coercer(input, field)).toEqual({ ok: false, reason });
    });
  });
}
