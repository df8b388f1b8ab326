import { join } from 'node:path';
import { EmbeddedPostgres } from '../../libs/database/src/embedded-postgres';

/**
 * One PostgreSQL server for the whole run: the one in DATABASE_URL, or an
 * embedded one in a scratch folder. Each test file then makes its own
 * management database and apps on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.ROCKET_TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = join(__dirname, '..', '..', '.test-data', `pg-${process.pid}`);
  const server = new EmbeddedPostgres({
    dir,
    // Durability is irrelevant for a throw-away test cluster; speed is not.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  const address = await server.start();
  (globalThis as { __ROCKET_PG__?: { server: EmbeddedPostgres; dir: string } }).__ROCKET_PG__ = { server, dir };
  process.env.ROCKET_TEST_DATABASE_URL = `postgres://${address.user}:${encodeURIComponent(address.password)}@${address.host}:${address.port}/postgres`;
}
