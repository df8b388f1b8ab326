import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppProber,
  DEFAULT_JOB_RUNNER_OPTIONS,
  JobRunner,
  JobRunnerOptions,
  SweepReport,
  WriteActivityRepository,
} from '@rocket/jobs';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { AppsRepository, TenancyService } from '@rocket/tenancy';
import { DeliveryQueue, WebhookLogRetention } from '@rocket/webhooks';
import { TestServer } from './support/test-server';
import { WebhookReceiver } from './support/webhook-receiver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOUR = 3_600_000;

/**
 * The background engine over apps that sit idle (08 §7, issue 9), on a real
 * server and database: the sweep asks each app's database in one statement
 * without opening the app, asks again only when rows were written there or
 * a reported due time has come, and still finds due work anywhere.
 *
 * The server's own runner is stopped; each test builds a runner from the
 * server's real services with the webhook delivery queue alone, so what it
 * asserts does not depend on which other queues this build registers (a
 * queue without `dueAtSql` makes the sweep enter every app, by design).
 */
describe('background work over idle apps (08 §7)', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let runner: JobRunner;
  let tenancy: TenancyService;
  /** Runners made by the tests, stopped after each. */
  const runners: JobRunner[] = [];
  let apps: string[];
  /** Apps opened since the test began (every opening runs the open hooks). */
  const opened: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rocket-jobs-'));
    writeFileSync(join(dir, 'app.yaml'), 'webhooks:\n  poll_interval_ms: 200\n  timeout_ms: 2000\n');
    server = await TestServer.start({ ROCKET_CONFIG: join(dir, 'app.yaml') });
    receiver = await WebhookReceiver.start();
    await server.app.get(JobRunner).beforeApplicationShutdown();
    tenancy = server.app.get(TenancyService);
    tenancy.onOpen((ctx) => void opened.push(ctx.name));
    apps = [];
    for (let i = 0; i < 3; i++) apps.push(await server.createApp());
  });

  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  beforeEach(async () => {
    for (const app of apps) await tenancy.evict(app);
    opened.length = 0;
    runner = engine();
  });

  afterEach(async () => {
    for (const r of runners.splice(0)) await r.beforeApplicationShutdown();
  });

  /** A started runner over the server's services with the webhook queue (and `maintenance`, if any). */
  function engine(options: Partial<JobRunnerOptions> = {}, maintenance = false): JobRunner {
    const get = <T>(token: unknown) => server.app.get<T>(token as never);
    const r = new JobRunner(
      tenancy,
      get<AppsRepository>(AppsRepository),
      get<AppProber>(AppProber),
      get<WriteActivityRepository>(WriteActivityRepository),
      get<Logger>(ROCKET_LOGGER),
      { ...DEFAULT_JOB_RUNNER_OPTIONS, firstSweepDelayMs: HOUR, ...options },
    );
    r.register(get<DeliveryQueue>(DeliveryQueue));
    if (maintenance) r.registerMaintenance(get<WebhookLogRetention>(WebhookLogRetention));
    r.onApplicationBootstrap();
    runners.push(r);
    return r;
  }

  const db = (app: string) => `rocket_${app}`;

  /** A delivery row written straight into an app's database, as another process would. */
  async function insertDelivery(app: string, path: string, nextRetryAt = 'now()'): Promise<string> {
    const [row] = await server.sql(
      db(app),
      `INSERT INTO _webhook_logs (entity, hook, url, method, request_body, idempotency_key, next_retry_at)
       VALUES ('thing', 'after_write', $1, 'POST', '{"event":"thing.created"}', gen_random_uuid()::text, ${nextRetryAt})
       RETURNING id`,
      [receiver.url(path)],
    );
    return row.id as string;
  }

  /** Sweeps until one sweep asks no database (statistics of earlier writes can take a moment to land). */
  async function sweepUntilQuiet(): Promise<SweepReport[]> {
    const reports: SweepReport[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const report = await runner.sweep();
      reports.push(report);
      if (report.probed === 0) return reports;
      if (Date.now() > deadline) throw new Error(`the sweep kept probing: ${JSON.stringify(reports)}`);
      await sleep(250);
    }
  }

  it('asks idle apps without opening them, and stops asking while nothing changes', async () => {
    const reports = await sweepUntilQuiet();
    expect(reports[0]).toMatchObject({ apps: 3, probed: 3, entered: 0, due: 0 });
    expect(await runner.sweep()).toEqual({ apps: 3, probed: 0, entered: 0, maintained: 0, due: 0 });
    expect(opened).toEqual([]);
    expect(apps.filter((a) => tenancy.isOpen(a))).toEqual([]);
  });

  it('runs an app’s maintenance on its turn only, on a short-lived connection, without opening it', async () => {
    // An old delivered log row in each app: retention (30 days) must delete it.
    for (const app of apps) {
      await server.sql(
        db(app),
        `INSERT INTO _webhook_logs (entity, hook, url, method, idempotency_key, status, created_at)
         VALUES ('thing', 'after_write', 'http://127.0.0.1:9/', 'POST', gen_random_uuid()::text, 'delivered', now() - interval '40 days')`,
      );
    }
    const oldRows = async (app: string) =>
      (
        await server.sql(
          db(app),
          "SELECT count(*)::int AS n FROM _webhook_logs WHERE created_at < now() - interval '30 days'",
        )
      )[0].n;
    await runner.beforeApplicationShutdown();
    runner = engine({ spreadMaintenance: false }, true);
    // Without spreading, every app's first turn is now.
    expect(await runner.sweep()).toMatchObject({ apps: 3, probed: 3, entered: 0, maintained: 3, due: 0 });
    for (const app of apps) expect(await oldRows(app)).toBe(0);
    expect(opened).toEqual([]);
    expect(apps.filter((a) => tenancy.isOpen(a))).toEqual([]);
    const [next] = await sweepUntilQuiet();
    expect(next).toMatchObject({ entered: 0, maintained: 0 });
    expect(opened).toEqual([]);
  });

  it('an open app gets its maintenance turn through its own pool', async () => {
    await tenancy.run(apps[0], () => Promise.resolve());
    opened.length = 0;
    await runner.beforeApplicationShutdown();
    runner = engine({ spreadMaintenance: false }, true);
    const report = await runner.sweep();
    expect(report).toMatchObject({ apps: 3, entered: 1, maintained: 3 });
    expect(tenancy.isOpen(apps[0])).toBe(true);
  });

  it('finds due work written into an app that is not open, and leaves the others closed', async () => {
    await sweepUntilQuiet();
    const [busy, ...idle] = apps;
    const id = await insertDelivery(busy, '/sweep');
    const deadline = Date.now() + 30_000;
    let found: SweepReport | undefined;
    while (receiver.at('/sweep').length === 0) {
      if (Date.now() > deadline) throw new Error('the due delivery was not found');
      const report = await runner.sweep();
      if (report.due > 0) found = report;
      await sleep(100);
    }
    expect(found?.due).toBe(1);
    expect(receiver.at('/sweep')[0].headers['x-rocket-delivery']).toBe(id);
    // The app with due work was opened to run it; the idle ones were only asked.
    expect(opened).toContain(busy);
    expect(opened.filter((a) => idle.includes(a))).toEqual([]);
  });

  it('reports, from the database and without opening the app, when work comes due', async () => {
    const app = apps[1];
    await server.sql(db(app), 'DELETE FROM _webhook_logs');
    const prober = server.app.get(AppProber);
    const queue = server.app.get(DeliveryQueue);
    const target = { name: app, db_name: db(app) };

    expect((await prober.probe(target, [queue])).get('webhooks')).toBeNull();

    await insertDelivery(app, '/later', "now() + interval '1 hour'");
    const later = (await prober.probe(target, [queue])).get('webhooks')!;
    expect(Math.abs(later - (Date.now() + HOUR))).toBeLessThan(5 * 60_000);

    // A lease that ran out is due at once (a process died mid-delivery).
    await server.sql(
      db(app),
      `INSERT INTO _webhook_logs (entity, hook, url, method, idempotency_key, status, locked_until)
       VALUES ('thing', 'after_write', 'http://127.0.0.1:9/', 'POST', 'lease', 'delivering', now() - interval '1 second')`,
    );
    expect((await prober.probe(target, [queue])).get('webhooks')!).toBeLessThanOrEqual(Date.now());

    expect(opened).not.toContain(app);
    expect(tenancy.isOpen(app)).toBe(false);
    await server.sql(db(app), 'DELETE FROM _webhook_logs');
  });

  it('polling finds work another process committed in an open app', async () => {
    const app = apps[0];
    await server.appLogin(app); // opens the app
    expect(tenancy.isOpen(app)).toBe(true);
    await insertDelivery(app, '/poll');
    await receiver.waitFor(() => receiver.at('/poll').length === 1, 20_000, 'the polled delivery');
  });

  it('an app from before a queue’s table existed: the failed probe enters it, and its bootstrap adds the table', async () => {
    const app = apps[2];
    await server.sql(db(app), `DROP TABLE _webhook_logs; DELETE FROM _rocket_schema WHERE scope = 'app'`);
    const exists = async () =>
      (await server.sql(db(app), "SELECT to_regclass('_webhook_logs') IS NOT NULL AS ok"))[0].ok as boolean;
    const deadline = Date.now() + 30_000;
    let entered = false;
    while (!(await exists())) {
      if (Date.now() > deadline) throw new Error('the table did not come back');
      entered = (await runner.sweep()).entered > 0 || entered;
      await sleep(100);
    }
    expect(entered).toBe(true);
    expect(opened).toContain(app);
  });
});
