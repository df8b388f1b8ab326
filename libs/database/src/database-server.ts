import { Client } from 'pg';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RocketConfig } from '@rocket/config';
import { Logger } from '@rocket/logging';
import { EmbeddedPostgres } from './embedded-postgres';
import { managementDatabaseName, ServerLocation, urlForDatabase } from './connection-settings';
import { quoteIdent } from './identifiers';

/**
 * The PostgreSQL server Rocket talks to: the configured one, or an embedded
 * one started under the data folder. Also creates the management database.
 */
export class DatabaseServer {
  private embedded?: EmbeddedPostgres;
  location!: ServerLocation;

  constructor(
    private readonly config: RocketConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const db = this.config.database;
    if (db.url) {
      this.location = { url: db.url };
    } else if (db.embedded) {
      const dir = clusterDirectory(join(this.config.data_dir, 'postgres'), this.logger);
      this.embedded = new EmbeddedPostgres({
        dir,
        log: (m) => this.logger.debug({ component: 'embedded-postgres' }, m),
      });
      const address = await this.embedded.start();
      this.logger.info({ port: address.port }, 'Embedded PostgreSQL started');
      this.location = { address };
    } else {
      this.location = { address: { host: db.host, port: db.port, user: db.user, password: db.password } };
    }
    await this.ensureDatabase(managementDatabaseName(this.config));
  }

  async stop(): Promise<void> {
    if (this.embedded) {
      await this.embedded.stop();
      this.logger.info('Embedded PostgreSQL stopped');
    }
  }

  /** Creates a database unless it exists (management database at boot). */
  private async ensureDatabase(name: string): Promise<void> {
    const client = this.maintenanceClient();
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((err: { code?: string }) => {
          if (err.code !== '42P04') throw err; // created meanwhile by another process
        });
      }
    } finally {
      await client.end();
    }
  }

  /** A short-lived connection to the server's `postgres` database. */
  maintenanceClient(): Client {
    const settings = this.location.url
      ? { connectionString: urlForDatabase(this.location.url, 'postgres') }
      : { ...this.location.address, database: 'postgres' };
    return new Client({ ...settings, connectionTimeoutMillis: this.config.database.connect_timeout_ms });
  }
}

/**
 * Run as root, PostgreSQL runs as the `postgres` user, which must be able to
 * walk down to its folder. When some parent folder is closed to others (a
 * checkout under /root, say), the cluster moves to a per-project folder in
 * the system temp directory instead, and says so.
 */
function clusterDirectory(wanted: string, logger: Logger): string {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return wanted;
  for (let dir = dirname(wanted); ; dir = dirname(dir)) {
    let mode: number | undefined;
    try {
      mode = statSync(dir).mode;
    } catch {
      mode = undefined; // not created yet: it will be made world-traversable
    }
    if (mode !== undefined && (mode & 0o001) === 0) {
      const fallback = join(tmpdir(), `rocket-pg-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`);
      logger.warn(
        { wanted, used: fallback },
        'Data folder is not reachable by the postgres user; using a temp folder for the embedded database',
      );
      return fallback;
    }
    if (dir === dirname(dir)) return wanted;
  }
}
