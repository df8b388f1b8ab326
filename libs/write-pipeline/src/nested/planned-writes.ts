import { CompiledEntity } from '@rocket/metadata';
import { WriteAction } from '../write-context';
import { RowPlan } from './nested-plan';

/** One child operation a nested-write plan will perform (02 §7.2 phase 1). */
export interface PlannedChildWrite {
  readonly entity: CompiledEntity;
  readonly action: WriteAction;
  /** The first payload path naming it. */
  readonly path: string;
}

/**
 * The distinct (child entity, operation) pairs of a validated plan, depth
 * first in payload order: what the role-level checks of 07 §6.5 need before
 * the transaction. M:N link changes are not child writes (they ride on the
 * parent's own operation), and replace-mode removals are only known once the
 * current children are loaded: the row checks cover those.
 */
export function plannedChildWrites(plan: RowPlan | undefined): PlannedChildWrite[] {
  const found = new Map<string, PlannedChildWrite>();
  const walk = (row: RowPlan | undefined) => {
    for (const write of row?.nested ?? []) {
      if (write.kind !== 'rows') continue;
      const entity = write.relation.target;
      for (const child of write.rows) {
        const key = `${entity.name}\u0000${child.op}`;
        if (!found.has(key)) found.set(key, { entity, action: child.op, path: child.path });
        if (child.op !== 'delete') walk(child.plan);
      }
    }
  };
  walk(plan);
  return [...found.values()];
}
