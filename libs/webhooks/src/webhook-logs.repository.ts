import { Injectable } from '@nestjs/common';
import { ColumnType, Generated, JSONColumnType, Kysely, sql } from 'kysely';
import { Db } from './webhooks.repository';
import { DeliverySource, DeliveryStatus, WebhookLogRow } from './webhook.types';

/** `_webhook_logs` as Kysely sees it (06 §1). */
interface WebhookLogsTable {
  id: Generated<string>;
  webhook_id: string | null;
  source: ColumnType<DeliverySource, DeliverySource, DeliverySource>;
  connector: string | null;
  entity: string;
  hook: string;
  record_id: string | null;
  url: string;
  method: string;
  request_headers: JSONColumnType<Record<string, string>>;
  request_body: ColumnType<unknown, string | null, string | null>;
  response_status: number | null;
  response_body: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus, DeliveryStatus>;
  attempt: number;
  max_attempts: number;
  backoff: string;
  next_retry_at: Date | null;
  locked_until: Date | null;
  claim_token: string | null;
  error: string;
  idempotency_key: string;
  trace_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

interface WebhookLogsDb {
  _webhook_logs: WebhookLogsTable;
}

function typed(db: Db): Kysely<WebhookLogsDb> {
  return db as unknown as Kysely<WebhookLogsDb>;
}

/** Query filters of `GET /webhook-logs` (06 §7.2), already checked. */
export interface WebhookLogFilter {
  webhook_id?: string;
  status?: DeliveryStatus;
  entity?: string;
  source?: string;
  record_id?: string;
  from?: Date;
  to?: Date;
}

/** The outcome of one attempt, as recorded (06 §6.1 step 4). */
export interface AttemptRecord {
  readonly status: 'delivered' | 'retrying' | 'failed';
  readonly responseStatus: number | null;
  readonly responseBody: string;
  readonly error: string;
  /** `retrying`: seconds until the next attempt. */
  readonly retryInSeconds?: number;
}

/** A synchronous call's log row (06 §6.3), written after the write's transaction ended. */
export interface SyncLogRecord {
  readonly id: string;
  readonly webhookId: string;
  readonly entity: string;
  readonly hook: string;
  readonly recordId: string | null;
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly delivered: boolean;
  readonly responseStatus: number | null;
  readonly responseBody: string;
  readonly error: string;
  readonly idempotencyKey: string;
  readonly traceId: string;
}

const DUE = sql<boolean>`(status IN ('pending', 'retrying') AND next_retry_at <= now())
  OR (status = 'delivering' AND locked_until < now())`;

/**
 * When the earliest delivery is or becomes due, in the terms of DUE: a
 * waiting row at `next_retry_at`, a leased one when its lease runs out.
 * The background engine's probe (JobQueue.dueAtSql); each half is answered
 * by its partial index.
 */
export const DUE_AT_SQL = `LEAST(
  (SELECT min(next_retry_at) FROM _webhook_logs WHERE status IN ('pending', 'retrying')),
  (SELECT min(locked_until) FROM _webhook_logs WHERE status = 'delivering'))`;

export const CLEANUP_BATCH = 10_000;

/**
 * `_webhook_logs` of an app: the outbox claims of 06 §6.1, attempt records,
 * admin reads and retries, retention. Plain typed rows, no decisions.
 */
@Injectable()
export class WebhookLogsRepository {
  /**
   * 06 §6.1 step 2, one statement: due rows and rows whose lease ran out,
   * oldest due first, rows other processes hold skipped. A reclaimed lease
   * does not count a new attempt.
   */
  claimQuery(db: Db, token: string, leaseSeconds: number, limit: number) {
    return sql<WebhookLogRow>`UPDATE _webhook_logs
   SET attempt = CASE WHEN status = 'delivering' THEN attempt ELSE attempt + 1 END,
       status = 'delivering', claim_token = ${token},
       locked_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
 WHERE id IN (SELECT id FROM _webhook_logs
               WHERE ${DUE}
               ORDER BY next_retry_at LIMIT ${limit}
               FOR UPDATE SKIP LOCKED)
RETURNING *`;
  }

  async claim(db: Db, token: string, leaseSeconds: number, limit: number): Promise<WebhookLogRow[]> {
    return (await this.claimQuery(db, token, leaseSeconds, limit).execute(db)).rows;
  }

  /** 06 §6.1 step 4: only while the claim is still ours. False when it was not. */
  async record(db: Db, id: string, token: string, outcome: AttemptRecord): Promise<boolean> {
    const next =
      outcome.status === 'retrying'
        ? sql<Date>`now() + make_interval(secs => ${outcome.retryInSeconds ?? 0})`
        : sql<null>`NULL`;
    const result = await typed(db)
      .updateTable('_webhook_logs')
      .set({
        status: outcome.status,
        response_status: outcome.responseStatus,
        response_body: outcome.responseBody,
        error: outcome.error,
        next_retry_at: next,
        locked_until: null,
        claim_token: null,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** An interrupted attempt (shutdown): the lease ends now, the next claim takes it back without a new attempt. */
  async releaseLease(db: Db, id: string, token: string): Promise<void> {
    await typed(db)
      .updateTable('_webhook_logs')
      .set({ locked_until: sql<Date>`now()` })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .execute();
  }

  async hasDue(db: Db): Promise<boolean> {
    const row = await typed(db).selectFrom('_webhook_logs').select('id').where(DUE).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** 06 §6.3: a synchronous call's trace, on a connection of its own. */
  async insertSync(db: Db, log: SyncLogRecord): Promise<void> {
    await typed(db)
      .insertInto('_webhook_logs')
      .values({
        id: log.id,
        webhook_id: log.webhookId,
        source: 'webhook',
        connector: null,
        entity: log.entity,
        hook: log.hook,
        record_id: log.recordId,
        url: log.url,
        method: log.method,
        request_headers: JSON.stringify(log.headers),
        request_body: JSON.stringify(log.body ?? null),
        response_status: log.responseStatus,
        response_body: log.responseBody,
        status: log.delivered ? 'delivered' : 'failed',
        attempt: 1,
        max_attempts: 1,
        backoff: 'exponential',
        next_retry_at: null,
        locked_until: null,
        claim_token: null,
        error: log.error,
        idempotency_key: log.idempotencyKey,
        trace_id: log.traceId,
      })
      .execute();
  }

  /** 06 §6.4: a deleted webhook's queued deliveries end, in the delete's transaction. */
  async failQueuedOf(db: Db, webhookId: string): Promise<void> {
    await typed(db)
      .updateTable('_webhook_logs')
      .set({ status: 'failed', error: 'webhook deleted', next_retry_at: null, updated_at: sql<Date>`now()` })
      .where('webhook_id', '=', webhookId)
      .where('status', 'in', ['pending', 'retrying'])
      .execute();
  }

  private filtered(db: Db, filter: WebhookLogFilter) {
    let query = typed(db).selectFrom('_webhook_logs');
    if (filter.webhook_id !== undefined) query = query.where('webhook_id', '=', filter.webhook_id);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
    if (filter.source !== undefined) query = query.where('source', '=', filter.source as DeliverySource);
    if (filter.record_id !== undefined) query = query.where('record_id', '=', filter.record_id);
    if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('created_at', '<=', filter.to);
    return query;
  }

  /** Newest first (06 §7.2). */
  listQuery(db: Db, filter: WebhookLogFilter, page: number, perPage: number) {
    return this.filtered(db, filter)
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(perPage)
      .offset((page - 1) * perPage);
  }

  async list(db: Db, filter: WebhookLogFilter, page: number, perPage: number): Promise<WebhookLogRow[]> {
    return await this.listQuery(db, filter, page, perPage).execute();
  }

  async count(db: Db, filter: WebhookLogFilter): Promise<number> {
    const row = await this.filtered(db, filter)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async get(db: Db, id: string): Promise<WebhookLogRow | undefined> {
    return await typed(db).selectFrom('_webhook_logs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * 06 §7.2 manual retry: exactly one more attempt, due now. Only failed or
   * retrying rows of asynchronous deliveries; undefined when the row is not one.
   */
  async retry(db: Db, id: string): Promise<WebhookLogRow | undefined> {
    return await typed(db)
      .updateTable('_webhook_logs')
      .set({
        status: 'retrying',
        next_retry_at: sql<Date>`now()`,
        max_attempts: sql<number>`GREATEST(max_attempts, attempt + 1)`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'retrying'])
      .where('hook', 'not in', ['before_write', 'before_delete'])
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * 06 §6.5: terminal rows older than `days`, in batches, by one process at
   * a time (a session advisory lock on one connection). Returns how many went,
   * or null when another process holds the lock.
   */
  async deleteExpired(db: Db, days: number): Promise<number | null> {
    return (db as Kysely<WebhookLogsDb>).connection().execute(async (conn) => {
      const lock = await sql<{
        locked: boolean;
      }>`SELECT pg_try_advisory_lock(hashtext('rocket:webhook_log_cleanup')) AS locked`.execute(conn);
      if (!lock.rows[0]?.locked) return null;
      try {
        let total = 0;
        for (;;) {
          const result = await sql`DELETE FROM _webhook_logs WHERE id IN (
            SELECT id FROM _webhook_logs
             WHERE status IN ('delivered', 'failed') AND created_at < now() - make_interval(days => ${days})
             LIMIT ${CLEANUP_BATCH})`.execute(conn);
          const n = Number(result.numAffectedRows ?? 0n);
          total += n;
          if (n < CLEANUP_BATCH) return total;
        }
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtext('rocket:webhook_log_cleanup'))`.execute(conn);
      }
    });
  }
}
