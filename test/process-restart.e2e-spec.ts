import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearStaleInstance, freePort } from '@rocket/database';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'apps', 'server', 'src', 'main.js');

/**
 * The built server as a user runs it: no DATABASE_URL, so it starts its own
 * embedded PostgreSQL in the data folder. Killed with SIGKILL, it must come
 * back on the same data; stopped with SIGTERM, it must stop the database too.
 */
describe('server process on the embedded database', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let logs = '';

  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
    dataDir = mkdtempSync(join(tmpdir(), 'rocket-proc-'));
    chmodSync(dataDir, 0o755);
  }, 120000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    // If the test failed half-way, a PostgreSQL orphaned by SIGKILL may remain.
    await clearStaleInstance(join(dataDir, 'postgres'));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startServer(port: number): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      ROCKET_DATA_DIR: dataDir,
      ROCKET_LOG_LEVEL: 'info',
      ROCKET_ENV: 'development',
    };
    delete env.DATABASE_URL;
    delete env.ROCKET_CONFIG;
    env.ROCKET_MASTER_KEY = 'restart-test-master-key-0123456789abcdef';
    env.ROCKET_PLATFORM_JWT_SECRET = 'restart-test-platform-secret-0123456789ab';
    const proc = spawn(process.execPath, [MAIN], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    proc.stdout.on('data', (chunk) => (logs += chunk));
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (res.status === 200) return proc;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('server did not become ready');
  }

  const post = (port: number, path: string, body: unknown, token?: string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('restarts cleanly after kill -9 and keeps its data; SIGTERM stops everything', async () => {
    const port = await freePort();
    child = await startServer(port);
    const platform = await post(port, '/api/_platform/auth/login', {
      email: 'platform@localhost',
      password: 'changeme',
    });
    expect(platform.status).toBe(200);
    const created = await post(port, '/api/_platform/apps', { name: 'restart_demo' }, platform.body.data.access_token);
    expect(created.status).toBe(201);

    child.kill('SIGKILL');
    await exited(child);
    // The orphaned PostgreSQL still holds the data folder: the next start must cope.
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

    const port2 = await freePort();
    child = await startServer(port2);
    const login = await post(port2, '/api/restart_demo/auth/login', { email: 'admin@localhost', password: 'changeme' });
    expect(login.status).toBe(200);

    child.kill('SIGTERM');
    const code = await exited(child);
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // Structured logs: one JSON object per line, a line per request, no secrets.
    const lines = logs
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const requestLine = lines.find((l) => l.msg === 'request' && l.path === '/api/restart_demo/auth/login');
    expect(requestLine).toMatchObject({ method: 'POST', status: 200, app: 'restart_demo', req_id: expect.any(String) });
    expect(typeof requestLine.latency_ms).toBe('number');
    expect(logs).not.toContain(login.body.data.access_token);
    expect(logs).not.toContain(login.body.data.refresh_token);
    expect(logs).not.toContain('"changeme"');
  }, 120000);
});

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}
