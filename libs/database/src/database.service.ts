import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kysely, PostgresDialect } from 'kysely';
import { Client, Pool, types } from 'pg';

// DATE stays 'YYYY-MM-DD' (no time-zone shift); NUMERIC and INT8 stay strings
// and are turned into JSON numbers by the record serializer (01 §2.4).
types.setTypeParser(types.builtins.DATE, (v) => v);
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { managementDatabaseName, poolConfig } from './connection-settings';
import { DatabaseServer } from './database-server';
import { quoteIdent } from './identifiers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** One pool over one database, and the Kysely instance on top of it. */
export interface DatabaseHandle {
  name: string;
  db: AnyDb;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * Owns the server connection: the management database handle, pools for app
 * databases (opened on demand by the tenancy registry), CREATE/DROP DATABASE,
 * and the orderly stop of everything at shutdown.
 */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  readonly server: DatabaseServer;
  management!: DatabaseHandle;
  private readonly open = new Set<DatabaseHandle>();

  constructor(
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {
    this.server = new DatabaseServer(config, logger);
  }

  /** Called once by the module factory before anything else touches the database. */
  async start(): Promise<void> {
    await this.server.start();
    this.management = this.openPool(
      managementDatabaseName(this.config),
      this.config.database.pool_size,
      'rocket:management',
    );
  }

  get managementName(): string {
    return this.management.name;
  }

  /** Opens a bounded pool on one database; connections are made lazily. */
  openPool(database: string, max: number, applicationName = `rocket:${database}`): DatabaseHandle {
    const pool = new Pool(poolConfig(this.config, this.server.location, database, max, applicationName));
    // An idle connection can die (server restart, DROP DATABASE … FORCE);
    // without a listener pg would crash the process.
    pool.on('error', (err) => this.logger.warn({ database, err: err.message }, 'Idle database connection failed'));
    const db: AnyDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
    let closed: Promise<void> | undefined;
    const handle: DatabaseHandle = {
      name: database,
      db,
      pool,
      close: () => {
        closed ??= db.destroy().finally(() => this.open.delete(handle));
        return closed;
      },
    };
    this.open.add(handle);
    return handle;
  }

  /**
   * Runs `fn` on one short-lived connection to a database, with the pools'
   * settings: for a single question to an app that is not open (the
   * background sweep's probe), where a pool and its idle connection would
   * outlive their use.
   */
  async withConnection<T>(database: string, applicationName: string, fn: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client(poolConfig(this.config, this.server.location, database, 1, applicationName));
    // A connection that dies between queries must not crash the process.
    client.on('error', (err) => this.logger.warn({ database, err: err.message }, 'Database connection failed'));
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Number of connections held by all pools of this process (for health and bench). */
  connectionCount(): number {
    let total = 0;
    for (const h of this.open) total += h.pool.totalCount;
    return total;
  }

  async createDatabase(name: string): Promise<void> {
    await this.onMaintenance((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  }

  async dropDatabase(name: string): Promise<void> {
    await this.onMaintenance((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  }

  async databaseExists(name: string): Promise<boolean> {
    const found = await this.onMaintenance((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
    return (found.rowCount ?? 0) > 0;
  }

  /** CREATE/DROP DATABASE cannot run in a transaction: use a short dedicated connection. */
  private async onMaintenance<T>(fn: (c: import('pg').Client) => Promise<T>): Promise<T> {
    const client = this.server.maintenanceClient();
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.open].map((h) => h.close()));
    await this.server.stop();
  }
}
