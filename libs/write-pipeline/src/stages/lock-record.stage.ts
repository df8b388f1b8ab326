import { Injectable } from '@nestjs/common';
import { findLiveRow, lookupKeys } from '@rocket/query';
import { recordNotFound } from '../write-errors';
import { PkValue, WriteContext } from '../write-context';
import { WriteStage } from './write-stage';

/**
 * Update and delete: find the live row by `:id` (PK or slug, 02 §5) and lock
 * it FOR UPDATE for the rest of the transaction (02 §2.4, 04 §3.1 step 5,
 * §3.2 step 2). The lookup and the lock are one statement; from here on all
 * SQL uses the resolved PK.
 */
@Injectable()
export class LockRecordStage implements WriteStage {
  /** Before BEGIN: an `:id` that cannot address a record → 404 without querying (02 §5). */
  precheck(ctx: WriteContext): void {
    const rawId = this.rawIdOf(ctx);
    if (lookupKeys(ctx.entity, rawId).length === 0) throw recordNotFound(ctx.entity, rawId);
  }

  async run(ctx: WriteContext): Promise<void> {
    const rawId = this.rawIdOf(ctx);
    // Not read-filtered: update/delete conditions are checked on the locked row itself (07 §6.3).
    const row = await findLiveRow(ctx.trx, ctx.entity, rawId, { forUpdate: true });
    if (!row) throw recordNotFound(ctx.entity, rawId);
    ctx.current = row;
    ctx.pk = row[ctx.entity.pk.name] as PkValue;
  }

  private rawIdOf(ctx: WriteContext): string {
    if (ctx.rawId === undefined) throw new Error(`A ${ctx.action} has no record id`);
    return ctx.rawId;
  }
}
