import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorDetail } from '@rocket/errors';
import { MetadataRepository, migrateRelation, RelationDefinition, validateRelation } from '@rocket/metadata';
import { ImportContext, KindPlan, TransferKind, Trx } from '../transfer-kind';
import { TransferKinds } from '../transfer-kinds';

/** Relations (01 §8, step 2), checked against existing ∪ imported entities; skipped by name. */
@Injectable()
export class RelationsKind implements TransferKind<RelationDefinition>, OnModuleInit {
  readonly key = 'relations';
  readonly order = 20;

  constructor(
    private readonly repository: MetadataRepository,
    private readonly kinds: TransferKinds,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx): Promise<unknown[]> {
    return (await this.repository.relationRows(db)).map((r) => r.definition);
  }

  plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<RelationDefinition>> {
    const details: ErrorDetail[] = [];
    const fresh: RelationDefinition[] = [];
    let duplicates = 0;
    const entities = new Map([...ctx.existingEntities, ...ctx.importedEntities]);
    const existing = new Set(ctx.existingRelations.map((r) => r.name));
    items.forEach((item, i) => {
      const name = (item as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && (existing.has(name) || ctx.importedRelations.some((r) => r.name === name))) {
        return void duplicates++;
      }
      const others = [...ctx.existingRelations, ...ctx.importedRelations];
      const checked = validateRelation(item, { entities, relations: others }, `relations[${i}]`);
      if (!checked.definition) return void details.push(...checked.details);
      ctx.importedRelations.push(checked.definition);
      fresh.push(checked.definition);
    });
    return Promise.resolve({ details, fresh, duplicates });
  }

  async apply(fresh: RelationDefinition[], ctx: ImportContext): Promise<void> {
    const entities = new Map([...ctx.existingEntities, ...ctx.importedEntities]);
    for (const def of fresh) {
      await migrateRelation(ctx.trx, def, entities.get(def.source)!, entities.get(def.target)!);
      await this.repository.insertRelation(ctx.trx, def);
    }
  }
}
