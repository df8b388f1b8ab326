import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity } from '@rocket/metadata';
import { PkValue, WriteContext } from '../write-context';
import { WriteStage } from './write-stage';

/** The written row by PK, every column a read selects (02 §1). */
export function reloadRecordQuery(db: AnyDb, entity: CompiledEntity, pk: PkValue) {
  return db
    .selectFrom(entity.table)
    .select(entity.columns.map((c) => sql.ref(c).as(c)))
    .where(sql.ref(entity.pk.name), '=', pk);
}

/**
 * 04 §3.1 step 13: re-read the parent row inside the transaction, after
 * nested writes and actions, so the response, the sync webhooks and the
 * events see what COMMIT will make visible.
 */
@Injectable()
export class ReloadRecordStage implements WriteStage {
  async run(ctx: WriteContext): Promise<void> {
    const row = await reloadRecordQuery(ctx.trx, ctx.entity, ctx.requirePk()).executeTakeFirst();
    if (!row) throw new Error(`Written ${ctx.entity.name} row is gone inside its own transaction`);
    ctx.row = row;
  }
}
