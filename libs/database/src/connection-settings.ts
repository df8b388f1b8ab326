import { PoolConfig } from 'pg';
import { RocketConfig } from '@rocket/config';
import { ServerAddress } from './embedded-postgres';

/** Where the PostgreSQL server is, however it was configured. */
export interface ServerLocation {
  /** Connection string of the server with the database part left to `poolConfig`. */
  address?: ServerAddress;
  url?: string;
}

/**
 * Pool settings for one database on the server. Every connection gets the
 * statement, lock and idle-transaction timeouts (08 §8), and acquiring a
 * connection is bounded so a starved request fails fast instead of hanging.
 */
export function poolConfig(
  config: RocketConfig,
  server: ServerLocation,
  database: string,
  max: number,
  applicationName: string,
): PoolConfig {
  const base: PoolConfig = server.url
    ? { connectionString: urlForDatabase(server.url, database) }
    : {
        host: server.address!.host,
        port: server.address!.port,
        user: server.address!.user,
        password: server.address!.password,
      };
  return {
    ...base,
    database,
    max,
    application_name: applicationName,
    // Times are UTC everywhere (01 §2.4).
    options: '-c TimeZone=UTC',
    statement_timeout: config.database.statement_timeout_ms,
    lock_timeout: config.database.lock_timeout_ms || undefined,
    idle_in_transaction_session_timeout: config.database.idle_in_transaction_timeout_ms || undefined,
    connectionTimeoutMillis: config.database.connect_timeout_ms,
    idleTimeoutMillis: config.database.idle_timeout_ms,
  };
}

/** The management database named by the URL path, else `database.name`. */
export function managementDatabaseName(config: RocketConfig): string {
  if (config.database.url) {
    const name = new URL(config.database.url).pathname.replace(/^\//, '');
    if (name) return decodeURIComponent(name);
  }
  return config.database.name;
}

/** The same server URL pointing at another database (pg lets the URL win over `database`). */
export function urlForDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + encodeURIComponent(database);
  return parsed.toString();
}
