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

/**
 * A Kysely whose queries are recorded and answered by `answer` (rows for the
 * compiled SQL): lets loader and service specs run without a database.
 */
export function scriptedDb(answer: (query: ExecutedQuery) => Record<string, unknown>[]): {
  db: AnyDb;
  executed: ExecutedQuery[];
} {
  const executed: ExecutedQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const query = { sql: compiled.sql, parameters: compiled.parameters };
      executed.push(query);
      return Promise.resolve({ rows: answer(query) as R[] });
    },
    streamQuery(): never {
      throw new Error('not supported');
    },
  };
  class ScriptedDriver extends DummyDriver {
    override acquireConnection(): Promise<DatabaseConnection> {
      return Promise.resolve(connection);
    }
  }
  const db = new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new ScriptedDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, executed };
}

export { sqlOnlyDb } from '@rocket/database';
