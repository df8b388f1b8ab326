import { createHash, randomUUID } from 'node:crypto';
import { decode } from './support/tokens';
import { TestServer } from './support/test-server';

describe('invites (07 §9)', () => {
  let server: TestServer;
  let app: string;
  let admin: string;
  let adminId: string;
  const url = () => `/api/${app}/_admin/invites`;
  const db = () => `rocket_${app}`;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  async function invite(email: string, roles?: string[]): Promise<any> {
    const res = await server.post(url(), { token: admin, body: { email, roles } });
    expect(res.status).toBe(201);
    return res.body.data;
  }
  const accept = (body: unknown) => server.post(`/api/${app}/auth/accept-invite`, { body });
  const expire = (id: string) =>
    server.sql(db(), "UPDATE _invites SET expires_at = NOW() - interval '1 minute' WHERE id = $1", [id]);

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    const login = await server.appLogin(app);
    admin = login.access_token;
    adminId = login.user.id;
  });
  afterAll(() => server.close());

  describe('create (07 §9.2)', () => {
    it('answers the token once and stores only its hash', async () => {
      const before = Date.now();
      const res = await server.post(url(), {
        token: admin,
        body: { email: '  Alice@Co.com ', roles: ['Sales', 'sales', 'support'] },
      });
      expect(res.status).toBe(201);
      const data = res.body.data;
      expect(data).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: 'alice@co.com',
        roles: ['sales', 'support'],
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expires_at: expect.any(String),
        accepted_at: null,
        invited_by: adminId,
        created_at: expect.any(String),
        status: 'pending',
        email_queued: false,
      });
      const ttl = new Date(data.expires_at).getTime() - before;
      expect(ttl).toBeGreaterThan(72 * 3600_000 - 60_000);
      expect(ttl).toBeLessThan(72 * 3600_000 + 60_000);
      const [row] = await server.sql(db(), 'SELECT token_hash FROM _invites WHERE id = $1', [data.id]);
      expect(row.token_hash).toBe(sha256(data.token));
      expect(JSON.stringify(await server.sql(db(), 'SELECT * FROM _invites'))).not.toContain(data.token);
    });

    it.each<[string, object, string, string]>([
      ['e-mail missing', {}, 'email', 'email is required'],
      ['e-mail empty', { email: '  ' }, 'email', 'email is required'],
      ['e-mail invalid', { email: 'nobody' }, 'email', 'email is invalid'],
      ['bad roles', { email: 'r@co.com', roles: ['a b'] }, 'roles', expect.any(String)],
    ] as any)('%s → 422', async (_label, body, field, message) => {
      const res = await server.post(url(), { token: admin, body });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toEqual(message);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field })]);
    });

    it('an existing user or a pending invite → 409', async () => {
      const user = await server.post(url(), { token: admin, body: { email: 'ADMIN@localhost' } });
      expect([user.status, user.body.error.message]).toEqual([409, 'A user with this email already exists']);
      const again = await server.post(url(), { token: admin, body: { email: 'alice@co.com' } });
      expect([again.status, again.body.error.message]).toEqual([409, 'A pending invite already exists for this email']);
    });

    it('an expired open invite makes room for a new one', async () => {
      const old = await invite('late@co.com');
      await expire(old.id);
      const fresh = await invite('late@co.com', ['ops']);
      expect(fresh.id).not.toBe(old.id);
      expect(await server.sql(db(), "SELECT id FROM _invites WHERE email = 'late@co.com'")).toEqual([{ id: fresh.id }]);
    });

    it('two concurrent invites for one e-mail: one is created, the other is a 409 (ux_invites_open)', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => server.post(url(), { token: admin, body: { email: 'race@co.com' } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) {
        expect(r.body.error.message).toBe('A pending invite already exists for this email');
      }
    });

    it('admins only', async () => {
      const res = await invite('staffer@co.com', ['staff']);
      const staff = await accept({ token: res.token, password: 'password-1' });
      const denied = await server.post(url(), { token: staff.body.data.access_token, body: { email: 'x@co.com' } });
      expect([denied.status, denied.body.error.message]).toEqual([403, 'Admin access required']);
      expect((await server.get(url())).status).toBe(401);
    });
  });

  describe('list and revoke (07 §9.4)', () => {
    it('lists newest first with a status and never a token', async () => {
      const pending = await invite('list-pending@co.com');
      const expired = await invite('list-expired@co.com');
      await expire(expired.id);
      const accepted = await invite('list-accepted@co.com');
      expect((await accept({ token: accepted.token, password: 'password-1' })).status).toBe(201);
      const res = await server.get(url(), { token: admin });
      expect(res.status).toBe(200);
      const rows = res.body.data;
      const times = rows.map((r: any) => new Date(r.created_at).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const byEmail = Object.fromEntries(rows.map((r: any) => [r.email, r]));
      expect(byEmail['list-pending@co.com']).toEqual({
        id: pending.id,
        email: 'list-pending@co.com',
        roles: [],
        expires_at: pending.expires_at,
        accepted_at: null,
        invited_by: adminId,
        created_at: pending.created_at,
        status: 'pending',
      });
      expect(byEmail['list-expired@co.com'].status).toBe('expired');
      expect(byEmail['list-accepted@co.com']).toMatchObject({ status: 'accepted', accepted_at: expect.any(String) });
      expect(JSON.stringify(rows)).not.toMatch(/token/);
    });

    it('revokes in any state; a revoked token fails with 404; the accepted user stays', async () => {
      const pending = await invite('revoke@co.com');
      const res = await server.delete(`${url()}/${pending.id}`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ id: pending.id, deleted: true });
      const late = await accept({ token: pending.token, password: 'password-1' });
      expect([late.status, late.body.error.message]).toEqual([404, 'Invalid invite token']);

      const used = await invite('revoke-accepted@co.com');
      expect((await accept({ token: used.token, password: 'password-1' })).status).toBe(201);
      expect((await server.delete(`${url()}/${used.id}`, { token: admin })).status).toBe(200);
      expect((await server.appLogin(app, 'revoke-accepted@co.com', 'password-1')).user).toBeDefined();

      const unknown = randomUUID();
      const missing = await server.delete(`${url()}/${unknown}`, { token: admin });
      expect([missing.status, missing.body.error.message]).toEqual([404, `Invite not found: ${unknown}`]);
      expect((await server.delete(`${url()}/xyz`, { token: admin })).body.error.message).toBe('Invite not found: xyz');
    });
  });

  describe('accept (07 §9.5)', () => {
    it('creates the user with the invite roles and signs it in', async () => {
      const inv = await invite('Bob@Co.com', ['Sales']);
      const res = await accept({ token: inv.token, password: 'bob-password' });
      expect(res.status).toBe(201);
      const pair = res.body.data;
      expect(pair).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expires_in: 900,
        user: { id: expect.any(String), email: 'bob@co.com', roles: ['sales'] },
      });
      expect(decode(pair.access_token)).toMatchObject({
        sub: pair.user.id,
        aud: `rocket:app:${app}`,
        roles: ['sales'],
      });
      const me = await server.get(`/api/${app}/auth/me`, { token: pair.access_token });
      expect(me.body.data).toEqual({ id: pair.user.id, email: 'bob@co.com', roles: ['sales'], active: true });
      expect(
        (await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: pair.refresh_token } })).status,
      ).toBe(200);
      expect((await server.appLogin(app, 'bob@co.com', 'bob-password')).user.id).toBe(pair.user.id);
      const [row] = await server.sql(db(), 'SELECT accepted_at FROM _invites WHERE id = $1', [inv.id]);
      expect(row.accepted_at).not.toBeNull();
    });

    it.each<[string, number, unknown, object]>([
      ['a body that is not an object', 400, ['x'], { code: 'INVALID_PAYLOAD', message: 'Invalid JSON body' }],
      [
        'no token',
        422,
        { password: 'password-1' },
        { message: 'token is required', details: [{ field: 'token', rule: 'required', message: 'token is required' }] },
      ],
      ['an empty token', 422, { token: '', password: 'password-1' }, { message: 'token is required' }],
      ['a token that is not a string', 422, { token: 42, password: 'password-1' }, { message: 'token is required' }],
      [
        'no password',
        422,
        { token: 'x' },
        {
          message: 'password is required',
          details: [{ field: 'password', rule: 'required', message: 'password is required' }],
        },
      ],
      ['an empty password', 422, { token: 'x', password: '' }, { message: 'password is required' }],
      [
        'a short password',
        422,
        { token: 'x', password: 'short' },
        { details: [{ field: 'password', rule: 'min_length', message: 'password must be at least 8 characters' }] },
      ],
      [
        'a password over 72 bytes',
        422,
        { token: 'x', password: '€'.repeat(25) },
        { details: [{ field: 'password', rule: 'max_length', message: 'password must be at most 72 bytes' }] },
      ],
      [
        'an unknown token',
        404,
        { token: 'no-such-token', password: 'password-1' },
        { code: 'NOT_FOUND', message: 'Invalid invite token' },
      ],
      [
        'an oversized token',
        404,
        { token: 'x'.repeat(5000), password: 'password-1' },
        { message: 'Invalid invite token' },
      ],
    ])('%s → %i', async (_label, status, body, error) => {
      const res = await accept(body);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject(error);
    });

    it('an accepted invite → 422 already_accepted', async () => {
      const inv = await invite('twice@co.com');
      expect((await accept({ token: inv.token, password: 'password-1' })).status).toBe(201);
      const res = await accept({ token: inv.token, password: 'password-2' });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Invite has already been accepted',
        details: [{ field: 'token', rule: 'already_accepted', message: 'Invite has already been accepted' }],
      });
    });

    it('an expired token → 422 expired, and no user is made', async () => {
      const inv = await invite('expired@co.com');
      await expire(inv.id);
      const res = await accept({ token: inv.token, password: 'password-1' });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Invite has expired',
        details: [{ field: 'token', rule: 'expired', message: 'Invite has expired' }],
      });
      expect(await server.sql(db(), "SELECT count(*)::int AS n FROM _users WHERE email = 'expired@co.com'")).toEqual([
        { n: 0 },
      ]);
    });

    it('a user that appeared since the invite → 409, and the invite stays pending', async () => {
      const inv = await invite('direct@co.com');
      const created = await server.post(`/api/${app}/_admin/users`, {
        token: admin,
        body: { email: 'direct@co.com', password: 'password-1' },
      });
      expect(created.status).toBe(201);
      const res = await accept({ token: inv.token, password: 'password-2' });
      expect([res.status, res.body.error.message]).toEqual([409, 'A user with this email already exists']);
      const [row] = await server.sql(db(), 'SELECT accepted_at FROM _invites WHERE id = $1', [inv.id]);
      expect(row.accepted_at).toBeNull();
    });

    it('concurrent accepts of one token: exactly one user, one session', async () => {
      const inv = await invite('racer@co.com', ['ops']);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => accept({ token: inv.token, password: `password-${i}` })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      for (const r of results.filter((r) => r.status !== 201)) {
        expect([r.status, r.body.error.message]).toEqual([422, 'Invite has already been accepted']);
      }
      const users = await server.sql(db(), "SELECT id FROM _users WHERE email = 'racer@co.com'");
      expect(users).toHaveLength(1);
      const sessions = await server.sql(db(), 'SELECT count(*)::int AS n FROM _refresh_tokens WHERE user_id = $1', [
        users[0].id,
      ]);
      expect(sessions).toEqual([{ n: 1 }]);
    });
  });

  describe('bulk (07 §9.3)', () => {
    it('creates 50 invites at once, skipping and reporting duplicates, bad addresses, users and pending invites', async () => {
      await invite('bulk-pending@co.com');
      const fresh = Array.from({ length: 50 }, (_, i) => `bulk${i}@co.com`);
      const emails = [
        ...fresh,
        'BULK0@co.com', // duplicate of the first after normalisation
        ' bulk1@co.com ',
        'bulk2@co.com',
        'not-an-address',
        'admin@localhost',
        'bulk-pending@co.com',
      ];
      const res = await server.post(`${url()}/bulk`, { token: admin, body: { emails, roles: ['Field'] } });
      expect(res.status).toBe(200);
      const { created, skipped, summary } = res.body.data;
      expect(summary).toEqual({ total: 53, created: 50, skipped: 3 });
      expect(created.map((c: any) => c.email)).toEqual(fresh);
      expect(created[0]).toEqual({
        id: expect.any(String),
        email: 'bulk0@co.com',
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expires_at: expect.any(String),
        email_queued: false,
      });
      expect(new Set(created.map((c: any) => c.token)).size).toBe(50);
      expect(skipped).toEqual([
        { email: 'not-an-address', reason: 'Invalid email address' },
        { email: 'admin@localhost', reason: 'A user with this email already exists' },
        { email: 'bulk-pending@co.com', reason: 'A pending invite already exists for this email' },
      ]);
      const rows = await server.sql(
        db(),
        "SELECT roles FROM _invites WHERE email LIKE 'bulk%@co.com' AND email <> 'bulk-pending@co.com'",
      );
      expect(rows).toHaveLength(50);
      expect(rows.every((r) => r.roles.length === 1 && r.roles[0] === 'field')).toBe(true);
      // Every token works on its own.
      const last = await accept({ token: created[49].token, password: 'password-1' });
      expect(last.status).toBe(201);
      expect(last.body.data.user).toMatchObject({ email: 'bulk49@co.com', roles: ['field'] });

      // Run again: everything is pending (or a user) now.
      const again = await server.post(`${url()}/bulk`, { token: admin, body: { emails: fresh } });
      expect(again.body.data.summary).toEqual({ total: 50, created: 0, skipped: 50 });
      expect(again.body.data.skipped[49]).toEqual({
        email: 'bulk49@co.com',
        reason: 'A user with this email already exists',
      });
    });

    it.each<[string, object, string]>([
      ['no emails', {}, 'emails is required and must be a non-empty array'],
      ['an empty list', { emails: [] }, 'emails is required and must be a non-empty array'],
      ['not a list', { emails: 'a@b' }, 'emails is required and must be a non-empty array'],
      [
        '501 entries',
        { emails: Array.from({ length: 501 }, (_, i) => `x${i}@co.com`) },
        'emails must contain at most 500 entries',
      ],
      ['a blank entry', { emails: ['a@co.com', '  '] }, 'emails must not contain blank entries'],
      ['a non-string entry', { emails: ['a@co.com', 7] }, 'emails must not contain blank entries'],
    ])('%s → 422, nothing created', async (_label, body, message) => {
      const [before] = await server.sql(db(), 'SELECT count(*)::int AS n FROM _invites');
      const res = await server.post(`${url()}/bulk`, { token: admin, body });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toBe(message);
      expect(await server.sql(db(), 'SELECT count(*)::int AS n FROM _invites')).toEqual([before]);
    });

    it('bad shared roles → 422, nothing created', async () => {
      const res = await server.post(`${url()}/bulk`, { token: admin, body: { emails: ['ok@co.com'], roles: 'admin' } });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'roles', rule: 'invalid_value' })]);
    });
  });

  describe('hostile input', () => {
    it('answers malformed bodies and ids with a 4xx in the envelope and changes nothing', async () => {
      const before = await server.sql(db(), 'SELECT count(*)::int AS n FROM _invites');
      for (const raw of ['{"token":', '[]', '"x"']) {
        const res = await server.post(`/api/${app}/auth/accept-invite`, { raw });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('INVALID_PAYLOAD');
      }
      for (const body of [
        { token: 42, password: 'password-1' },
        { token: "x' OR '1'='1", password: 'password-1' },
      ]) {
        const res = await accept(body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.error.code).toEqual(expect.any(String));
      }
      const del = await server.delete(`${url()}/not-a-uuid`, { token: admin });
      expect(del.status).toBe(404);
      expect(del.body.error.code).toBe('NOT_FOUND');
      const bulk = await server.post(`${url()}/bulk`, { token: admin, raw: '{"invites":' });
      expect(bulk.status).toBe(400);
      expect(await server.sql(db(), 'SELECT count(*)::int AS n FROM _invites')).toEqual(before);
    });
  });
});
