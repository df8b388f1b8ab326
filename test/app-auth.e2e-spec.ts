import * as bcrypt from 'bcryptjs';
import { appKey, decode, sign, unsigned } from './support/tokens';
import { TestServer } from './support/test-server';

describe('app auth (07 §2–4)', () => {
  let server: TestServer;
  let app: string;
  let db: string;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    db = `rocket_${app}`;
  });
  afterAll(() => server.close());

  async function addUser(email: string, password: string, roles: string[] = [], active = true) {
    const hash = await bcrypt.hash(password, 10);
    const [row] = await server.sql(
      db,
      'INSERT INTO _users (email, password_hash, roles, active) VALUES ($1,$2,$3,$4) RETURNING id',
      [email, hash, roles, active],
    );
    return row.id as string;
  }

  describe('login', () => {
    it('issues a token pair with the claims of 07 §2.1', async () => {
      const res = await server.post(`/api/${app}/auth/login`, {
        body: { email: ' Admin@Localhost ', password: 'changeme' },
      });
      expect(res.status).toBe(200);
      const { access_token, refresh_token, expires_in, user } = res.body.data;
      expect(expires_in).toBe(900);
      expect(refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(user).toMatchObject({ email: 'admin@localhost', roles: ['admin'] });
      const header = JSON.parse(Buffer.from(access_token.split('.')[0], 'base64url').toString());
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      const claims = decode(access_token);
      expect(claims).toMatchObject({
        sub: user.id,
        email: 'admin@localhost',
        roles: ['admin'],
        aud: `rocket:app:${app}`,
        iss: 'rocket',
      });
      expect(claims.exp - claims.iat).toBe(900);
      // Only the hash of the refresh token is stored.
      const rows = await server.sql(db, 'SELECT token_hash FROM _refresh_tokens WHERE user_id = $1', [user.id]);
      expect(rows.some((r) => r.token_hash === refresh_token)).toBe(false);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    });

    it('answers wrong password and unknown e-mail identically', async () => {
      const wrong = await server.post(`/api/${app}/auth/login`, {
        body: { email: 'admin@localhost', password: 'nope-nope' },
      });
      const unknown = await server.post(`/api/${app}/auth/login`, {
        body: { email: 'ghost@localhost', password: 'nope-nope' },
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Invalid email or password' } });
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    });

    it.each([
      [{}, 'missing both'],
      [{ email: 'admin@localhost' }, 'missing password'],
      [{ email: '', password: 'x' }, 'empty e-mail'],
      [{ email: 42, password: 'changeme' }, 'wrong type'],
    ])('requires e-mail and password (%j: %s)', async (body, _why) => {
      const res = await server.post(`/api/${app}/auth/login`, { body });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Email and password are required');
    });

    it('refuses a body that is not an object', async () => {
      for (const raw of ['[]', '"x"', '12', 'null']) {
        const res = await server.post(`/api/${app}/auth/login`, { raw });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('INVALID_PAYLOAD');
      }
    });

    it('tells a disabled account only after the right password', async () => {
      await addUser('off@localhost', 'password-1', [], false);
      const right = await server.post(`/api/${app}/auth/login`, {
        body: { email: 'off@localhost', password: 'password-1' },
      });
      expect(right.status).toBe(401);
      expect(right.body.error.message).toBe('Account is disabled');
      const wrong = await server.post(`/api/${app}/auth/login`, {
        body: { email: 'off@localhost', password: 'password-2' },
      });
      expect(wrong.body.error.message).toBe('Invalid email or password');
    });

    it('refuses a password over 72 bytes without revealing anything', async () => {
      const res = await server.post(`/api/${app}/auth/login`, {
        body: { email: 'admin@localhost', password: 'changeme' + 'x'.repeat(80) },
      });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Invalid email or password');
    });
  });

  describe('bearer tokens', () => {
    let token: string;
    beforeAll(async () => {
      token = (await server.appLogin(app)).access_token;
    });

    it('accepts the app token', async () => {
      const res = await server.get(`/api/${app}/auth/me`, { token });
      expect(res.status).toBe(200);
    });

    it.each([
      [undefined, 'Missing auth token'],
      ['', 'Missing auth token'],
      ['Basic abc', 'Invalid auth header format'],
      ['Bearer', 'Invalid auth header format'],
      ['Bearer a b', 'Invalid auth header format'],
      ['Bearer not-a-jwt', 'Invalid or expired token'],
    ])('refuses Authorization %j', async (header, message) => {
      const headers: Record<string, string> = header === undefined ? {} : { authorization: header };
      const res = await server.get(`/api/${app}/auth/me`, { headers });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'UNAUTHORIZED', message });
    });

    it('refuses expired, forged, alg:none and wrong-audience tokens', async () => {
      const key = await appKey(server, app);
      const claims = decode(token);
      const base = { email: claims.email, roles: claims.roles };
      const valid = sign(base, key, { subject: claims.sub, audience: `rocket:app:${app}`, expiresIn: 60 });
      expect((await server.get(`/api/${app}/auth/me`, { token: valid })).status).toBe(200);

      const bad = [
        sign({ ...base, exp: Math.floor(Date.now() / 1000) - 60 }, key, {
          subject: claims.sub,
          audience: `rocket:app:${app}`,
        }),
        sign(base, Buffer.from('not-the-key'), { subject: claims.sub, audience: `rocket:app:${app}`, expiresIn: 60 }),
        unsigned({
          ...base,
          sub: claims.sub,
          aud: `rocket:app:${app}`,
          iss: 'rocket',
          exp: Math.floor(Date.now() / 1000) + 60,
        }),
        sign(base, key, { subject: claims.sub, audience: 'rocket:app:other', expiresIn: 60 }),
        sign(base, key, { subject: claims.sub, expiresIn: 60 }),
        sign(base, key, { subject: claims.sub, audience: `rocket:app:${app}`, expiresIn: 60, algorithm: 'HS512' }),
        token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA'),
      ];
      for (const t of bad) {
        const res = await server.get(`/api/${app}/auth/me`, { token: t });
        expect(res.status).toBe(401);
        expect(res.body.error.message).toBe('Invalid or expired token');
      }
    });

    it('never accepts a token of app A on app B', async () => {
      const other = await server.createApp();
      const res = await server.get(`/api/${other}/auth/me`, { token });
      expect(res.status).toBe(401);
      // Even a token claiming app B's audience but signed with A's key fails.
      const claims = decode(token);
      const forged = sign({ email: claims.email, roles: claims.roles }, await appKey(server, app), {
        subject: claims.sub,
        audience: `rocket:app:${other}`,
        expiresIn: 60,
      });
      expect((await server.get(`/api/${other}/auth/me`, { token: forged })).status).toBe(401);
    });

    it('lets a platform admin in as admin but not onto app-user-only routes; refuses platform non-admins', async () => {
      const platform = await server.platformToken();
      const me = await server.get(`/api/${app}/auth/me`, { token: platform });
      expect(me.status).toBe(403);
      expect(me.body.error.message).toBe('App user token required');

      const hash = await bcrypt.hash('operator-pass', 10);
      await server.sql(
        server.managementDb,
        "INSERT INTO _platform_users (email, password_hash, roles) VALUES ('op@localhost', $1, '{}')",
        [hash],
      );
      const op = await server.platformLogin('op@localhost', 'operator-pass');
      const res = await server.get(`/api/${app}/auth/me`, { token: op.access_token });
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'FORBIDDEN', message: 'Platform admin access required' });
    });

    it('refuses an app token on platform routes', async () => {
      const res = await server.get('/api/_platform/apps', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Invalid or expired token');
    });
  });

  describe('refresh and logout', () => {
    it('rotates refresh tokens and revokes the session when one is reused', async () => {
      const first = await server.appLogin(app);
      const r1 = await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: first.refresh_token } });
      expect(r1.status).toBe(200);
      expect(r1.body.data.refresh_token).not.toBe(first.refresh_token);
      expect(decode(r1.body.data.access_token).sub).toBe(first.user.id);

      const replay = await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: first.refresh_token } });
      expect(replay.status).toBe(401);
      expect(replay.body.error.message).toBe('Invalid refresh token');
      // The whole family is gone, including the token issued by the rotation.
      const next = await server.post(`/api/${app}/auth/refresh`, {
        body: { refresh_token: r1.body.data.refresh_token },
      });
      expect(next.status).toBe(401);
      expect(next.body.error.message).toBe('Invalid refresh token');
    });

    it('keeps other sessions of the same user alive after a reuse', async () => {
      const a = await server.appLogin(app);
      const b = await server.appLogin(app);
      await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: a.refresh_token } });
      await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: a.refresh_token } });
      const res = await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: b.refresh_token } });
      expect(res.status).toBe(200);
    });

    it.each([
      [{}, 'Refresh token is required'],
      [{ refresh_token: '' }, 'Refresh token is required'],
      [{ refresh_token: 5 }, 'Refresh token is required'],
      [{ refresh_token: 'x'.repeat(300) }, 'Invalid refresh token'],
      [{ refresh_token: 'unknown-token' }, 'Invalid refresh token'],
    ])('refuses %j', async (body, message) => {
      const res = await server.post(`/api/${app}/auth/refresh`, { body });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe(message);
    });

    it('deletes an expired refresh token', async () => {
      const s = await server.appLogin(app);
      await server.sql(
        db,
        "UPDATE _refresh_tokens SET expires_at = NOW() - interval '1 second' WHERE family_id = (SELECT family_id FROM _refresh_tokens ORDER BY created_at DESC LIMIT 1)",
      );
      const res = await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: s.refresh_token } });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Refresh token expired');
    });

    it('stops refreshing for a user disabled after login', async () => {
      const id = await addUser('soon-off@localhost', 'password-1');
      const s = await server.appLogin(app, 'soon-off@localhost', 'password-1');
      await server.sql(db, 'UPDATE _users SET active = false WHERE id = $1', [id]);
      const res = await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: s.refresh_token } });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Account is disabled');
      const [row] = await server.sql(
        db,
        'SELECT count(*)::int AS n FROM _refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [id],
      );
      expect(row.n).toBe(0);
    });

    it('logs out a whole session and answers 200 for unknown tokens', async () => {
      const s = await server.appLogin(app);
      const out = await server.post(`/api/${app}/auth/logout`, { body: { refresh_token: s.refresh_token } });
      expect(out.status).toBe(200);
      expect(out.body).toEqual({ message: 'Logged out' });
      const after = await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: s.refresh_token } });
      expect(after.status).toBe(401);
      const unknown = await server.post(`/api/${app}/auth/logout`, { body: { refresh_token: 'never-issued' } });
      expect(unknown.status).toBe(200);
      const missing = await server.post(`/api/${app}/auth/logout`, { body: {} });
      expect(missing.status).toBe(401);
      expect(missing.body.error.message).toBe('Refresh token is required');
    });

    it('does not accept a refresh token of another app', async () => {
      const other = await server.createApp();
      const s = await server.appLogin(app);
      const res = await server.post(`/api/${other}/auth/refresh`, { body: { refresh_token: s.refresh_token } });
      expect(res.status).toBe(401);
    });
  });

  describe('change password (07 §3.4)', () => {
    it('checks the current password and the policy, then ends every session', async () => {
      await addUser('pw@localhost', 'password-1', ['staff']);
      const s = await server.appLogin(app, 'pw@localhost', 'password-1');
      const other = await server.appLogin(app, 'pw@localhost', 'password-1');
      const path = `/api/${app}/auth/change-password`;

      const wrong = await server.post(path, {
        token: s.access_token,
        body: { current_password: 'nope', new_password: 'password-2' },
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'current password is incorrect',
        details: [{ field: 'current_password', rule: 'mismatch', message: 'current password is incorrect' }],
      });
      const short = await server.post(path, {
        token: s.access_token,
        body: { current_password: 'password-1', new_password: 'short' },
      });
      expect(short.status).toBe(422);
      expect(short.body.error.details[0]).toMatchObject({ field: 'new_password', rule: 'min_length' });
      const long = await server.post(path, {
        token: s.access_token,
        body: { current_password: 'password-1', new_password: 'é'.repeat(40) },
      });
      expect(long.body.error.details[0]).toMatchObject({ field: 'new_password', rule: 'max_length' });

      const ok = await server.post(path, {
        token: s.access_token,
        body: { current_password: 'password-1', new_password: 'password-2' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body.data.refresh_token).toBeDefined();
      expect(
        (await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: other.refresh_token } })).status,
      ).toBe(401);
      expect(
        (await server.post(`/api/${app}/auth/refresh`, { body: { refresh_token: ok.body.data.refresh_token } })).status,
      ).toBe(200);
      expect(
        (await server.post(`/api/${app}/auth/login`, { body: { email: 'pw@localhost', password: 'password-1' } }))
          .status,
      ).toBe(401);
      expect(
        (await server.post(`/api/${app}/auth/login`, { body: { email: 'pw@localhost', password: 'password-2' } }))
          .status,
      ).toBe(200);
    });
  });

  it('seeds exactly one admin per app', async () => {
    const rows = await server.sql(db, "SELECT email, roles, active FROM _users WHERE 'admin' = ANY(roles)");
    expect(rows).toEqual([{ email: 'admin@localhost', roles: ['admin'], active: true }]);
  });
});
