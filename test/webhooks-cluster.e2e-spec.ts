import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryQueue } from '@rocket/webhooks';
import { defineSchema } from './support/schema';
import { TestServer } from './support/test-server';
import { WebhookReceiver } from './support/webhook-receiver';

const ENTITY = {
  name: 'order',
  table: 'orders',
  primary_key: { field: 'id', type: 'uuid', generated: true },
  fields: [
    { name: 'id', type: 'uuid', required: true },
    { name: 'number', type: 'string', required: true },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two server processes (two instances on one management database) run the
 * same delivery queue (06 §6.1, 08 §7): every delivery and every retry is
 * claimed by exactly one of them.
 */
describe('webhook deliveries with two server processes', () => {
  let a: TestServer;
  let b: TestServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rocket-wh-cluster-'));
    const config = join(dir, 'app.yaml');
    writeFileSync(
      config,
      'webhooks:\n  retry_base_seconds: 1\n  max_retry_delay_seconds: 1\n  poll_interval_ms: 100\n  concurrency: 4\n',
    );
    receiver = await WebhookReceiver.start();
    a = await TestServer.start({ ROCKET_CONFIG: config });
    b = await TestServer.start({ ROCKET_CONFIG: config }, a.managementDb);
  });
  afterAll(async () => {
    await b.close({ dropAll: false });
    await a.close();
    await receiver.close();
  });

  it('delivers every row exactly once, first attempts and retries alike', async () => {
    const app = await a.createApp();
    const token = (await a.appLogin(app)).access_token;
    await defineSchema(a, app, token, [ENTITY]);
    // Slow answers keep deliveries in flight while the other process polls.
    receiver.on('/once', async () => {
      await sleep(20);
      return { status: 200 };
    });
    const failedOnce = new Set<string>();
    receiver.on('/retry', (req) => {
      const key = String(req.headers['x-idempotency-key']);
      if (failedOnce.has(key)) return { status: 200 };
      failedOnce.add(key);
      return { status: 503 };
    });
    for (const path of ['/once', '/retry']) {
      const res = await a.post(`/api/${app}/_admin/webhooks`, {
        token,
        body: { entity: 'order', url: receiver.url(path) },
      });
      expect(res.status).toBe(201);
    }
    // The other process knows the webhooks and has the app loaded (it polls loaded apps).
    const tokenB = (await b.appLogin(app)).access_token;

    const runsA = jest.spyOn(a.app.get(DeliveryQueue), 'run');
    const runsB = jest.spyOn(b.app.get(DeliveryQueue), 'run');
    const n = 30;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        (i % 2 ? a : b).post(`/api/${app}/order`, { token: i % 2 ? token : tokenB, body: { number: `O-${i}` } }),
      ),
    );
    const db = `rocket_${app}`;
    const deadline = Date.now() + 30000;
    for (;;) {
      const [row] = await a.sql(db, "SELECT count(*)::int AS n FROM _webhook_logs WHERE status = 'delivered'");
      if (row.n === 2 * n) break;
      if (Date.now() > deadline) throw new Error(`only ${row.n} of ${2 * n} delivered`);
      await sleep(100);
    }
    await sleep(500); // anything sent twice would show up now

    const byKey = (path: string) => {
      const counts = new Map<string, string[]>();
      for (const r of receiver.at(path)) {
        const key = String(r.headers['x-idempotency-key']);
        counts.set(key, [...(counts.get(key) ?? []), String(r.headers['x-rocket-attempt'])]);
      }
      return counts;
    };
    const once = byKey('/once');
    expect(once.size).toBe(n);
    expect([...once.values()].every((attempts) => attempts.length === 1 && attempts[0] === '1')).toBe(true);
    const retried = byKey('/retry');
    expect(retried.size).toBe(n);
    expect([...retried.values()].every((attempts) => attempts.join() === '1,2')).toBe(true);
    const logs = await a.sql(db, 'SELECT attempt, status FROM _webhook_logs');
    expect(logs).toHaveLength(2 * n);
    // Both processes delivered, and together they made exactly the attempts the receiver saw.
    expect(runsA.mock.calls.length).toBeGreaterThan(0);
    expect(runsB.mock.calls.length).toBeGreaterThan(0);
    expect(runsA.mock.calls.length + runsB.mock.calls.length).toBe(3 * n);
  }, 60000);
});
