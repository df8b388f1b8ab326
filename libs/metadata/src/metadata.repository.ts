import { Injectable } from '@nestjs/common';
import { sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { EntityDefinition, RelationDefinition } from './definitions/definition.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AnyDb | Transaction<any>;

export interface EntityRow {
  name: string;
  table_name: string;
  definition: EntityDefinition;
  created_at: Date;
  updated_at: Date;
}

export interface RelationRow {
  name: string;
  source: string;
  target: string;
  definition: RelationDefinition;
  created_at: Date;
  updated_at: Date;
}

/** `_entities`, `_relations` and `_meta_version` of an app (01 §1, 13 §9.4). */
@Injectable()
export class MetadataRepository {
  async entityRows(db: Db): Promise<EntityRow[]> {
    return (await db.selectFrom('_entities').selectAll().orderBy('name').execute()) as EntityRow[];
  }

  async entityRow(db: Db, name: string): Promise<EntityRow | undefined> {
    return (await db.selectFrom('_entities').selectAll().where('name', '=', name).executeTakeFirst()) as
      EntityRow | undefined;
  }

  async relationRows(db: Db): Promise<RelationRow[]> {
    return (await db.selectFrom('_relations').selectAll().orderBy('name').execute()) as RelationRow[];
  }

  async relationRow(db: Db, name: string): Promise<RelationRow | undefined> {
    return (await db.selectFrom('_relations').selectAll().where('name', '=', name).executeTakeFirst()) as
      RelationRow | undefined;
  }

  async insertEntity(db: Db, def: EntityDefinition): Promise<void> {
    await db
      .insertInto('_entities')
      .values({ name: def.name, table_name: def.table, definition: JSON.stringify(def) })
      .execute();
  }

  async updateEntity(db: Db, def: EntityDefinition): Promise<void> {
    await db
      .updateTable('_entities')
      .set({ definition: JSON.stringify(def), table_name: def.table, updated_at: sql`NOW()` })
      .where('name', '=', def.name)
      .execute();
  }

  async deleteEntity(db: Db, name: string): Promise<void> {
    await db
      .deleteFrom('_relations')
      .where((eb) => eb.or([eb('source', '=', name), eb('target', '=', name)]))
      .execute();
    await db.deleteFrom('_ui_configs').where('entity', '=', name).execute();
    await db.deleteFrom('_entities').where('name', '=', name).execute();
  }

  async insertRelation(db: Db, def: RelationDefinition): Promise<void> {
    await db
      .insertInto('_relations')
      .values({ name: def.name, source: def.source, target: def.target, definition: JSON.stringify(def) })
      .execute();
  }

  async updateRelation(db: Db, def: RelationDefinition): Promise<void> {
    await db
      .updateTable('_relations')
      .set({ definition: JSON.stringify(def), updated_at: sql`NOW()` })
      .where('name', '=', def.name)
      .execute();
  }

  async deleteRelation(db: Db, name: string): Promise<void> {
    await db.deleteFrom('_relations').where('name', '=', name).execute();
  }

  /** Every metadata transaction moves the version on; the registry carries it. */
  async bumpVersion(db: Db): Promise<number> {
    const row = await db
      .updateTable('_meta_version')
      .set({ version: sql`version + 1`, updated_at: sql`NOW()` })
      .where('id', '=', 1)
      .returning('version')
      .executeTakeFirstOrThrow();
    return Number(row.version);
  }

  async version(db: Db): Promise<number> {
    const row = await db.selectFrom('_meta_version').select('version').where('id', '=', 1).executeTakeFirst();
    return Number(row?.version ?? 0);
  }
}
