import { randomUUID } from 'node:crypto';
import { TestServer } from './support/test-server';

describe('user administration (07 §7)', () => {
  let server: TestServer;
  let app: string;
  let admin: string;
  let adminId: string;
  const url = () => `/api/${app}/_admin/users`;
  const db = () => `rocket_${app}`;

  async function create(body: object): Promise<any> {
    const res = await server.post(url(), { token: admin, body });
    expect(res.status).toBe(201);
    return res.body.data;
  }
  const put = (id: string, body: object) => server.put(`${url()}/${id}`, { token: admin, body });
  const refresh = (refresh_token: string) => server.post(`/api/${app}/auth/refresh`, { body: { refresh_token } });

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    const login = await server.appLogin(app);
    admin = login.access_token;
    adminId = login.user.id;
  });
  afterAll(() => server.close());

  describe('create, read', () => {
    it('normalises the e-mail and roles and never answers the password hash', async () => {
      const res = await server.post(url(), {
        token: admin,
        body: { email: ' Jane@Example.com ', password: 's3cret-pass', roles: ['Accountant', 'accountant', 'sales'] },
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: 'jane@example.com',
        roles: ['accountant', 'sales'],
        active: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const [row] = await server.sql(db(), 'SELECT password_hash FROM _users WHERE id = $1', [res.body.data.id]);
      expect(row.password_hash).toMatch(/^\$2[aby]\$/);
      const one = await server.get(`${url()}/${res.body.data.id}`, { token: admin });
      expect(one.body.data).toEqual(res.body.data);
      // The new user signs in with the normalised e-mail in any case.
      expect(((await server.appLogin(app, 'JANE@example.com', 's3cret-pass')).user as any).roles).toEqual([
        'accountant',
        'sales',
      ]);
    });

    it('lists users by e-mail', async () => {
      await create({ email: 'aaron@example.com', password: 'password-1', active: false });
      const list = await server.get(url(), { token: admin });
      expect(list.status).toBe(200);
      const emails = list.body.data.map((u: any) => u.email);
      expect(emails).toEqual([...emails].sort());
      expect(emails).toEqual(expect.arrayContaining(['aaron@example.com', 'admin@localhost', 'jane@example.com']));
      expect(list.body.data.every((u: any) => !('password_hash' in u))).toBe(true);
      expect(list.body.data.find((u: any) => u.email === 'aaron@example.com').active).toBe(false);
    });

    it.each<[string, object, string, object[]]>([
      ['e-mail missing', { password: 'password-1' }, 'email is required', [{ field: 'email', rule: 'required' }]],
      ['password missing', { email: 'a@b' }, 'password is required', [{ field: 'password', rule: 'required' }]],
      [
        'both missing',
        {},
        'Validation failed',
        [
          { field: 'email', rule: 'required' },
          { field: 'password', rule: 'required' },
        ],
      ],
      [
        'invalid e-mail',
        { email: 'not an email', password: 'password-1' },
        'email is invalid',
        [{ field: 'email', rule: 'email' }],
      ],
      [
        'short password',
        { email: 'a@b', password: 'short' },
        'password must be at least 8 characters',
        [{ field: 'password', rule: 'min_length' }],
      ],
      [
        'password over 72 bytes',
        { email: 'a@b', password: 'é'.repeat(37) },
        'password must be at most 72 bytes',
        [{ field: 'password', rule: 'max_length' }],
      ],
      [
        'bad roles',
        { email: 'a@b', password: 'password-1', roles: 'admin' },
        expect.any(String),
        [{ field: 'roles', rule: 'invalid_value' }],
      ],
      [
        'active not a boolean',
        { email: 'a@b', password: 'password-1', active: 'yes' },
        'active must be a boolean',
        [{ field: 'active', rule: 'invalid_value' }],
      ],
    ] as any)('%s → 422', async (_label, body, message, details) => {
      const res = await server.post(url(), { token: admin, body });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toEqual(message);
      expect(res.body.error.details).toEqual(details.map((d: object) => expect.objectContaining(d)));
    });

    it('a duplicate e-mail (after normalisation) → 409', async () => {
      const res = await server.post(url(), {
        token: admin,
        body: { email: 'JANE@example.com ', password: 'password-1' },
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'CONFLICT', message: 'A user with this email already exists' });
    });

    it('unknown or malformed ids → 404 "User not found"; non-admins → 403; non-object bodies → 400', async () => {
      const unknown = randomUUID();
      for (const res of [
        await server.get(`${url()}/${unknown}`, { token: admin }),
        await put(unknown, { active: true }),
        await server.delete(`${url()}/${unknown}`, { token: admin }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe(`User not found: ${unknown}`);
      }
      expect((await server.get(`${url()}/42`, { token: admin })).body.error.message).toBe('User not found: 42');
      const jane = await server.appLogin(app, 'jane@example.com', 's3cret-pass');
      const denied = await server.get(url(), { token: jane.access_token });
      expect([denied.status, denied.body.error.message]).toEqual([403, 'Admin access required']);
      expect((await server.post(url(), { token: admin, body: ['x'] })).status).toBe(400);
      expect((await server.get(url())).status).toBe(401);
    });
  });

  describe('partial update', () => {
    it('changes only the keys present', async () => {
      const user = await create({ email: 'pat@example.com', password: 'password-1', roles: ['sales'] });
      const res = await put(user.id, { roles: ['Support'] });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ email: 'pat@example.com', roles: ['support'], active: true });
      expect(new Date(res.body.data.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(user.updated_at).getTime());
      const cleared = await put(user.id, { roles: null });
      expect(cleared.body.data.roles).toEqual([]);
      const renamed = await put(user.id, { email: ' Pat2@Example.com' });
      expect(renamed.body.data.email).toBe('pat2@example.com');
    });

    it.each<[string, object, string]>([
      ['empty e-mail', { email: '' }, 'email is required'],
      ['null e-mail', { email: null }, 'email is required'],
      ['invalid e-mail', { email: 'x' }, 'email is invalid'],
      ['null password', { password: null }, 'password is required'],
      ['short password', { password: '1234567' }, 'password must be at least 8 characters'],
      ['null active', { active: null }, 'active must be a boolean'],
    ])('%s → 422', async (_label, body, message) => {
      const user = await create({ email: `${randomUUID()}@example.com`, password: 'password-1' });
      const res = await put(user.id, body);
      expect(res.status).toBe(422);
      expect(res.body.error.message).toBe(message);
    });

    it('an e-mail taken by another user → 409', async () => {
      const user = await create({ email: 'taken-check@example.com', password: 'password-1' });
      const res = await put(user.id, { email: 'Jane@example.com' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('A user with this email already exists');
    });

    it('a new password replaces the old one', async () => {
      const user = await create({ email: 'pw@example.com', password: 'password-1' });
      expect((await put(user.id, { password: 'password-2' })).status).toBe(200);
      expect(
        (await server.post(`/api/${app}/auth/login`, { body: { email: 'pw@example.com', password: 'password-1' } }))
          .status,
      ).toBe(401);
      expect((await server.appLogin(app, 'pw@example.com', 'password-2')).user.id).toBe(user.id);
    });
  });

  describe('weakening a user ends its sessions', () => {
    it.each<[string, object]>([
      ['roles', { roles: ['other'] }],
      ['active', { active: false }],
      ['password', { password: 'another-pass' }],
      ['e-mail', { email: 'moved@example.com' }],
    ])('a change of %s revokes its refresh tokens', async (_label, change) => {
      const email = `${randomUUID()}@example.com`;
      const user = await create({ email, password: 'password-1', roles: ['sales'] });
      const session = await server.appLogin(app, email, 'password-1');
      const res = await put(user.id, change);
      expect(res.status).toBe(200);
      const after = await refresh(session.refresh_token);
      expect(after.status).toBe(401);
      const open = await server.sql(
        db(),
        'SELECT count(*)::int AS n FROM _refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [user.id],
      );
      expect(open[0].n).toBe(0);
      await server.delete(`${url()}/${user.id}`, { token: admin });
    });

    it('a PUT that changes nothing keeps the sessions', async () => {
      const email = `${randomUUID()}@example.com`;
      const user = await create({ email, password: 'password-1', roles: ['sales', 'support'] });
      const session = await server.appLogin(app, email, 'password-1');
      expect(
        (await put(user.id, { email: email.toUpperCase(), roles: ['support', 'sales'], active: true })).status,
      ).toBe(200);
      expect((await refresh(session.refresh_token)).status).toBe(200);
    });

    it("a disabled user's tokens stop working at the next refresh, and it cannot log in", async () => {
      const user = await create({ email: 'disabled@example.com', password: 'password-1' });
      const session = await server.appLogin(app, 'disabled@example.com', 'password-1');
      expect((await refresh(session.refresh_token)).status).toBe(200); // the old one is now used
      const second = await server.appLogin(app, 'disabled@example.com', 'password-1');
      // Disabled behind the API's back: the refresh itself notices.
      await server.sql(db(), 'UPDATE _users SET active = false WHERE id = $1', [user.id]);
      const res = await refresh(second.refresh_token);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Account is disabled');
      const login = await server.post(`/api/${app}/auth/login`, {
        body: { email: 'disabled@example.com', password: 'password-1' },
      });
      expect([login.status, login.body.error.message]).toEqual([401, 'Account is disabled']);
    });

    it('deleting a user removes it and its sessions', async () => {
      const user = await create({ email: 'gone@example.com', password: 'password-1' });
      const session = await server.appLogin(app, 'gone@example.com', 'password-1');
      const res = await server.delete(`${url()}/${user.id}`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ id: user.id, deleted: true });
      expect((await server.get(`${url()}/${user.id}`, { token: admin })).status).toBe(404);
      expect((await refresh(session.refresh_token)).status).toBe(401);
      expect(
        await server.sql(db(), 'SELECT count(*)::int AS n FROM _refresh_tokens WHERE user_id = $1', [user.id]),
      ).toEqual([{ n: 0 }]);
    });
  });

  describe('the last active admin (07 §7)', () => {
    it('cannot be deactivated, demoted or deleted', async () => {
      for (const res of [
        await put(adminId, { active: false }),
        await put(adminId, { roles: ['staff'] }),
        await server.delete(`${url()}/${adminId}`, { token: admin }),
      ]) {
        expect(res.status).toBe(409);
        expect(res.body.error).toEqual({ code: 'CONFLICT', message: 'Cannot remove the last active admin' });
      }
      const [row] = await server.sql(db(), 'SELECT roles, active FROM _users WHERE id = $1', [adminId]);
      expect(row).toEqual({ roles: ['admin'], active: true });
      // Changes that keep it an active admin are fine.
      expect((await put(adminId, { roles: ['Admin', 'ops'] })).status).toBe(200);
    });

    it('an inactive admin does not count; another active admin does', async () => {
      await create({ email: 'sleeping-admin@example.com', password: 'password-1', roles: ['admin'], active: false });
      expect((await put(adminId, { active: false })).status).toBe(409);
      const second = await create({ email: 'second-admin@example.com', password: 'password-1', roles: ['ADMIN'] });
      expect((await put(second.id, { roles: ['staff'] })).status).toBe(200);
      expect((await put(second.id, { roles: ['admin'] })).status).toBe(200);
      // Now the first admin may step down, and the second is the last one.
      const self = await put(adminId, { roles: ['ops'] });
      expect(self.status).toBe(200);
      expect((await server.delete(`${url()}/${second.id}`, { token: admin })).status).toBe(409);
      const boss = (await server.appLogin(app, 'second-admin@example.com', 'password-1')).access_token;
      expect((await server.put(`${url()}/${adminId}`, { token: boss, body: { roles: ['admin'] } })).status).toBe(200);
      admin = (await server.appLogin(app)).access_token;
    });

    it('two concurrent demotions of the last two admins: exactly one passes', async () => {
      const other = await create({ email: 'race-admin@example.com', password: 'password-1', roles: ['admin'] });
      const admins = await server.sql(
        db(),
        "SELECT id FROM _users WHERE active AND 'admin' = ANY(roles) ORDER BY email",
      );
      // Leave exactly two active admins: the seeded one and `other`.
      for (const { id } of admins) {
        if (id !== adminId && id !== other.id) await put(id, { active: false });
      }
      const results = await Promise.all([put(adminId, { active: false }), put(other.id, { active: false })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const [left] = await server.sql(
        db(),
        "SELECT count(*)::int AS n FROM _users WHERE active AND 'admin' = ANY(roles)",
      );
      expect(left.n).toBe(1);
    });
  });

  describe('isolation between apps', () => {
    it('a user of app A can do nothing in app B', async () => {
      const other = await server.createApp();
      const otherAdmin = (await server.appLogin(other)).access_token;
      expect(
        (
          await server.post(`/api/${other}/_admin/entities`, {
            token: otherAdmin,
            body: {
              name: 'thing',
              table: 'things',
              primary_key: { field: 'id', type: 'uuid', generated: true },
              fields: [{ name: 'id', type: 'uuid', required: true }],
            },
          })
        ).status,
      ).toBe(201);
      // An admin and a plain user of app A; the seeded admin@localhost exists in both apps.
      await create({ email: 'cross-admin@example.com', password: 'password-1', roles: ['admin'] });
      await create({ email: 'cross-user@example.com', password: 'password-1', roles: ['thing_reader'] });
      const here = await server.appLogin(app, 'cross-admin@example.com', 'password-1');
      const plain = await server.appLogin(app, 'cross-user@example.com', 'password-1');
      for (const token of [here.access_token, plain.access_token]) {
        for (const res of [
          await server.get(`/api/${other}/thing`, { token }),
          await server.post(`/api/${other}/thing`, { token, body: {} }),
          await server.get(`/api/${other}/_admin/users`, { token }),
          await server.post(`/api/${other}/_admin/permissions`, { token, body: { entity: 'thing', action: 'read' } }),
          await server.post(`/api/${other}/_admin/invites`, { token, body: { email: 'x@y' } }),
          await server.get(`/api/${other}/auth/me`, { token }),
        ]) {
          expect(res.status).toBe(401);
          expect(res.body.error.message).toBe('Invalid or expired token');
        }
      }
      const swapped = await server.post(`/api/${other}/auth/refresh`, { body: { refresh_token: here.refresh_token } });
      expect(swapped.status).toBe(401);
      const login = await server.post(`/api/${other}/auth/login`, {
        body: { email: 'cross-admin@example.com', password: 'password-1' },
      });
      expect(login.status).toBe(401);
      expect(await server.sql(`rocket_${other}`, 'SELECT count(*)::int AS n FROM things')).toEqual([{ n: 0 }]);
    });
  });
});
