import { TestServer } from './support/test-server';

/** Two server processes (here: two instances) against the same management database. */
describe('several servers on one database', () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await TestServer.start();
    b = await TestServer.start({}, a.managementDb);
  });
  afterAll(async () => {
    await b.close({ dropAll: false });
    await a.close();
  });

  it('serves an app created through the other instance, and forgets it when deleted there', async () => {
    const app = await a.createApp();
    const session = await b.appLogin(app);
    // A token issued by one instance works on the other (same derived key).
    expect((await a.get(`/api/${app}/auth/me`, { token: session.access_token })).status).toBe(200);
    const refreshed = await a.post(`/api/${app}/auth/refresh`, { body: { refresh_token: session.refresh_token } });
    expect(refreshed.status).toBe(200);

    const deleted = await a.delete(`/api/_platform/apps/${app}`, { token: await a.platformToken() });
    expect(deleted.status).toBe(200);
    a.createdApps.delete(app);
    const deadline = Date.now() + 3000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await b.get(`/api/${app}/auth/me`, { token: session.access_token })).status;
      if (status === 404) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(404);
  });

  it('seeds the platform admin once', async () => {
    const rows = await a.sql(
      a.managementDb,
      "SELECT count(*)::int AS n FROM _platform_users WHERE email = 'platform@localhost'",
    );
    expect(rows[0].n).toBe(1);
  });
});
