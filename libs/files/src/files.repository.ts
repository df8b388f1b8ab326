import { Injectable } from '@nestjs/common';
import { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

interface FilesDb {
  _files: {
    id: string;
    filename: string;
    storage_path: string;
    mime_type: string;
    /** BIGINT arrives as text (INT8 parser, libs/database). */
    size: ColumnType<string, number, never>;
    uploaded_by: string | null;
    created_at: ColumnType<Date, never, never>;
  };
}

type FileRow = Selectable<FilesDb['_files']>;

/** One `_files` row, size as a number. */
export interface StoredFile {
  id: string;
  filename: string;
  storage_path: string;
  mime_type: string;
  size: number;
  uploaded_by: string | null;
  created_at: Date;
}

/** What a `file` field stores (08 §10.1). */
export interface FileValue {
  id: string;
  filename: string;
  size: number;
  mime_type: string;
}

export type NewFile = Omit<StoredFile, 'created_at'>;

function typed(db: Db): Kysely<FilesDb> {
  return db as unknown as Kysely<FilesDb>;
}

function toStored(row: FileRow): StoredFile {
  return { ...row, size: Number(row.size) };
}

/** `_files` of an app (08 §10.2): plain typed rows, no logic. */
@Injectable()
export class FilesRepository {
  async insert(db: Db, file: NewFile): Promise<StoredFile> {
    const row = await typed(db).insertInto('_files').values(file).returningAll().executeTakeFirstOrThrow();
    return toStored(row);
  }

  async get(db: Db, id: string): Promise<StoredFile | undefined> {
    const row = await typed(db).selectFrom('_files').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStored(row);
  }

  /** The `file` field values of the given ids (the ones that exist). */
  async values(db: Db, ids: readonly string[]): Promise<Map<string, FileValue>> {
    if (ids.length === 0) return new Map();
    const rows = await typed(db)
      .selectFrom('_files')
      .select(['id', 'filename', 'size', 'mime_type'])
      .where('id', 'in', ids)
      .execute();
    return new Map(
      rows.map((r) => [r.id, { id: r.id, filename: r.filename, size: Number(r.size), mime_type: r.mime_type }]),
    );
  }

  /** Deletes a row; returns it if there was one. */
  async delete(db: Db, id: string): Promise<StoredFile | undefined> {
    const row = await typed(db).deleteFrom('_files').where('id', '=', id).returningAll().executeTakeFirst();
    return row && toStored(row);
  }

  /** Newest first, id as tie-breaker (08 §10.7). */
  async page(db: Db, offset: number, limit: number): Promise<StoredFile[]> {
    const rows = await typed(db)
      .selectFrom('_files')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map(toStored);
  }

  async count(db: Db): Promise<number> {
    const row = await typed(db)
      .selectFrom('_files')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
