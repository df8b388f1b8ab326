import {
  CompiledQuery,
  DatabaseConnection,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  QueryResult,
} from 'kysely';
import { AnyDb } from '@rocket/database';

export interface ExecutedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** What a scripted query answers: rows, an affected-row count, or an error to throw. */
export type ScriptedAnswer = { rows?: Record<string, unknown>[]; affected?: number } | Error;

/**
 * A Kysely that records every statement (BEGIN/COMMIT/ROLLBACK included) and
 * answers queries from a script: lets pipeline specs run without a database.
 */
export function scriptedDb(answer: (query: ExecutedQuery) => ScriptedAnswer = () => ({ rows: [] })) {
  const log: string[] = [];
  const executed: ExecutedQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const query = { sql: compiled.sql, parameters: compiled.parameters };
      executed.push(query);
      log.push(compiled.sql);
      const result = answer(query);
      if (result instanceof Error) return Promise.reject(result);
      const rows = (result.rows ?? []) as R[];
      const affected = BigInt(result.affected ?? rows.length);
      return Promise.resolve({ rows, numAffectedRows: affected });
    },
    streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('not supported');
    },
  };
  class ScriptedDriver extends DummyDriver {
    override acquireConnection(): Promise<DatabaseConnection> {
      return Promise.resolve(connection);
    }
    override beginTransaction(): Promise<void> {
      log.push('BEGIN');
      return Promise.resolve();
    }
    override commitTransaction(): Promise<void> {
      log.push('COMMIT');
      return Promise.resolve();
    }
    override rollbackTransaction(): Promise<void> {
      log.push('ROLLBACK');
      return Promise.resolve();
    }
  }
  const db: AnyDb = new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new ScriptedDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, executed, log };
}

/** An error shaped like pg's DatabaseError. */
export function pgError(code: string, extra: Record<string, string> = {}): Error {
  return Object.assign(new Error(`pg ${code}`), { code, ...extra });
}
