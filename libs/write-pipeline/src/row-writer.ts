import { Injectable } from '@nestjs/common';
import { NestedWritesStage } from './nested/nested-writes.stage';
import { ApplyDefaultsStage } from './stages/apply-defaults.stage';
import { GenerateSlugStage } from './stages/generate-slug.stage';
import { PersistStage } from './stages/persist.stage';
import { WriteContext } from './write-context';
import { WriteHooks } from './write-hooks';

/**
 * Steps 6–12 of 04 §3.1 for one validated row, inside the write transaction:
 * the top-level record and, through the nested writes, every child create
 * and update (02 §7.2: children run the same per-row stages as the parent).
 * Update rows arrive with their locked current row as `old`.
 */
@Injectable()
export class RowWriter {
  constructor(
    private readonly defaults: ApplyDefaultsStage,
    private readonly slug: GenerateSlugStage,
    private readonly persist: PersistStage,
    private readonly nested: NestedWritesStage,
    private readonly hooks: WriteHooks,
  ) {}

  async write(ctx: WriteContext): Promise<void> {
    this.defaults.run(ctx); // 6. create: the proposed record = payload + defaults
    // 07 §6.4–6.5: a created row's policy conditions hold on the proposed record (before rules
    // and computed fields); a nested child's update needs its entity's permission on its locked
    // row. The request's own update row was checked when it was locked (07 §6.3).
    if (ctx.action === 'create') await this.hooks.authorizeRow(ctx, Object.fromEntries(ctx.values));
    else if (ctx.path !== '') await this.hooks.authorizeRow(ctx, ctx.requireCurrent());
    // 6–9. Registered hooks: rules (field → expression → http_validate → computed, 04 §1.7),
    // state machines (initial state or transition, roles, guard, set_field, 04 §2.5) and
    // file fields resolved against `_files` (08 §10.1).
    for (const hook of this.hooks.list()) await hook.beforeWrite?.(ctx);
    await this.slug.run(ctx); // 9.
    await this.persist.run(ctx); // 10.
    // 11. create_record / send_event / send_email actions of the hooks.
    for (const hook of this.hooks.list()) if (await hook.afterPersist?.(ctx)) ctx.persisted = undefined;
    if (ctx.payload?.nested?.length) ctx.persisted = undefined;
    await this.nested.run(ctx, (child) => this.write(child)); // 12.
  }
}
