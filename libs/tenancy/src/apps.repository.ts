import { Injectable, OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { DatabaseService, SystemSchema } from '@rocket/database';

export type AppStatus = 'provisioning' | 'active' | 'deleting';

/** A row of `_apps` in the management database (08 §1). */
export interface AppRecord {
  name: string;
  display_name: string;
  db_name: string;
  jwt_key_id: string;
  db_driver: string;
  status: AppStatus;
  limits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const APPS_DDL = [
  `CREATE TABLE IF NOT EXISTS _apps (
    name         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    db_name      TEXT NOT NULL UNIQUE,
    jwt_key_id   TEXT NOT NULL,
    db_driver    TEXT NOT NULL DEFAULT 'postgres',
    status       TEXT NOT NULL DEFAULT 'provisioning',
    limits       JSONB NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ DEFAULT NOW(),
    updated_at   TIMESTAMPTZ DEFAULT NOW()
  )`,
];

/** The `_apps` table: the directory of tenant apps. */
@Injectable()
export class AppsRepository implements OnModuleInit {
  constructor(
    private readonly database: DatabaseService,
    private readonly schema: SystemSchema,
  ) {}

  onModuleInit(): void {
    this.schema.contribute({ scope: 'management', name: 'apps', order: 10, ddl: APPS_DDL });
  }

  private get db() {
    return this.database.management.db;
  }

  async find(name: string): Promise<AppRecord | undefined> {
    return (await this.db.selectFrom('_apps').selectAll().where('name', '=', name).executeTakeFirst()) as
      AppRecord | undefined;
  }

  async list(): Promise<AppRecord[]> {
    return (await this.db.selectFrom('_apps').selectAll().orderBy('name').execute()) as AppRecord[];
  }

  /** Active apps with their databases (the background sweep). */
  async listActive(): Promise<Pick<AppRecord, 'name' | 'db_name'>[]> {
    return this.db
      .selectFrom('_apps')
      .select(['name', 'db_name'])
      .where('status', '=', 'active')
      .orderBy('name')
      .execute();
  }

  /** Inserts a provisioning row; the primary key is the lock against a concurrent create. */
  async insert(
    app: Pick<AppRecord, 'name' | 'display_name' | 'db_name' | 'jwt_key_id' | 'db_driver'>,
  ): Promise<boolean> {
    const result = await this.db
      .insertInto('_apps')
      .values({ ...app, status: 'provisioning' })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async setStatus(name: string, status: AppStatus): Promise<AppRecord | undefined> {
    return (await this.db
      .updateTable('_apps')
      .set({ status, updated_at: sql`NOW()` })
      .where('name', '=', name)
      .returningAll()
      .executeTakeFirst()) as AppRecord | undefined;
  }

  async delete(name: string): Promise<void> {
    await this.db.deleteFrom('_apps').where('name', '=', name).execute();
  }
}
