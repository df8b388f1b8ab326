import { rm } from 'node:fs/promises';
import { EmbeddedPostgres } from '../../libs/database/src/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __ROCKET_PG__?: { server: EmbeddedPostgres; dir: string } }).__ROCKET_PG__;
  if (!pg) return;
  await pg.server.stop();
  await rm(pg.dir, { recursive: true, force: true });
  await rm(`${pg.dir}.password`, { force: true });
}
