import { Injectable } from '@nestjs/common';
import { NestedWritesStage } from './nested/nested-writes.stage';
import { ApplyDefaultsStage } from './stages/apply-defaults.stage';
import { GenerateSlugStage } from './stages/generate-slug.stage';
import { PersistStage } from './stages/persist.stage';
import { WriteContext } from './write-context';

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
  ) {}

  async write(ctx: WriteContext): Promise<void> {
    this.defaults.run(ctx); // 6. create: the proposed record = payload + defaults
    // 6. SEAM(state machine): initial states over the defaults (04 §2.5).
    // 7. SEAM(rules): before_write field → expression → http_validate → computed (04 §1.7).
    // 8. SEAM(state machine): initial check or transition (old = ctx.current), roles, guard, actions (04 §2.5).
    await this.slug.run(ctx); // 9.
    // 9. SEAM(files): resolve file ids against `_files` (08 §10.1).
    await this.persist.run(ctx); // 10.
    // 11. SEAM(state machine): create_record / send_event / send_email actions.
    await this.nested.run(ctx, (child) => this.write(child)); // 12.
  }
}
