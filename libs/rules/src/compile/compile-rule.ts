import { Registry, shown } from '@rocket/metadata';
import { checkRule } from '../definition/check-rule';
import { ParsedRule } from '../definition/parsed-definition';
import { buildFieldTest, checksAbsent } from '../operators/field-operators';
import { RuleRow } from '../rule.types';
import { CompiledRule, RuleOrder } from './compiled-rule';

/** Why a stored rule was left out or compiled as broken; reported once per load. */
export type RuleLoadWarning = (rule: RuleRow, reason: string) => void;

export const DEFAULT_EXPRESSION_MESSAGE = 'validation rule failed';

/** 04 §1.3: `field <name> failed <operator> validation`. */
export function defaultFieldMessage(field: string, operator: string): string {
  return `field ${field} failed ${operator} validation`;
}

/**
 * Compiles one stored rule against a registry snapshot with the validator
 * the admin API uses. A rule whose checked or target field is gone is left
 * out (the value can never be present, 03 §6); any other problem makes it
 * broken, failing closed. Undefined when it is left out.
 */
export function compileRule(row: RuleRow, registry: Registry, warn: RuleLoadWarning): CompiledRule | undefined {
  if (!registry.entities.has(row.entity)) return undefined; // the entity did not load; its rules have nothing to check
  const order: RuleOrder = {
    id: row.id,
    entity: row.entity,
    hook: row.hook,
    priority: row.priority,
    createdAt: new Date(row.created_at).getTime(),
  };
  const check = checkRule(
    { entity: row.entity, hook: row.hook, type: row.type, definition: row.definition },
    { registry, stored: true },
  );
  if (check.ok) return fromParsed(check.parsed, order);
  if (check.details.some((d) => d.field === 'definition.field' && d.rule === 'not_found')) {
    warn(row, `field ${shown(row.definition.field)} no longer exists; rule skipped`);
    return undefined;
  }
  const reason = check.details.map((d) => `${d.field ?? ''}: ${d.message}`).join('; ');
  warn(row, reason);
  return broken(row, order, `misconfigured rule ${row.id}: ${reason}`);
}

function fromParsed(parsed: ParsedRule, order: RuleOrder): CompiledRule {
  switch (parsed.type) {
    case 'field':
      return {
        ...order,
        type: 'field',
        field: parsed.field.name,
        kind: parsed.field.kind,
        operator: parsed.operator,
        test: buildFieldTest(parsed.operator, parsed.value, parsed.field.kind),
        checksAbsent: checksAbsent(parsed.operator),
        message: parsed.message ?? defaultFieldMessage(parsed.field.name, parsed.operator),
        stopOnFail: parsed.stopOnFail,
      };
    case 'expression':
      return {
        ...order,
        type: 'expression',
        expression: parsed.expression,
        field: parsed.field,
        message: parsed.message ?? DEFAULT_EXPRESSION_MESSAGE,
        stopOnFail: parsed.stopOnFail,
        related: parsed.related,
      };
    case 'computed':
      return {
        ...order,
        type: 'computed',
        target: parsed.target,
        expression: parsed.expression,
        related: parsed.related,
      };
  }
}

function broken(row: RuleRow, order: RuleOrder, message: string): CompiledRule {
  const def = row.definition;
  const field = typeof def.field === 'string' ? def.field : undefined;
  const phase = row.type === 'field' ? 'field' : row.type === 'computed' ? 'computed' : 'expression';
  const rule = phase === 'field' ? (typeof def.operator === 'string' ? def.operator : 'field') : phase;
  return { ...order, type: 'broken', phase, field, rule, message, stopOnFail: def.stop_on_fail === true };
}
