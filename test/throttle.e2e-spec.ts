import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestServer } from './support/test-server';

describe('login throttling (07 §10)', () => {
  let server: TestServer;
  let app: string;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rocket-cfg-')), 'app.yaml');
    writeFileSync(file, 'auth:\n  login_max_failures: 3\n  login_window_seconds: 60\n');
    server = await TestServer.start({ ROCKET_CONFIG: file });
    app = await server.createApp();
  });
  afterAll(() => server.close());

  const attempt = (email: string, password: string, path = `/api/${app}/auth/login`) =>
    server.post(path, { body: { email, password } });

  it('refuses further attempts after the limit, even with the right password, per e-mail', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('admin@localhost', 'wrong-password')).status).toBe(401);
    const blocked = await attempt('ADMIN@localhost', 'changeme');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many failed login attempts; try again later',
    });
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // Another e-mail and another app are not affected.
    expect((await attempt('someone@localhost', 'wrong-password')).status).toBe(401);
    const other = await server.createApp();
    expect((await attempt('admin@localhost', 'changeme', `/api/${other}/auth/login`)).status).toBe(200);
  });

  it('counts unknown e-mails and platform logins separately', async () => {
    for (let i = 0; i < 3; i++) await attempt('ghost@localhost', 'wrong-password');
    expect((await attempt('ghost@localhost', 'wrong-password')).status).toBe(429);
    for (let i = 0; i < 3; i++) await attempt('platform@localhost', 'wrong-password', '/api/_platform/auth/login');
    expect((await attempt('platform@localhost', 'changeme', '/api/_platform/auth/login')).status).toBe(429);
  });

  it('a successful login clears the counter', async () => {
    const other = await server.createApp();
    const path = `/api/${other}/auth/login`;
    for (let i = 0; i < 2; i++) await attempt('admin@localhost', 'wrong-password', path);
    expect((await attempt('admin@localhost', 'changeme', path)).status).toBe(200);
    for (let i = 0; i < 2; i++) await attempt('admin@localhost', 'wrong-password', path);
    expect((await attempt('admin@localhost', 'changeme', path)).status).toBe(200);
  });
});
