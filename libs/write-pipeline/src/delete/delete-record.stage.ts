import { Injectable } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { Errors } from '@rocket/errors';
import { CompiledEntity, CompiledRelation } from '@rocket/metadata';
import { targetKeyOf } from '../relation-keys';
import { WriteStage } from '../stages/write-stage';
import { PkValue, Row, WriteContext } from '../write-context';
import { recordNotFound } from '../write-errors';
import {
  cascadeTargetsQuery,
  hardDeleteQuery,
  restrictCountQuery,
  setNullQuery,
  softDeleteQuery,
  sourceJoinRowsDeleteQuery,
  targetJoinRowsDeleteQuery,
} from './delete-queries';
import { VisitedRecords } from './visited-records';
import { WriteHooks } from '../write-hooks';

/** pg's not_null_violation: a set_null on a NOT NULL column (02 §8). */
const NOT_NULL_VIOLATION = '23502';

/**
 * The one delete procedure (02 §8), for the DELETE endpoint (04 §3.2 steps
 * 4–5) and for nested `_delete` rows and replace-mode removals (02 §7.3):
 * the `on_delete` policy of every relation the entity is the source of,
 * then the soft or hard delete of the row itself. Every statement runs on
 * the caller's transaction; a failure anywhere rolls the request back whole.
 */
@Injectable()
export class DeleteRecordStage implements WriteStage {
  constructor(private readonly hooks: WriteHooks) {}

  /** Top-level delete of the locked row; nothing deleted → 404. */
  async run(ctx: WriteContext): Promise<void> {
    const visited = new VisitedRecords({ registry: ctx.target.registry, principal: ctx.target.principal });
    const deleted = await this.deleteRecord(ctx.trx, ctx.entity, ctx.requireCurrent(), visited);
    if (!deleted) throw recordNotFound(ctx.entity, String(ctx.rawId));
  }

  /**
   * A nested `_delete` or replace-mode removal (02 §7.3): the child entity's
   * own delete permission, checked on its locked row (07 §6.5), then the
   * delete procedure. Its cascades ride on that permission (02 §8).
   */
  async deleteChild(parent: WriteContext, entity: CompiledEntity, row: Row, path: string): Promise<boolean> {
    const { registry, principal } = parent.target;
    await this.hooks.authorize({
      stage: 'row',
      action: 'delete',
      registry,
      principal,
      entity,
      row,
      trx: parent.trx,
      path,
    });
    return this.deleteRecord(parent.trx, entity, row, new VisitedRecords({ registry, principal }));
  }

  /**
   * Deletes one live row (all of its columns, as locked by the caller) with
   * its policies, recursively. False when the row was visited already or was
   * gone by the time of its own DELETE/UPDATE.
   */
  async deleteRecord(db: AnyDb, entity: CompiledEntity, row: Row, visited: VisitedRecords): Promise<boolean> {
    const pk = row[entity.pk.name] as PkValue;
    if (!visited.add(entity, pk)) return false;
    // before_delete hooks (rules) of the record itself, of cascaded records and of nested
    // `_delete` children (04 §3.1 step 12, §3.2 steps 3–4); a violation aborts the whole write.
    const scope = visited.scope;
    if (scope) {
      for (const hook of this.hooks.list()) {
        await hook.beforeDelete?.({
          trx: db,
          registry: scope.registry,
          principal: scope.principal,
          entity,
          row,
          path: '',
        });
      }
    }
    for (const relation of policyOrder(entity)) await this.applyPolicy(db, relation, row, visited);
    return this.remove(db, entity, pk);
  }

  private async applyPolicy(db: AnyDb, relation: CompiledRelation, row: Row, visited: VisitedRecords) {
    const key = row[relation.def.source_key];
    if (key === null || key === undefined) return; // nothing can point at a missing key
    // M:N cascade and detach alike: join rows go, even when the source is only soft-deleted.
    if (relation.def.type === 'many_to_many')
      return void (await sourceJoinRowsDeleteQuery(db, relation, key).execute());
    switch (relation.def.on_delete) {
      case 'restrict':
        return this.restrict(db, relation, key, visited);
      case 'set_null':
        return this.setNull(db, relation, key);
      case 'cascade':
        for (const child of await cascadeTargetsQuery(db, relation, key).execute()) {
          await this.deleteRecord(db, relation.target, child, visited);
        }
        return;
      case 'detach':
        throw new Error(`on_delete detach on ${relation.def.type} relation ${relation.name}`);
    }
  }

  private async restrict(db: AnyDb, relation: CompiledRelation, key: unknown, visited: VisitedRecords) {
    const exclude = visited.of(relation.target);
    const { count } = await restrictCountQuery(db, relation, key, exclude).executeTakeFirstOrThrow();
    const n = Number(count);
    if (n > 0) throw Errors.conflict(`Cannot delete: ${n} related ${relation.target.name} records exist`);
  }

  private async setNull(db: AnyDb, relation: CompiledRelation, key: unknown) {
    try {
      await setNullQuery(db, relation, key).execute();
    } catch (err) {
      if ((err as { code?: string }).code !== NOT_NULL_VIOLATION) throw err;
      const fk = targetKeyOf(relation);
      throw Errors.conflict(`Cannot delete: ${fk} of related ${relation.target.name} records cannot be set to null`);
    }
  }

  /** Soft or hard per the entity itself, whatever its parent's mode was (02 §8). */
  private async remove(db: AnyDb, entity: CompiledEntity, pk: PkValue): Promise<boolean> {
    if (entity.softDelete) {
      // Soft-deleted targets keep their join rows: reads filter them out.
      return (await softDeleteQuery(db, entity, pk).executeTakeFirst()).numUpdatedRows > 0n;
    }
    for (const relation of entity.incoming) {
      if (relation.def.type === 'many_to_many') await targetJoinRowsDeleteQuery(db, relation, pk).execute();
    }
    return (await hardDeleteQuery(db, entity, pk).executeTakeFirst()).numDeletedRows > 0n;
  }
}

/** restrict checks first: a refusal costs no cascade work before the rollback. */
function policyOrder(entity: CompiledEntity): CompiledRelation[] {
  const restrict = (r: CompiledRelation) => r.def.type !== 'many_to_many' && r.def.on_delete === 'restrict';
  return [...entity.outgoing.filter(restrict), ...entity.outgoing.filter((r) => !restrict(r))];
}
