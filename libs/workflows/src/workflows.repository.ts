import { Injectable } from '@nestjs/common';
import { sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { WorkflowInput, WorkflowRow } from './definition/workflow.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

const COLUMNS = ['id', 'name', 'trigger', 'context', 'steps', 'active', 'created_at', 'updated_at'] as const;

/** Filters of `GET /_admin/workflows` (05 §3), already checked. */
export interface WorkflowFilter {
  entity?: string;
  active?: boolean;
}

/** `_workflows` (05 §1): plain typed rows, JSONB parsed by the driver. */
@Injectable()
export class WorkflowsRepository {
  async list(db: Db, filter: WorkflowFilter = {}): Promise<WorkflowRow[]> {
    let query = db.selectFrom('_workflows').select(COLUMNS).orderBy('name');
    if (filter.entity !== undefined) query = query.where(sql`trigger->>'entity'`, '=', filter.entity);
    if (filter.active !== undefined) query = query.where('active', '=', filter.active);
    return await query.execute();
  }

  async find(db: Db, id: string): Promise<WorkflowRow | undefined> {
    return await db.selectFrom('_workflows').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  async findByName(db: Db, name: string): Promise<WorkflowRow | undefined> {
    return await db.selectFrom('_workflows').select(COLUMNS).where('name', '=', name).executeTakeFirst();
  }

  async insert(db: Db, input: WorkflowInput): Promise<WorkflowRow> {
    return await db.insertInto('_workflows').values(columnsOf(input)).returning(COLUMNS).executeTakeFirstOrThrow();
  }

  async update(db: Db, id: string, input: WorkflowInput): Promise<WorkflowRow | undefined> {
    return await db
      .updateTable('_workflows')
      .set({ ...columnsOf(input), updated_at: sql`NOW()` })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst();
  }

  async delete(db: Db, id: string): Promise<boolean> {
    return (await db.deleteFrom('_workflows').where('id', '=', id).returning('id').executeTakeFirst()) !== undefined;
  }
}

function columnsOf(input: WorkflowInput) {
  return {
    name: input.name,
    trigger: JSON.stringify(input.trigger),
    context: JSON.stringify(input.context),
    steps: JSON.stringify(input.steps),
    active: input.active,
  };
}
