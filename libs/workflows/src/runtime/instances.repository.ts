import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder, sql } from 'kysely';
import { Db } from '../workflows.repository';
import { InstanceRow, NewInstance } from './instance.types';

/** An instance locked for a unit of work, with the transaction's clock (05 §4.2–4.3: one `now` per unit). */
export interface LockedInstance {
  readonly row: InstanceRow;
  readonly now: Date;
}

/** Filters of the instance lists (05 §6.3), already checked. */
export interface InstanceFilter {
  status?: string;
  workflow?: string;
  entity?: string;
  recordId?: string;
}

/** Who asks for `/pending`: everything for admins, else by role or user id (05 §2.5). */
export interface Decider {
  admin: boolean;
  userId: string | null;
  roles: string[];
}

export interface Page {
  page: number;
  perPage: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
type InstanceQuery = SelectQueryBuilder<any, '_workflow_instances', {}>;

/** Backoff after a unit failed for a reason that is not a step failure (05 §4.2). */
const RUN_ERROR_LIMIT = 5;

/** `_workflow_instances` (05 §1). */
@Injectable()
export class InstancesRepository {
  async insert(db: Db, instance: NewInstance): Promise<string> {
    const row = await db
      .insertInto('_workflow_instances')
      .values({
        workflow_id: instance.workflowId,
        workflow_name: instance.workflowName,
        definition: JSON.stringify(instance.definition),
        status: 'running',
        current_step: instance.firstStep,
        context: JSON.stringify(instance.context),
        trigger: JSON.stringify(instance.trigger),
        depth: instance.depth,
        next_run_at: sql`NOW()`,
        trace_id: instance.traceId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id as string;
  }

  /** Ids of due instances (05 §4.2), oldest due first, not locked: the unit locks each with SKIP LOCKED. */
  async dueIds(db: Db, limit: number, skip: readonly string[]): Promise<string[]> {
    let query = db
      .selectFrom('_workflow_instances')
      .select('id')
      .where('status', '=', 'running')
      .where('next_run_at', '<=', sql<Date>`NOW()`)
      .orderBy('next_run_at')
      .limit(limit);
    if (skip.length > 0) query = query.where('id', 'not in', skip);
    return (await query.execute()).map((r) => r.id as string);
  }

  async hasDue(db: Db): Promise<boolean> {
    const { rows } = await sql<{ due: boolean }>`SELECT EXISTS (
      SELECT 1 FROM _workflow_instances WHERE status = 'running' AND next_run_at <= NOW()
    ) AS due`.execute(db);
    return rows[0]?.due === true;
  }

  /** The unit's lock (05 §4.2): the instance if it is still due and no other process holds it. */
  async lockDue(trx: Db, id: string): Promise<LockedInstance | undefined> {
    const row = await trx
      .selectFrom('_workflow_instances')
      .selectAll()
      .select(sql<Date>`NOW()`.as('unit_now'))
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('next_run_at', '<=', sql<Date>`NOW()`)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    return row ? locked(row) : undefined;
  }

  /** A decision's lock (05 §5.1): waits at most 5 s, then the caller answers 409. */
  async lockForDecision(trx: Db, id: string): Promise<LockedInstance | undefined> {
    await sql`SET LOCAL lock_timeout = '5s'`.execute(trx);
    const row = await trx
      .selectFrom('_workflow_instances')
      .selectAll()
      .select(sql<Date>`NOW()`.as('unit_now'))
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? locked(row) : undefined;
  }

  /** Writes what a unit changed. */
  async save(trx: Db, row: InstanceRow): Promise<void> {
    await trx
      .updateTable('_workflow_instances')
      .set({
        status: row.status,
        current_step: row.current_step,
        current_step_deadline: row.current_step_deadline,
        assignee: row.assignee === null ? null : JSON.stringify(row.assignee),
        context: JSON.stringify(row.context),
        history: JSON.stringify(row.history),
        error: row.error,
        next_run_at: row.next_run_at,
        resume_action_index: row.resume_action_index,
        updated_at: sql`NOW()`,
      })
      .where('id', '=', row.id)
      .execute();
  }

  /**
   * A unit failed outside any step (lost connection, bug): back off 30 s ×
   * 2^(errors−1), at most 1 h; the fifth error fails the instance (05 §4.2).
   */
  async recordRunError(db: Db, id: string, message: string): Promise<void> {
    await sql`UPDATE _workflow_instances SET
        run_errors = run_errors + 1,
        status = CASE WHEN run_errors + 1 >= ${RUN_ERROR_LIMIT} THEN 'failed' ELSE status END,
        error = CASE WHEN run_errors + 1 >= ${RUN_ERROR_LIMIT} THEN ${message} ELSE error END,
        next_run_at = CASE WHEN run_errors + 1 >= ${RUN_ERROR_LIMIT} THEN NULL
          ELSE NOW() + LEAST(interval '1 hour', interval '30 seconds' * power(2, run_errors)) END,
        updated_at = NOW()
      WHERE id = ${id} AND status = 'running'`.execute(db);
  }

  async find(db: Db, id: string): Promise<InstanceRow | undefined> {
    return (await db.selectFrom('_workflow_instances').selectAll().where('id', '=', id).executeTakeFirst()) as
      InstanceRow | undefined;
  }

  /** `GET /_workflows` (admins): newest first. */
  async list(db: Db, filter: InstanceFilter, page: Page): Promise<{ rows: InstanceRow[]; total: number }> {
    let query = db.selectFrom('_workflow_instances');
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.workflow !== undefined) query = query.where('workflow_name', '=', filter.workflow);
    if (filter.entity !== undefined) query = query.where(sql`trigger->>'entity'`, '=', filter.entity);
    if (filter.recordId !== undefined) query = query.where(sql`trigger->>'record_id'`, '=', filter.recordId);
    return this.paged(query, page);
  }

  /** `GET /_workflows/pending`: running instances paused at an entered approval the caller may decide. */
  async pending(db: Db, decider: Decider, workflow: string | undefined, page: Page) {
    let query = db.selectFrom('_workflow_instances').where('status', '=', 'running').where('assignee', 'is not', null);
    if (workflow !== undefined) query = query.where('workflow_name', '=', workflow);
    if (!decider.admin) {
      const roles = decider.roles.map((r) => r.toLowerCase());
      query = query.where((eb) =>
        eb.or([
          eb.and([
            eb(sql`assignee->>'type'`, '=', 'role'),
            roles.length > 0 ? eb(sql`lower(assignee->>'role')`, 'in', roles) : eb.val(false),
          ]),
          eb.and([eb(sql`assignee->>'type'`, '=', 'user'), eb(sql`assignee->>'user_id'`, '=', decider.userId ?? '')]),
        ]),
      );
    }
    return this.paged(query, page);
  }

  /**
   * 05 §3: deleting a definition cancels its running instances in the same
   * transaction (history entry, nothing due any more).
   */
  async cancelRunningOf(trx: Db, workflowId: string): Promise<number> {
    const result = await sql`UPDATE _workflow_instances SET
        status = 'cancelled',
        history = history || jsonb_build_array(jsonb_build_object(
          'step', current_step, 'status', 'cancelled',
          'at', to_char(NOW() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
        current_step_deadline = NULL, assignee = NULL, next_run_at = NULL, updated_at = NOW()
      WHERE workflow_id = ${workflowId} AND status = 'running'`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  }

  async delete(db: Db, id: string): Promise<boolean> {
    return (
      (await db.deleteFrom('_workflow_instances').where('id', '=', id).returning('id').executeTakeFirst()) !== undefined
    );
  }

  private async paged(query: InstanceQuery, page: Page): Promise<{ rows: InstanceRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.perPage)
        .offset((page.page - 1) * page.perPage)
        .execute(),
      query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as InstanceRow[], total: Number(count.n) };
  }
}

function locked(row: Record<string, unknown>): LockedInstance {
  const { unit_now: now, ...rest } = row;
  return { row: rest as unknown as InstanceRow, now: now as Date };
}
