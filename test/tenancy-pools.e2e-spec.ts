import { sql } from 'kysely';
import { DatabaseService } from '@rocket/database';
import { TenancyService } from '@rocket/tenancy';
import { TestServer } from './support/test-server';

describe('tenant context and pools (08 §7)', () => {
  let server: TestServer;
  let tenancy: TenancyService;

  beforeAll(async () => {
    server = await TestServer.start({
      ROCKET_APP_POOL_SIZE: '1',
      ROCKET_MAX_OPEN_APPS: '2',
      ROCKET_DB_CONNECT_TIMEOUT_MS: '300',
    });
    tenancy = server.app.get(TenancyService);
  });
  afterAll(() => server.close());

  it('runs background work inside an app and refuses context reads outside one', async () => {
    const app = await server.createApp();
    const seen = await tenancy.run(app, () => Promise.resolve(tenancy.current().name));
    expect(seen).toBe(app);
    expect(() => tenancy.current()).toThrow(/No tenant context/);
  });

  it('sets the statement timeout on every app connection', async () => {
    const app = await server.createApp();
    const result = await tenancy.run(app, (ctx) =>
      sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(ctx.db),
    );
    expect(result.rows[0].statement_timeout).toBe('30s');
  });

  it('answers 503 instead of hanging when no connection frees up', async () => {
    const app = await server.createApp();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const isHolding = new Promise<void>((r) => (holding = r));
    // Hold the app's only connection in a transaction.
    const job = tenancy.run(app, (ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        holding();
        await held;
      }),
    );
    await isHolding;
    const started = Date.now();
    const res = await server.post(`/api/${app}/auth/login`, {
      body: { email: 'admin@localhost', password: 'changeme' },
    });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5000);
    release();
    await job;
    expect(
      (await server.post(`/api/${app}/auth/login`, { body: { email: 'admin@localhost', password: 'changeme' } }))
        .status,
    ).toBe(200);
  });

  it('keeps at most apps.max_open apps open, closing the least recently used', async () => {
    const apps = [await server.createApp(), await server.createApp(), await server.createApp()];
    for (const app of apps) await server.appLogin(app);
    expect(tenancy.openCount()).toBeLessThanOrEqual(2);
    expect(tenancy.isOpen(apps[0])).toBe(false);
    expect(tenancy.isOpen(apps[2])).toBe(true);
    // An evicted app opens again on demand.
    await server.appLogin(apps[0]);
    expect(tenancy.isOpen(apps[0])).toBe(true);
    const pools = server.app.get(DatabaseService).connectionCount();
    expect(pools).toBeLessThanOrEqual(10 + 2 * 1);
  });

  it('shares one opening between concurrent first requests', async () => {
    const app = await server.createApp();
    await tenancy.evict(app, 0);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        server.post(`/api/${app}/auth/logout`, { body: { refresh_token: 'never-issued' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
  });

  it('gives old apps the system tables added by newer modules when they open', async () => {
    const app = await server.createApp();
    await tenancy.evict(app, 0);
    const { SystemSchema } = await import('@rocket/database');
    server.app.get(SystemSchema).contribute({
      scope: 'app',
      name: 'zz-later-phase',
      order: 500,
      ddl: ['CREATE TABLE IF NOT EXISTS _later_phase (id int)'],
    });
    await server.appLogin(app);
    const rows = await server.sql(`rocket_${app}`, "SELECT 1 FROM pg_tables WHERE tablename = '_later_phase'");
    expect(rows).toHaveLength(1);
  });
});
