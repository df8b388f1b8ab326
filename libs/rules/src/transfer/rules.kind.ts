import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorDetail } from '@rocket/errors';
import { buildRegistry } from '@rocket/metadata';
import { ImportContext, KindPlan, TransferKind, TransferKinds, Trx } from '@rocket/schema-transfer';
import { checkRule } from '../definition/check-rule';
import { RuleInput } from '../rule.types';
import { RulesRepository } from '../rules.repository';
import { canonicalJson } from './canonical-json';

/** 01 §8.3 step 3: a rule is the same rule when entity, hook, type and canonical definition match. */
export function ruleDedupKey(rule: Pick<RuleInput, 'entity' | 'hook' | 'type' | 'definition'>): string {
  return `${rule.entity}\u0000${rule.hook}\u0000${rule.type}\u0000${canonicalJson(rule.definition)}`;
}

/**
 * Rules in export/import (01 §8): exported by entity and priority without
 * ids or timestamps; imported through the admin validator against existing
 * ∪ imported entities and relations, duplicates skipped, never updated.
 */
@Injectable()
export class RulesKind implements TransferKind<RuleInput>, OnModuleInit {
  readonly key = 'rules';
  readonly order = 30;

  constructor(
    private readonly kinds: TransferKinds,
    private readonly repository: RulesRepository,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx): Promise<unknown[]> {
    return (await this.repository.list(db)).map(({ entity, hook, type, definition, priority, active }) => ({
      entity,
      hook,
      type,
      definition,
      priority,
      active,
    }));
  }

  async plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<RuleInput>> {
    // Imported entities are new names, so the union never shadows an existing definition.
    const registry = buildRegistry(
      0,
      [...ctx.existingEntities.values(), ...ctx.importedEntities.values()],
      [...ctx.existingRelations, ...ctx.importedRelations],
    );
    const seen = new Set((await this.repository.list(ctx.trx)).map(ruleDedupKey));
    const details: ErrorDetail[] = [];
    const fresh: RuleInput[] = [];
    let duplicates = 0;
    items.forEach((item, i) => {
      const check = checkRule(item, { registry, prefix: `rules[${i}]` });
      if (!check.ok) return void details.push(...check.details);
      const key = ruleDedupKey(check.input);
      if (seen.has(key)) return void duplicates++;
      seen.add(key);
      fresh.push(check.input);
    });
    return { details, fresh, duplicates };
  }

  async apply(fresh: RuleInput[], ctx: ImportContext): Promise<void> {
    for (const rule of fresh) await this.repository.insert(ctx.trx, rule);
  }
}
