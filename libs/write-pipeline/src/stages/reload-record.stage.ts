import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity } from '@rocket/metadata';
import { PkValue, WriteContext } from '../write-context';
import { WriteStage } from './write-stage';

/** Every column a read selects (02 §1), for a SELECT or a RETURNING. */
export function recordColumns(entity: CompiledEntity) {
  return entity.columns.map((c) => sql.ref(c).as(c));
}

/** The written row by PK, every column a read selects (02 §1). */
export function reloadRecordQuery(db: AnyDb, entity: CompiledEntity, pk: PkValue) {
  return db.selectFrom(entity.table).select(recordColumns(entity)).where(sql.ref(entity.pk.name), '=', pk);
}

/**
 * 04 §3.1 step 13: the parent row as COMMIT will make it visible, for the
 * response, the sync webhooks and the events. When nothing was written
 * after the row's own INSERT/UPDATE, the row it returned is that row (the
 * transaction holds it locked), and no query is needed; otherwise it is
 * re-read inside the transaction, after nested writes and actions.
 */
@Injectable()
export class ReloadRecordStage implements WriteStage {
  async run(ctx: WriteContext): Promise<void> {
    if (ctx.persisted) {
      ctx.row = ctx.persisted;
      return;
    }
    const row = await reloadRecordQuery(ctx.trx, ctx.entity, ctx.requirePk()).executeTakeFirst();
    if (!row) throw new Error(`Written ${ctx.entity.name} row is gone inside its own transaction`);
    ctx.row = row;
  }
}
