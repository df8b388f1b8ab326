import { Injectable } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { Errors } from '@rocket/errors';
import { DeleteRecordStage } from '../delete/delete-record.stage';
import { targetKeyOf } from '../relation-keys';
import { Row, WriteContext } from '../write-context';
import { atRowPath } from '../write-errors';
import { childOperations, childrenToLoad } from './child-operations';
import { ChildRowsWrite } from './nested-plan';
import { currentChildrenQuery } from './nested-queries';
import { parentKeyOf } from './parent-key';

/** Writes one child row through the per-row stages (the RowWriter), its own nested writes included. */
export type RowWrite = (child: WriteContext) => Promise<void>;

/**
 * 02 §7.3, one_to_many / one_to_one: load the parent's live children, match
 * the planned rows against them (a PK that is not one of them → 422, never
 * re-pointed), then deletions, updates, inserts, each group in payload
 * order. Deletions use the delete procedure of 02 §8 after the child's own
 * delete permission (07 §6.5); creates and updates go through the same stages
 * as a top-level row, their permission checks included.
 */
@Injectable()
export class ChildRowsWriter {
  constructor(private readonly deletes: DeleteRecordStage) {}

  async run(parent: WriteContext, write: ChildRowsWrite, writeRow: RowWrite): Promise<void> {
    const key = parentKeyOf(parent, write);
    const ops = childOperations(write, await this.currentChildren(parent.trx, write, key));
    if (ops.problems.length > 0) throw Errors.validation([...ops.problems]);
    const target = write.relation.target;
    for (const { path, current } of ops.deletes) {
      await atRowPath(target, path, () => this.deletes.deleteChild(parent, target, current, path));
    }
    for (const { path, current, plan } of ops.updates) {
      const child = parent.child('update', target, path, current);
      child.usePlan(plan); // the FK was stripped in phase 1: no re-parenting
      await atRowPath(target, path, () => writeRow(child));
    }
    for (const { path, plan } of ops.inserts) {
      const child = parent.child('create', target, path);
      child.usePlan(plan);
      child.values.set(targetKeyOf(write.relation), key);
      await atRowPath(target, path, () => writeRow(child));
    }
  }

  private async currentChildren(db: AnyDb, write: ChildRowsWrite, key: unknown): Promise<Row[]> {
    if (key === null) return []; // nothing points at a missing key
    const pks = childrenToLoad(write);
    if (pks?.length === 0) return [];
    return currentChildrenQuery(db, write.relation, key, pks).execute();
  }
}
