import { Injectable } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { Errors } from '@rocket/errors';
import { serializeRecord, serializeValue } from '@rocket/query';
import { RecordEventPublisher } from './events/record-event.publisher';
import { RecordImage } from './events/record-events';
import { DeleteRecordStage } from './delete/delete-record.stage';
import { RowWriter } from './row-writer';
import { LockRecordStage } from './stages/lock-record.stage';
import { ReloadRecordStage } from './stages/reload-record.stage';
import { ValidatePayloadStage } from './stages/validate-payload.stage';
import { WriteContext, WriteTarget } from './write-context';
import { mapWriteError } from './write-errors';
import { CommitHookContext, WriteHooks } from './write-hooks';

/** What a delete answers (02 §2.5): the resolved PK in its JSON type, always under `id`. */
export interface DeletedRecord {
  id: string | number;
}

/** How deep engine-made creates may nest inside one write (04 §2.3: `create_record` stops at 5). */
export const MAX_IN_TRANSACTION_DEPTH = 5;

/**
 * Runs the stages of a write in the order of 04 §3 (numbers below are its
 * steps). `SEAM` marks where the later issues plug their stage in: the
 * outbox (webhooks, workflows, audit) here; rules, state machines and file
 * resolution per row in the RowWriter, which the parent and every nested
 * child go through. Permission checks are asked of the write hooks (07
 * §6.3–6.5): role level before any row is read, then the conditions on the
 * locked row (here) or the proposed record (RowWriter). Each stage is a small
 * injectable; this class only orders them and owns the transaction.
 */
@Injectable()
export class WritePipeline {
  constructor(
    private readonly validate: ValidatePayloadStage,
    private readonly lock: LockRecordStage,
    private readonly rows: RowWriter,
    private readonly deletes: DeleteRecordStage,
    private readonly reload: ReloadRecordStage,
    private readonly events: RecordEventPublisher,
    private readonly hooks: WriteHooks,
  ) {}

  /** `createInTransaction` calls in progress per open transaction. */
  private readonly depths = new WeakMap<AnyDb, number>();

  /** 02 §2.3 / 04 §3.1 for a create. */
  async create(target: WriteTarget, body: unknown): Promise<RecordImage> {
    const ctx = new WriteContext('create', target, body);
    await this.hooks.authorizeAction(ctx); // 2. create permission, no current record (07 §6.4)
    this.validate.run(ctx); // 3. the whole tree, nested-write plan included (02 §7.2 phase 1)
    // 3. SEAM(field permissions): on the payload plus defaults (12 §1.7).
    await this.hooks.authorizePlan(ctx); // 3. role level per child entity and action of the plan (07 §6.5)
    await this.transaction(ctx, async () => {
      // 6.–12. the record (its create conditions on payload + defaults), then its nested writes
      await this.rows.write(ctx);
      await this.reload.run(ctx); // 13.
      // 13. sync before_write webhooks, _webhook_logs and _workflow_instances rows; SEAM(outbox): audit.
      await this.hooks.beforeCommit(this.commitContext(ctx));
    }); // 14. COMMIT
    const after = serializeRecord(ctx.entity, ctx.requireRow());
    this.events.emit('record.created', { ...this.eventBase(ctx), before: null, after });
    return after;
  }

  /**
   * A create made by the engine inside a write that is already running
   * (04 §2.3 `create_record`): steps 3 and 6–13 of `create` on the caller's
   * transaction, so it commits or rolls back with that write. Nested calls
   * count per transaction; the sixth level → 422. No record event is
   * emitted: the caller's transaction has not committed yet.
   */
  async createInTransaction(trx: AnyDb, target: WriteTarget, body: unknown): Promise<RecordImage> {
    const depth = (this.depths.get(trx) ?? 0) + 1;
    if (depth > MAX_IN_TRANSACTION_DEPTH) {
      throw Errors.validation([{ rule: 'state_machine', message: 'create_record nesting too deep' }]);
    }
    const ctx = new WriteContext('create', target, body);
    this.validate.run(ctx);
    this.depths.set(trx, depth);
    ctx.bind(trx);
    try {
      await this.rows.write(ctx); // 6.–12.
      await this.reload.run(ctx); // 13.
      // 13. as in `create` (these are top-level writes, 04 §3.1).
      await this.hooks.beforeCommit(this.commitContext(ctx));
    } catch (err) {
      throw mapWriteError(err, ctx.entity);
    } finally {
      ctx.bind(undefined);
      this.depths.set(trx, depth - 1);
    }
    return serializeRecord(ctx.entity, ctx.requireRow());
  }

  /**
   * An update made by the engine inside its own transaction (05 §2.4
   * workflow `set_field`): steps 2–13 of `update` on `trx`, so it commits or
   * rolls back with the engine's unit. No record event is emitted.
   */
  async updateInTransaction(trx: AnyDb, target: WriteTarget, rawId: string, body: unknown): Promise<RecordImage> {
    const ctx = new WriteContext('update', target, body, rawId);
    this.lock.precheck(ctx);
    await this.hooks.authorizeAction(ctx);
    ctx.bind(trx);
    try {
      await this.updateSteps(ctx);
    } catch (err) {
      throw mapWriteError(err, ctx.entity);
    } finally {
      ctx.bind(undefined);
    }
    return serializeRecord(ctx.entity, ctx.requireRow());
  }

  /**
   * A write transaction: API writes run in one, the workflow runner opens
   * one per unit and calls the `*InTransaction` methods on it. Once its
   * connection is back in the pool the hooks hear how it ended (sync webhook
   * logs, dispatcher and runner wake-ups).
   */
  async engineTransaction<T>(app: string, db: AnyDb, work: (trx: AnyDb) => Promise<T>): Promise<T> {
    let trx: AnyDb | undefined;
    let committed = false;
    try {
      const result = await db.transaction().execute(async (t) => {
        trx = t;
        return work(t);
      });
      committed = true;
      return result;
    } finally {
      if (trx) await this.hooks.afterTransaction({ trx, app, db, committed });
    }
  }

  /** 02 §2.4 / 04 §3.1 for a partial update. */
  async update(target: WriteTarget, rawId: string, body: unknown): Promise<RecordImage> {
    const ctx = new WriteContext('update', target, body, rawId);
    this.lock.precheck(ctx); // 02 §5: malformed id → 404 before any query
    await this.hooks.authorizeAction(ctx); // 2. role-only pre-check before the lookup (07 §6.3)
    await this.transaction(ctx, () => this.updateSteps(ctx)); // 14. COMMIT
    const before = serializeRecord(ctx.entity, ctx.requireCurrent());
    const after = serializeRecord(ctx.entity, ctx.requireRow());
    this.events.emit('record.updated', { ...this.eventBase(ctx), before, after });
    return after;
  }

  /** 02 §2.5 / 04 §3.2. */
  async delete(target: WriteTarget, rawId: string): Promise<DeletedRecord> {
    const ctx = new WriteContext('delete', target, undefined, rawId);
    this.lock.precheck(ctx);
    await this.hooks.authorizeAction(ctx); // 1. role-only pre-check before the lookup (07 §6.3)
    await this.transaction(ctx, async () => {
      await this.lock.run(ctx); // 1. + 2. lookup, lock the live row
      await this.hooks.authorizeRow(ctx, ctx.requireCurrent()); // 1. delete conditions on the locked row
      // 3. SEAM(rules): before_delete rules with related_load.
      await this.deletes.run(ctx); // 4. on_delete policies, recursively (02 §8); 5. soft or hard delete
      // 6. sync before_delete webhooks (SEAM(outbox): audit entries); 7. after_delete deliveries.
      await this.hooks.beforeCommit(this.commitContext(ctx));
    }); // 8. COMMIT
    const before = serializeRecord(ctx.entity, ctx.requireCurrent());
    this.events.emit('record.deleted', {
      ...this.eventBase(ctx),
      before,
      after: null,
      soft: ctx.entity.softDelete,
    });
    return { id: this.jsonPk(ctx) };
  }

  /** 04 §3.1 steps 2–13 of an update, inside the transaction bound to `ctx`. */
  private async updateSteps(ctx: WriteContext): Promise<void> {
    await this.lock.run(ctx); // 2. + 5. lookup and SELECT … FOR UPDATE: `old`
    await this.hooks.authorizeRow(ctx, ctx.requireCurrent()); // 2. update conditions on the locked row
    this.validate.run(ctx); // 3. (nested-write plan included)
    await this.hooks.authorizePlan(ctx); // 3. role level per child entity and action (07 §6.5)
    // 5. SEAM(field permissions): authoritative check on the locked row (12 §1.7).
    await this.rows.write(ctx); // 6.–12. with old = the locked row
    await this.reload.run(ctx); // 13.
    await this.hooks.beforeCommit(this.commitContext(ctx)); // 13. as in `create`
  }

  /** 04 §3.1 steps 4–13 in one transaction; database failures become the errors of 02 §9.3. */
  private async transaction(ctx: WriteContext, work: () => Promise<void>): Promise<void> {
    try {
      await this.engineTransaction(ctx.target.app, ctx.target.db, async (trx) => {
        ctx.bind(trx);
        try {
          await work();
        } finally {
          ctx.bind(undefined);
        }
      });
    } catch (err) {
      throw mapWriteError(err, ctx.entity);
    }
  }

  /** What the outbox hooks see: the request's own record (04 §3.1 step 13, §3.2 step 6). */
  private commitContext(ctx: WriteContext): CommitHookContext {
    const deleting = ctx.action === 'delete';
    return {
      trx: ctx.trx,
      target: ctx.target,
      action: ctx.action,
      row: deleting ? ctx.requireCurrent() : ctx.requireRow(),
      old: ctx.action === 'create' ? null : ctx.requireCurrent(),
    };
  }

  private jsonPk(ctx: WriteContext): string | number {
    return serializeValue(ctx.entity.pk, ctx.requirePk()) as string | number;
  }

  private eventBase(ctx: WriteContext) {
    return { app: ctx.target.app, entity: ctx.entity.name, id: this.jsonPk(ctx), actor: ctx.target.principal };
  }
}
