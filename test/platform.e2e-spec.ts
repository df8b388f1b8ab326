import * as bcrypt from 'bcryptjs';
import { SystemSchema } from '@rocket/database';
import { TenancyService } from '@rocket/tenancy';
import { TestServer, uniqueAppName } from './support/test-server';

describe('platform (08 §2–3)', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await TestServer.start();
    token = await server.platformToken();
  });
  afterAll(() => server.close());

  describe('platform auth', () => {
    it('logs in the seeded platform admin with a platform token', async () => {
      const res = await server.post('/api/_platform/auth/login', {
        body: { email: 'platform@localhost', password: 'changeme' },
      });
      expect(res.status).toBe(200);
      const claims = JSON.parse(Buffer.from(res.body.data.access_token.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ aud: 'rocket:platform', roles: ['platform_admin'], iss: 'rocket' });
    });

    it('refuses wrong credentials and unknown operators alike', async () => {
      const a = await server.post('/api/_platform/auth/login', {
        body: { email: 'platform@localhost', password: 'wrong-pass' },
      });
      const b = await server.post('/api/_platform/auth/login', {
        body: { email: 'nobody@localhost', password: 'wrong-pass' },
      });
      expect([a.status, b.status]).toEqual([401, 401]);
      expect(a.body).toEqual(b.body);
    });

    it('rotates and revokes platform refresh tokens', async () => {
      const s = await server.platformLogin();
      const r = await server.post('/api/_platform/auth/refresh', { body: { refresh_token: s.refresh_token } });
      expect(r.status).toBe(200);
      expect(
        (await server.post('/api/_platform/auth/refresh', { body: { refresh_token: s.refresh_token } })).status,
      ).toBe(401);
      expect(
        (await server.post('/api/_platform/auth/refresh', { body: { refresh_token: r.body.data.refresh_token } }))
          .status,
      ).toBe(401);
      const s2 = await server.platformLogin();
      expect(
        (await server.post('/api/_platform/auth/logout', { body: { refresh_token: s2.refresh_token } })).body,
      ).toEqual({ message: 'Logged out' });
      expect(
        (await server.post('/api/_platform/auth/refresh', { body: { refresh_token: s2.refresh_token } })).status,
      ).toBe(401);
    });

    it('changes a platform password and ends the other sessions', async () => {
      const hash = await bcrypt.hash('operator-pass-1', 10);
      await server.sql(
        server.managementDb,
        "INSERT INTO _platform_users (email, password_hash, roles) VALUES ('pw-op@localhost', $1, '{}')",
        [hash],
      );
      const s = await server.platformLogin('pw-op@localhost', 'operator-pass-1');
      const other = await server.platformLogin('pw-op@localhost', 'operator-pass-1');
      const res = await server.post('/api/_platform/auth/change-password', {
        token: s.access_token,
        body: { current_password: 'operator-pass-1', new_password: 'operator-pass-2' },
      });
      expect(res.status).toBe(200);
      expect(
        (await server.post('/api/_platform/auth/refresh', { body: { refresh_token: other.refresh_token } })).status,
      ).toBe(401);
      await server.platformLogin('pw-op@localhost', 'operator-pass-2');
      const appToken = (await server.appLogin(await server.createApp())).access_token;
      const wrongRealm = await server.post('/api/_platform/auth/change-password', {
        token: appToken,
        body: { current_password: 'changeme', new_password: 'whatever-123' },
      });
      expect(wrongRealm.status).toBe(401);
    });

    it('requires a platform admin for app management', async () => {
      expect((await server.get('/api/_platform/apps')).status).toBe(401);
      const hash = await bcrypt.hash('operator-pass', 10);
      await server.sql(
        server.managementDb,
        "INSERT INTO _platform_users (email, password_hash, roles) VALUES ('viewer@localhost', $1, '{viewer}')",
        [hash],
      );
      const viewer = await server.platformLogin('viewer@localhost', 'operator-pass');
      const res = await server.get('/api/_platform/apps', { token: viewer.access_token });
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'FORBIDDEN', message: 'Platform admin access required' });
    });
  });

  describe('apps', () => {
    it('creates, lists, gets and deletes an app', async () => {
      const name = uniqueAppName();
      const created = await server.post('/api/_platform/apps', { token, body: { name, display_name: 'My App' } });
      expect(created.status).toBe(201);
      expect(created.body.data).toEqual({
        name,
        display_name: 'My App',
        db_name: `rocket_${name}`,
        db_driver: 'postgres',
        status: 'active',
        limits: {},
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(await server.databaseExists(`rocket_${name}`)).toBe(true);
      const tables = await server.sql(
        `rocket_${name}`,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['_users', '_refresh_tokens']));

      const list = await server.get('/api/_platform/apps', { token });
      expect(list.body.data.map((a: { name: string }) => a.name)).toContain(name);
      expect(JSON.stringify(list.body)).not.toContain('jwt_key_id');
      const names = list.body.data.map((a: { name: string }) => a.name);
      expect(names).toEqual([...names].sort());

      const got = await server.get(`/api/_platform/apps/${name}`, { token });
      expect(got.body.data.name).toBe(name);

      const login = await server.appLogin(name);
      const tenancy = server.app.get(TenancyService);
      expect(tenancy.isOpen(name)).toBe(true);

      const deleted = await server.delete(`/api/_platform/apps/${name}`, { token });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ message: 'App deleted' });
      expect(tenancy.isOpen(name)).toBe(false);
      expect(await server.databaseExists(`rocket_${name}`)).toBe(false);
      expect((await server.get(`/api/_platform/apps/${name}`, { token })).status).toBe(404);
      const after = await server.get(`/api/${name}/auth/me`, { token: login.access_token });
      expect(after.status).toBe(404);
      expect(after.body.error).toEqual({ code: 'APP_NOT_FOUND', message: `App not found: ${name}` });
      const stillConnected = await server.sql(
        'postgres',
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [`rocket_${name}`],
      );
      expect(stillConnected[0].n).toBe(0);
    });

    it('answers 404 for unknown apps', async () => {
      const get = await server.get('/api/_platform/apps/nosuchapp', { token });
      expect(get.status).toBe(404);
      expect(get.body.error).toEqual({ code: 'NOT_FOUND', message: 'App not found' });
      expect((await server.delete('/api/_platform/apps/nosuchapp', { token })).status).toBe(404);
      const login = await server.post('/api/nosuchapp/auth/login', { body: { email: 'a@b', password: 'changeme' } });
      expect(login.status).toBe(404);
      expect(login.body.error.code).toBe('APP_NOT_FOUND');
    });

    const invalidName =
      'App name must be lowercase letters, numbers and single underscores (start with a letter, max 50)';
    it.each([
      [{}, 'required', 'App name is required'],
      [{ name: '' }, 'required', 'App name is required'],
      [{ name: 'My-App' }, 'invalid_name', invalidName],
      [{ name: 'a__b' }, 'invalid_name', invalidName],
      [{ name: 'ab_' }, 'invalid_name', invalidName],
      [{ name: '1abc' }, 'invalid_name', invalidName],
      [{ name: 'a'.repeat(51) }, 'invalid_name', invalidName],
      [{ name: 'x"; DROP DATABASE rocket; --' }, 'invalid_name', invalidName],
      [{ name: 12 }, 'invalid_name', invalidName],
      [{ name: 'admin' }, 'reserved', 'App name is reserved: admin'],
      [{ name: 'platform' }, 'reserved', 'App name is reserved: platform'],
    ])('refuses %j', async (body, rule, message) => {
      const res = await server.post('/api/_platform/apps', { token, body });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message,
        details: [{ field: 'name', rule, message }],
      });
    });

    it('validates display_name and db_driver', async () => {
      const dn = await server.post('/api/_platform/apps', { token, body: { name: uniqueAppName(), display_name: '' } });
      expect(dn.status).toBe(422);
      expect(dn.body.error.details[0].field).toBe('display_name');
      const drv = await server.post('/api/_platform/apps', {
        token,
        body: { name: uniqueAppName(), db_driver: 'oracle' },
      });
      expect(drv.status).toBe(422);
      expect(drv.body.error.message).toBe('Invalid db_driver: must be one of postgres');
    });

    it('refuses bodies that are not objects', async () => {
      for (const raw of ['[]', '"demo"', '{bad json']) {
        const res = await server.post('/api/_platform/apps', { token, raw });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('INVALID_PAYLOAD');
      }
    });

    it('refuses a duplicate name with 409', async () => {
      const name = await server.createApp();
      const res = await server.post('/api/_platform/apps', { token, body: { name } });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'CONFLICT', message: `App already exists: ${name}` });
    });

    it('leaves a foreign database alone and answers 409', async () => {
      const name = uniqueAppName();
      await server.sql('postgres', `CREATE DATABASE "rocket_${name}"`);
      await server.sql(`rocket_${name}`, 'CREATE TABLE foreign_data (x int)');
      const res = await server.post('/api/_platform/apps', { token, body: { name } });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(`Database rocket_${name} already exists`);
      expect(await server.sql(server.managementDb, 'SELECT 1 FROM _apps WHERE name = $1', [name])).toHaveLength(0);
      expect(await server.sql(`rocket_${name}`, 'SELECT count(*) FROM foreign_data')).toHaveLength(1);
      await server.sql('postgres', `DROP DATABASE "rocket_${name}" WITH (FORCE)`);
    });

    it('creates two apps in parallel, and one of two same-name creates', async () => {
      const [a, b] = [uniqueAppName(), uniqueAppName()];
      const results = await Promise.all([
        server.post('/api/_platform/apps', { token, body: { name: a } }),
        server.post('/api/_platform/apps', { token, body: { name: b } }),
      ]);
      expect(results.map((r) => r.status)).toEqual([201, 201]);
      server.createdApps.add(a).add(b);
      await server.appLogin(a);
      await server.appLogin(b);

      const same = uniqueAppName();
      const twins = await Promise.all([
        server.post('/api/_platform/apps', { token, body: { name: same } }),
        server.post('/api/_platform/apps', { token, body: { name: same } }),
      ]);
      server.createdApps.add(same);
      expect(twins.map((r) => r.status).sort()).toEqual([201, 409]);
    });
  });

  describe('provisioning rollback', () => {
    let broken: TestServer;
    beforeAll(async () => {
      broken = await TestServer.start();
      // A module whose bootstrap fails: provisioning must undo every step.
      broken.app.get(SystemSchema).contribute({ scope: 'app', name: 'zz-broken', order: 999, ddl: ['SELECT 1/0'] });
    });
    afterAll(() => broken.close());

    it('drops the database and the _apps row of a half-created app', async () => {
      const name = uniqueAppName();
      const res = await broken.post('/api/_platform/apps', { token: await broken.platformToken(), body: { name } });
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({
        code: 'INTERNAL_ERROR',
        message: 'Internal server error',
        request_id: expect.any(String),
      });
      expect(res.headers.get('x-request-id')).toBe(res.body.error.request_id);
      expect(JSON.stringify(res.body)).not.toMatch(/division|SELECT/i);
      expect(await broken.databaseExists(`rocket_${name}`)).toBe(false);
      expect(await broken.sql(broken.managementDb, 'SELECT 1 FROM _apps WHERE name = $1', [name])).toHaveLength(0);
      expect(broken.app.get(TenancyService).isOpen(name)).toBe(false);
    });
  });
});
