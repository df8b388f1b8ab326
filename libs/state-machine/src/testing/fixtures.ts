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
import { buildRegistry, EntityDefinition, Registry } from '@rocket/metadata';
import { BUILT_IN_ENV_DENY, SecretReferences } from '@rocket/outbound';
import { StateMachineInput, StateMachineRow } from '../definition/machine.types';

/** Metadata shaped like the invoice scenario of 04 §2.2, plus a child entity and a task entity. */
export const ENTITIES: EntityDefinition[] = [
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'number', type: 'string', required: true },
      { name: 'status', type: 'string', required: true, default: 'paid', enum: ['draft', 'sent', 'paid', 'void'] },
      { name: 'approval', type: 'string' },
      { name: 'note', type: 'text', required: true },
      { name: 'total', type: 'decimal', precision: 2, default: 0 },
      { name: 'count', type: 'int' },
      { name: 'payment_date', type: 'date' },
      { name: 'sent_at', type: 'timestamp' },
      { name: 'sent_on', type: 'date' },
      { name: 'label', type: 'string' },
      { name: 'secret', type: 'string', sensitive: true },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
      { name: 'updated_at', type: 'timestamp', auto: 'update' },
    ],
  },
  {
    name: 'item',
    table: 'items',
    primary_key: { field: 'id', type: 'int', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'invoice_id', type: 'uuid', required: true },
      { name: 'state', type: 'string' },
    ],
  },
  {
    name: 'task',
    table: 'tasks',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'title', type: 'string', required: true },
      { name: 'invoice_id', type: 'uuid' },
      { name: 'due', type: 'date' },
    ],
  },
];

export function registry(version = 1, entities: EntityDefinition[] = ENTITIES): Registry {
  return buildRegistry(version, entities, []);
}

/** The secret policy of a server that allows every name but the built-in denied ones, and `extraDeny`. */
export function secrets(extraDeny: string[] = []): SecretReferences {
  return new SecretReferences({ allow: ['*'], deny: [...BUILT_IN_ENV_DENY, ...extraDeny] });
}

let nextId = 1;

/** A stored machine row around a definition. */
export function machineRow(input: Partial<StateMachineRow> & Pick<StateMachineInput, 'definition'>): StateMachineRow {
  const n = nextId++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    entity: 'invoice',
    field: 'status',
    active: true,
    created_at: new Date('2026-02-08T10:00:00.000Z'),
    updated_at: new Date('2026-02-08T10:00:00.000Z'),
    ...input,
  };
}

export interface ExecutedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** A Kysely that records every statement and answers from a script: specs without a database. */
export function recordingDb(answer: (query: ExecutedQuery) => Record<string, unknown>[] = () => []) {
  const executed: ExecutedQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const query = { sql: compiled.sql, parameters: compiled.parameters };
      executed.push(query);
      const rows = answer(query) as R[];
      return Promise.resolve({ rows, numAffectedRows: BigInt(rows.length) });
    },
    streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('not supported');
    },
  };
  class RecordingDriver extends DummyDriver {
    override acquireConnection(): Promise<DatabaseConnection> {
      return Promise.resolve(connection);
    }
  }
  const db: AnyDb = new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new RecordingDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, executed };
}
