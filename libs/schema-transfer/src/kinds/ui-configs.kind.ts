import { Injectable, OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { ErrorDetail, isObject } from '@rocket/errors';
import { ImportContext, KindPlan, TransferKind, Trx } from '../transfer-kind';
import { TransferKinds } from '../transfer-kinds';

interface UiConfig {
  entity: string;
  scope: string;
  config: Record<string, unknown>;
}

/** UI configs (01 §1, §8 step 11): upserted on entity + scope, the document's config wins. */
@Injectable()
export class UiConfigsKind implements TransferKind<UiConfig>, OnModuleInit {
  readonly key = 'ui_configs';
  readonly order = 110;

  constructor(private readonly kinds: TransferKinds) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx): Promise<unknown[]> {
    return db
      .selectFrom('_ui_configs')
      .select(['entity', 'scope', 'config'])
      .orderBy('entity')
      .orderBy('scope')
      .execute();
  }

  plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<UiConfig>> {
    const details: ErrorDetail[] = [];
    const fresh: UiConfig[] = [];
    items.forEach((item, i) => {
      const at = (f: string) => `ui_configs[${i}].${f}`;
      if (!isObject(item))
        return void details.push({
          field: `ui_configs[${i}]`,
          rule: 'invalid_value',
          message: 'ui config must be an object',
        });
      const { entity, scope = 'default', config = {} } = item;
      if (typeof entity !== 'string' || !(ctx.existingEntities.has(entity) || ctx.importedEntities.has(entity))) {
        return void details.push({
          field: at('entity'),
          rule: 'not_found',
          message: `entity not found: ${String(entity)}`,
        });
      }
      if (typeof scope !== 'string' || scope.length === 0 || scope.length > 100) {
        return void details.push({
          field: at('scope'),
          rule: 'invalid_value',
          message: 'scope must be a string of 1 to 100 characters',
        });
      }
      if (!isObject(config))
        return void details.push({ field: at('config'), rule: 'invalid_value', message: 'config must be an object' });
      fresh.push({ entity, scope, config });
    });
    return Promise.resolve({ details, fresh, duplicates: 0 });
  }

  async apply(fresh: UiConfig[], ctx: ImportContext): Promise<void> {
    for (const c of fresh) {
      await ctx.trx
        .insertInto('_ui_configs')
        .values({ entity: c.entity, scope: c.scope, config: JSON.stringify(c.config) })
        .onConflict((oc) =>
          oc.columns(['entity', 'scope']).doUpdateSet({ config: JSON.stringify(c.config), updated_at: sql`NOW()` }),
        )
        .execute();
    }
  }
}
