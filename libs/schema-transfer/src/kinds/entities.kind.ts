import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorDetail } from '@rocket/errors';
import { EntityDefinition, MetadataRepository, migrateEntity, validateEntity } from '@rocket/metadata';
import { ImportContext, KindPlan, TransferKind, Trx } from '../transfer-kind';
import { TransferKinds } from '../transfer-kinds';

/** Entities (01 §8, step 1): skipped by name; a table can belong to one entity only. */
@Injectable()
export class EntitiesKind implements TransferKind<EntityDefinition>, OnModuleInit {
  readonly key = 'entities';
  readonly order = 10;

  constructor(
    private readonly repository: MetadataRepository,
    private readonly kinds: TransferKinds,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx): Promise<unknown[]> {
    return (await this.repository.entityRows(db)).map((r) => r.definition);
  }

  plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<EntityDefinition>> {
    const details: ErrorDetail[] = [];
    const fresh: EntityDefinition[] = [];
    let duplicates = 0;
    const tables = new Map([...ctx.existingEntities.values()].map((e) => [e.table, e.name]));
    const joinTables = new Set(ctx.existingRelations.map((r) => r.join_table).filter(Boolean));
    items.forEach((item, i) => {
      const checked = validateEntity(item, `entities[${i}]`);
      if (!checked.definition) return void details.push(...checked.details);
      const def = checked.definition;
      // The stored definition wins over the document copy (01 §8.3).
      if (ctx.existingEntities.has(def.name) || ctx.importedEntities.has(def.name)) return void duplicates++;
      const owner = tables.get(def.table);
      if (owner) {
        return void details.push({
          field: `entities[${i}].table`,
          rule: 'duplicate',
          message: `Table already used by entity ${owner}`,
        });
      }
      if (joinTables.has(def.table)) {
        return void details.push({
          field: `entities[${i}].table`,
          rule: 'invalid_value',
          message: `table ${def.table} is a join table`,
        });
      }
      tables.set(def.table, def.name);
      ctx.importedEntities.set(def.name, def);
      fresh.push(def);
    });
    return Promise.resolve({ details, fresh, duplicates });
  }

  async apply(fresh: EntityDefinition[], ctx: ImportContext): Promise<void> {
    for (const def of fresh) {
      await migrateEntity(ctx.trx, undefined, def);
      await this.repository.insertEntity(ctx.trx, def);
    }
  }
}
