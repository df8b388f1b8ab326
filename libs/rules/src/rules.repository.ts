import { Injectable } from '@nestjs/common';
import { ColumnType, Generated, JSONColumnType, Kysely, sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { RuleHook, RuleInput, RuleRow, RuleType } from './rule.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

/** `_rules` as Kysely sees it (04 §1.1). */
interface RulesTable {
  id: Generated<string>;
  entity: string;
  hook: ColumnType<RuleHook, RuleHook, RuleHook>;
  type: ColumnType<RuleType, RuleType, RuleType>;
  /** Written as JSON text: pg would send a JS array as a Postgres array literal. */
  definition: JSONColumnType<Record<string, unknown>>;
  priority: number;
  active: boolean;
  created_at: ColumnType<Date, Date | undefined, Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

interface RulesDb {
  _rules: RulesTable;
}

/** Query-string filters of `GET /rules` (04 §1.9), already checked. */
export interface RuleFilter {
  entity?: string;
  hook?: string;
  type?: string;
  active?: boolean;
}

const COLUMNS = [
  'id',
  'entity',
  'hook',
  'type',
  'definition',
  'priority',
  'active',
  'created_at',
  'updated_at',
] as const;

/** The app database typed for this table only: tenant databases have no static schema. */
function typed(db: Db): Kysely<RulesDb> {
  return db as unknown as Kysely<RulesDb>;
}

/** `_rules` of an app (04 §1.1): plain typed rows, no logic. */
@Injectable()
export class RulesRepository {
  /** Admin list order (04 §1.9): entity, priority, created_at, then id for a stable order. */
  listQuery(db: Db, filter: RuleFilter = {}) {
    let query = typed(db).selectFrom('_rules').select(COLUMNS);
    if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
    if (filter.hook !== undefined) query = query.where('hook', '=', filter.hook as RuleHook);
    if (filter.type !== undefined) query = query.where('type', '=', filter.type as RuleType);
    if (filter.active !== undefined) query = query.where('active', '=', filter.active);
    return query.orderBy('entity').orderBy('priority').orderBy('created_at').orderBy('id');
  }

  list(db: Db, filter: RuleFilter = {}): Promise<RuleRow[]> {
    return this.listQuery(db, filter).execute();
  }

  /** What the rule sets compile: the active rules of every entity. */
  active(db: Db): Promise<RuleRow[]> {
    return this.list(db, { active: true });
  }

  get(db: Db, id: string): Promise<RuleRow | undefined> {
    return typed(db).selectFrom('_rules').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** clock_timestamp(), not now(): rules imported in one transaction keep their document order (04 §1.7). */
  insertQuery(db: Db, rule: RuleInput) {
    const at = sql<Date>`clock_timestamp()`;
    return typed(db)
      .insertInto('_rules')
      .values({ ...toColumns(rule), created_at: at, updated_at: at })
      .returning(COLUMNS);
  }

  insert(db: Db, rule: RuleInput): Promise<RuleRow> {
    return this.insertQuery(db, rule).executeTakeFirstOrThrow();
  }

  updateQuery(db: Db, id: string, rule: RuleInput) {
    return typed(db)
      .updateTable('_rules')
      .set({ ...toColumns(rule), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returning(COLUMNS);
  }

  update(db: Db, id: string, rule: RuleInput): Promise<RuleRow | undefined> {
    return this.updateQuery(db, id, rule).executeTakeFirst();
  }

  deleteQuery(db: Db, id: string) {
    return typed(db).deleteFrom('_rules').where('id', '=', id);
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await this.deleteQuery(db, id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toColumns(rule: RuleInput) {
  return {
    entity: rule.entity,
    hook: rule.hook,
    type: rule.type,
    definition: JSON.stringify(rule.definition),
    priority: rule.priority,
    active: rule.active,
  };
}
