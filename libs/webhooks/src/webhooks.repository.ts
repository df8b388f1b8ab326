import { Injectable } from '@nestjs/common';
import { ColumnType, Generated, JSONColumnType, Kysely, sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { RetryPolicy, WebhookHook, WebhookInput, WebhookMethod, WebhookRow } from './webhook.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

/** `_webhooks` as Kysely sees it (06 §1). */
interface WebhooksTable {
  id: Generated<string>;
  entity: string;
  hook: ColumnType<WebhookHook, WebhookHook, WebhookHook>;
  url: string;
  method: ColumnType<WebhookMethod, WebhookMethod, WebhookMethod>;
  /** Written as JSON text, read back as objects. */
  headers: JSONColumnType<Record<string, string>>;
  condition: string;
  async: boolean;
  retry: JSONColumnType<RetryPolicy>;
  active: boolean;
  created_at: ColumnType<Date, Date | undefined, Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

interface WebhooksDb {
  _webhooks: WebhooksTable;
}

/** Query filters of `GET /webhooks` (06 §7.1), already checked. */
export interface WebhookFilter {
  entity?: string;
  hook?: string;
  active?: boolean;
}

const COLUMNS = [
  'id',
  'entity',
  'hook',
  'url',
  'method',
  'headers',
  'condition',
  'async',
  'retry',
  'active',
  'created_at',
  'updated_at',
] as const;

/** The app database typed for this table only: tenant databases have no static schema. */
function typed(db: Db): Kysely<WebhooksDb> {
  return db as unknown as Kysely<WebhooksDb>;
}

/** `_webhooks` of an app: plain typed rows, no logic. */
@Injectable()
export class WebhooksRepository {
  /** Admin order (06 §7.1): entity, hook, created_at, then id for a stable order. */
  listQuery(db: Db, filter: WebhookFilter = {}) {
    let query = typed(db).selectFrom('_webhooks').select(COLUMNS);
    if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
    if (filter.hook !== undefined) query = query.where('hook', '=', filter.hook as WebhookHook);
    if (filter.active !== undefined) query = query.where('active', '=', filter.active);
    return query.orderBy('entity').orderBy('hook').orderBy('created_at').orderBy('id');
  }

  list(db: Db, filter: WebhookFilter = {}): Promise<WebhookRow[]> {
    return this.listQuery(db, filter).execute();
  }

  get(db: Db, id: string): Promise<WebhookRow | undefined> {
    return typed(db).selectFrom('_webhooks').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** clock_timestamp(): webhooks imported in one transaction keep their order (sync hooks run in created_at order). */
  insertQuery(db: Db, webhook: WebhookInput) {
    const at = sql<Date>`clock_timestamp()`;
    return typed(db)
      .insertInto('_webhooks')
      .values({ ...toColumns(webhook), created_at: at, updated_at: at })
      .returning(COLUMNS);
  }

  insert(db: Db, webhook: WebhookInput): Promise<WebhookRow> {
    return this.insertQuery(db, webhook).executeTakeFirstOrThrow();
  }

  updateQuery(db: Db, id: string, webhook: WebhookInput) {
    return typed(db)
      .updateTable('_webhooks')
      .set({ ...toColumns(webhook), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returning(COLUMNS);
  }

  update(db: Db, id: string, webhook: WebhookInput): Promise<WebhookRow | undefined> {
    return this.updateQuery(db, id, webhook).executeTakeFirst();
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await typed(db).deleteFrom('_webhooks').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toColumns(webhook: WebhookInput) {
  return {
    entity: webhook.entity,
    hook: webhook.hook,
    url: webhook.url,
    method: webhook.method,
    headers: JSON.stringify(webhook.headers),
    condition: webhook.condition,
    async: webhook.async,
    retry: JSON.stringify(webhook.retry),
    active: webhook.active,
  };
}
