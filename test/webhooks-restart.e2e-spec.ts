import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@rocket/database';
import { testDatabaseUrl } from './support/test-server';
import { WebhookReceiver } from './support/webhook-receiver';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'apps', 'server', 'src', 'main.js');
const APP = `whcrash${randomBytes(3).toString('hex')}`;
const MGMT = `rkt_mgmt_${randomBytes(5).toString('hex')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sql<T = any>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: testDatabaseUrl(database) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * The outbox survives a crash (06 §6.1): the built server is killed with
 * SIGKILL while deliveries are in flight and others wait; after a restart
 * every delivery arrives, each with its idempotency key — in-flight ones
 * once their lease runs out, without counting a new attempt.
 */
describe('webhook deliveries across a server crash', () => {
  let receiver: WebhookReceiver;
  let child: ChildProcess | undefined;
  let config: string;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
    const dir = mkdtempSync(join(tmpdir(), 'rocket-wh-crash-'));
    config = join(dir, 'app.yaml');
    writeFileSync(
      config,
      'webhooks:\n  timeout_ms: 3000\n  concurrency: 2\n  poll_interval_ms: 200\n  retry_base_seconds: 1\n',
    );
    receiver = await WebhookReceiver.start();
  }, 180000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await receiver.close();
    for (const db of [`rocket_${APP}`, MGMT]) {
      await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined);
    }
  });

  async function startServer(port: number): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(MGMT),
      ROCKET_CONFIG: config,
      ROCKET_ENV: 'test',
      ROCKET_LOG_LEVEL: 'silent',
      ROCKET_MASTER_KEY: 'crash-test-master-key-0123456789abcdef0123',
      ROCKET_PLATFORM_JWT_SECRET: 'crash-test-platform-secret-0123456789abcd',
    };
    const proc = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) return proc;
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    throw new Error('server did not become ready');
  }

  const call = (port: number, method: string, path: string, body?: unknown, token?: string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('delivers every queued and in-flight delivery after kill -9 and a restart', async () => {
    let up = false;
    receiver.on('/crash', () => (up ? { status: 200, body: { ok: true } } : 'hang'));

    const port = await freePort();
    child = await startServer(port);
    const platform = await call(port, 'POST', '/api/_platform/auth/login', {
      email: 'platform@localhost',
      password: 'changeme',
    });
    expect(
      (await call(port, 'POST', '/api/_platform/apps', { name: APP }, platform.body.data.access_token)).status,
    ).toBe(201);
    const login = await call(port, 'POST', `/api/${APP}/auth/login`, {
      email: 'admin@localhost',
      password: 'changeme',
    });
    const token = login.body.data.access_token as string;
    const entity = await call(
      port,
      'POST',
      `/api/${APP}/_admin/entities`,
      {
        name: 'order',
        table: 'orders',
        primary_key: { field: 'id', type: 'uuid', generated: true },
        fields: [
          { name: 'id', type: 'uuid', required: true },
          { name: 'number', type: 'string', required: true },
        ],
      },
      token,
    );
    expect(entity.status).toBe(201);
    const hook = await call(
      port,
      'POST',
      `/api/${APP}/_admin/webhooks`,
      { entity: 'order', url: receiver.url('/crash') },
      token,
    );
    expect(hook.status).toBe(201);

    const n = 6;
    for (let i = 0; i < n; i++) {
      expect((await call(port, 'POST', `/api/${APP}/order`, { number: `C-${i}` }, token)).status).toBe(201);
    }
    // Both slots are taken by calls the receiver holds open; the other rows wait.
    await receiver.waitFor(() => receiver.at('/crash').length >= 2, 10000, 'two deliveries in flight');
    child.kill('SIGKILL');
    await exited(child);

    const db = `rocket_${APP}`;
    const before = await sql(db, 'SELECT status, count(*)::int AS n FROM _webhook_logs GROUP BY status');
    const byStatus = Object.fromEntries(before.map((r) => [r.status, r.n]));
    expect(byStatus.delivering).toBeGreaterThanOrEqual(1);
    expect(byStatus.pending).toBeGreaterThanOrEqual(1);
    expect(byStatus.delivered).toBeUndefined();
    const inFlight = receiver.at('/crash').map((r) => String(r.headers['x-idempotency-key']));

    up = true;
    receiver.dropConnections();
    child = await startServer(await freePort());

    // No request needed: the sweep after startup finds the app's due rows; the
    // lease of the in-flight ones (timeout + 30 s) runs out and they are taken back.
    const deadline = Date.now() + 75000;
    for (;;) {
      const [row] = await sql(db, "SELECT count(*)::int AS n FROM _webhook_logs WHERE status = 'delivered'");
      if (row.n === n) break;
      if (Date.now() > deadline) throw new Error(`only ${row.n} of ${n} delivered after the restart`);
      await sleep(250);
    }
    const logs = await sql(db, 'SELECT idempotency_key, attempt FROM _webhook_logs');
    const answered = receiver.at('/crash').filter((r) => r.answered === 200);
    for (const log of logs) {
      const got = answered.filter((r) => r.headers['x-idempotency-key'] === log.idempotency_key);
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(got[0].body.idempotency_key).toBe(log.idempotency_key);
    }
    // The interrupted deliveries were re-sent with their key, as the same attempt.
    for (const key of inFlight) {
      const sent = receiver.at('/crash').filter((r) => r.headers['x-idempotency-key'] === key);
      expect(sent.map((r) => r.headers['x-rocket-attempt'])).toEqual(['1', '1']);
      expect(logs.find((l) => l.idempotency_key === key)?.attempt).toBe(1);
    }

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 150000);
});

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}
