import { Registry } from '@rocket/metadata';
import { RuleHook, RuleRow } from '../rule.types';
import { compileRule, RuleLoadWarning } from './compile-rule';
import {
  BrokenRule,
  CompiledComputedRule,
  CompiledExpressionRule,
  CompiledFieldRule,
  CompiledRule,
  EntityRules,
  NO_RULES,
  RuleOrder,
} from './compiled-rule';

/** 04 §1.7 step 1: priority ascending, then created_at, then id. */
export function byEvaluationOrder(a: RuleOrder, b: RuleOrder): number {
  return a.priority - b.priority || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

type Phases = {
  field: Array<CompiledFieldRule | BrokenRule>;
  expression: Array<CompiledExpressionRule | BrokenRule>;
  computed: Array<CompiledComputedRule | BrokenRule>;
};

/**
 * The active rules of one app compiled against one registry snapshot
 * (STYLE 3): per entity and hook, split by phase and sorted once, plus the
 * computed targets the payload validator must not require (04 §1.4).
 * Immutable; a metadata change builds a new one.
 */
export class RuleSet {
  private readonly index = new Map<string, EntityRules>();
  private readonly targets = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly registry: Registry,
    rules: readonly CompiledRule[],
  ) {
    const groups = new Map<string, Phases>();
    for (const rule of [...rules].sort(byEvaluationOrder)) {
      const key = keyOf(rule.entity, rule.hook);
      let phases = groups.get(key);
      if (!phases) groups.set(key, (phases = { field: [], expression: [], computed: [] }));
      place(phases, rule);
      if (rule.type === 'computed' && rule.hook === 'before_write') {
        this.targets.set(rule.entity, new Set([...(this.targets.get(rule.entity) ?? []), rule.target.name]));
      }
    }
    for (const [key, phases] of groups) this.index.set(key, Object.freeze(phases));
  }

  /** Compiles the active stored rules of an app (rows in any order). */
  static compile(registry: Registry, rows: readonly RuleRow[], warn: RuleLoadWarning): RuleSet {
    const rules: CompiledRule[] = [];
    for (const row of rows) {
      const rule = row.active ? compileRule(row, registry, warn) : undefined;
      if (rule) rules.push(rule);
    }
    return new RuleSet(registry, rules);
  }

  of(entity: string, hook: RuleHook): EntityRules {
    return this.index.get(keyOf(entity, hook)) ?? NO_RULES;
  }

  /** Targets of active `before_write` computed rules: exempt from the create-time `required` check. */
  computedTargets(entity: string): ReadonlySet<string> {
    return this.targets.get(entity) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function keyOf(entity: string, hook: RuleHook): string {
  return `${entity}\u0000${hook}`;
}

function place(phases: Phases, rule: CompiledRule): void {
  switch (rule.type) {
    case 'field':
      return void phases.field.push(rule);
    case 'expression':
      return void phases.expression.push(rule);
    case 'computed':
      return void phases.computed.push(rule);
    case 'broken':
      return void phases[rule.phase].push(rule);
  }
}
