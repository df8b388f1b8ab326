import { Injectable } from '@nestjs/common';
import { ColumnType, Generated, JSONColumnType, Kysely, sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { PermissionAction, PermissionInput, PermissionRow, StoredCondition } from './permission.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

/** `_permissions` as Kysely sees it (07 §1, 12 §1.1). */
interface PermissionsTable {
  id: Generated<string>;
  entity: string;
  action: ColumnType<PermissionAction, PermissionAction, PermissionAction>;
  roles: string[];
  /** JSONB columns are written as JSON text: pg would send a JS array as a Postgres array literal. */
  conditions: JSONColumnType<StoredCondition[]>;
  fields: ColumnType<unknown, string | null, string | null>;
  masks: ColumnType<unknown, string, string>;
  field_rules: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, Date | undefined, Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

interface PermissionsDb {
  _permissions: PermissionsTable;
}

const COLUMNS = [
  'id',
  'entity',
  'action',
  'roles',
  'conditions',
  'fields',
  'masks',
  'field_rules',
  'created_at',
  'updated_at',
] as const;

function typed(db: Db): Kysely<PermissionsDb> {
  return db as unknown as Kysely<PermissionsDb>;
}

/** `_permissions` of an app: plain typed rows, no logic. */
@Injectable()
export class PermissionsRepository {
  /** Admin list order (07 §8): entity, action, created_at; id keeps ties stable. */
  listQuery(db: Db) {
    return typed(db)
      .selectFrom('_permissions')
      .select(COLUMNS)
      .orderBy('entity')
      .orderBy('action')
      .orderBy('created_at')
      .orderBy('id');
  }

  list(db: Db): Promise<PermissionRow[]> {
    return this.listQuery(db).execute();
  }

  get(db: Db, id: string): Promise<PermissionRow | undefined> {
    return typed(db).selectFrom('_permissions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** clock_timestamp(), not now(): policies imported in one transaction keep their document order. */
  insertQuery(db: Db, policy: PermissionInput) {
    const at = sql<Date>`clock_timestamp()`;
    return typed(db)
      .insertInto('_permissions')
      .values({ ...toColumns(policy), created_at: at, updated_at: at })
      .returning(COLUMNS);
  }

  insert(db: Db, policy: PermissionInput): Promise<PermissionRow> {
    return this.insertQuery(db, policy).executeTakeFirstOrThrow();
  }

  updateQuery(db: Db, id: string, policy: PermissionInput) {
    return typed(db)
      .updateTable('_permissions')
      .set({ ...toColumns(policy), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returning(COLUMNS);
  }

  update(db: Db, id: string, policy: PermissionInput): Promise<PermissionRow | undefined> {
    return this.updateQuery(db, id, policy).executeTakeFirst();
  }

  deleteQuery(db: Db, id: string) {
    return typed(db).deleteFrom('_permissions').where('id', '=', id);
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await this.deleteQuery(db, id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toColumns(policy: PermissionInput) {
  return {
    entity: policy.entity,
    action: policy.action,
    roles: policy.roles,
    conditions: JSON.stringify(policy.conditions),
    fields: policy.fields === null ? null : JSON.stringify(policy.fields),
    masks: JSON.stringify(policy.masks),
    field_rules: JSON.stringify(policy.field_rules),
  };
}
