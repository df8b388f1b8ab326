import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InstanceAdvancer } from '@rocket/workflows';
import { defineSchema } from './support/schema';
import { TestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const TASK = {
  name: 'task',
  table: 'tasks',
  primary_key: { field: 'id', type: 'int', generated: true },
  fields: [
    { name: 'id', type: 'int', required: true },
    { name: 'title', type: 'string', required: true },
    { name: 'state', type: 'string', default: 'new' },
    { name: 'ping', type: 'string' },
  ],
};

/** Waits for the approval, times out after 1 s, then escalates the task and records an event. */
const ESCALATION = {
  name: 'task_escalation',
  trigger: { type: 'state_change', entity: 'task', field: 'state', to: 'review' },
  context: { id: 'record_id' },
  steps: [
    {
      id: 'review',
      type: 'approval',
      assignee: { type: 'role', role: 'manager' },
      timeout: '1s',
      on_approve: 'end',
      on_timeout: 'escalate',
    },
    {
      id: 'escalate',
      type: 'action',
      actions: [
        { type: 'set_field', entity: 'task', record_id: 'context.id', field: 'state', value: 'escalated' },
        { type: 'send_event', event: 'task.escalated' },
      ],
    },
  ],
};

/**
 * Two server processes on the same databases (05 §4.2): every due
 * instance — a new trigger, an expired deadline — is advanced by exactly
 * one of them, and instances left by a stopped process are finished by
 * the other.
 */
describe('workflow runner with two server processes', () => {
  let a: TestServer;
  let b: TestServer;
  let c: TestServer | undefined;
  let aOpen = true;
  let config: string;
  let app: string;
  let tokenA: string;
  let tokenB: string;
  const db = () => `rocket_${app}`;

  async function waitUntil(check: () => Promise<boolean>, what: string, ms = 30000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  const count = async (sql: string, params: unknown[] = []) => (await a.sql<{ n: number }>(db(), sql, params))[0].n;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rocket-wf-cluster-'));
    config = join(dir, 'app.yaml');
    writeFileSync(config, 'workflows:\n  poll_interval_ms: 100\n  max_trigger_depth: 3\n');
    a = await TestServer.start({ ROCKET_CONFIG: config });
    b = await TestServer.start({ ROCKET_CONFIG: config }, a.managementDb);
    app = await a.createApp();
    tokenA = (await a.appLogin(app)).access_token;
    await defineSchema(a, app, tokenA, [TASK]);
    const created = await a.post(`/api/${app}/_admin/workflows`, { token: tokenA, body: ESCALATION });
    expect(created.status).toBe(201);
    tokenB = (await b.appLogin(app)).access_token;
  });

  afterAll(async () => {
    await b.close({ dropAll: false }).catch(() => undefined);
    await c?.close({ dropAll: false });
    if (aOpen) await a.app.close();
    for (const name of [db(), a.managementDb]) {
      await a.sql('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('times out every approval exactly once across both processes', async () => {
    const advancesA = jest.spyOn(a.app.get(InstanceAdvancer), 'advance');
    const advancesB = jest.spyOn(b.app.get(InstanceAdvancer), 'advance');
    const n = 20;
    const tasks = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const [server, token] = i % 2 ? [a, tokenA] : [b, tokenB];
        const res = await server.post(`/api/${app}/task`, { token, body: { title: `T-${i}`, state: 'review' } });
        expect(res.status).toBe(201);
        return res.body.data;
      }),
    );
    await waitUntil(
      async () => (await count("SELECT count(*)::int AS n FROM _workflow_instances WHERE status = 'completed'")) === n,
      'every instance to complete',
    );
    await sleep(500); // a second timeout would show up now

    const instances = await a.sql(db(), 'SELECT history, trigger FROM _workflow_instances');
    expect(instances).toHaveLength(n);
    for (const instance of instances) {
      expect(instance.history.map((h: any) => `${h.step}:${h.status}`)).toEqual([
        'review:timed_out',
        'escalate:completed',
      ]);
    }
    expect(await count("SELECT count(*)::int AS n FROM _events WHERE action = 'workflow.timeout'")).toBe(n);
    expect(await count("SELECT count(*)::int AS n FROM _events WHERE action = 'task.escalated'")).toBe(n);
    const states = await a.sql(db(), 'SELECT state FROM tasks WHERE id = ANY($1::int[])', [tasks.map((t) => t.id)]);
    expect(states.every((s: any) => s.state === 'escalated')).toBe(true);
    // Entering and timing out: two units per instance, each run by one process only.
    expect(advancesA.mock.calls.length + advancesB.mock.calls.length).toBe(2 * n);
    expect(advancesA.mock.calls.length).toBeGreaterThan(0);
    expect(advancesB.mock.calls.length).toBeGreaterThan(0);
  }, 60000);

  it('stops workflow loops at max_trigger_depth with a skipped trigger event', async () => {
    // ping=a starts one that sets ping=b, which starts one that sets ping=a, and so on.
    for (const [from, to] of [
      ['a', 'b'],
      ['b', 'a'],
    ]) {
      const res = await a.post(`/api/${app}/_admin/workflows`, {
        token: tokenA,
        body: {
          name: `ping_${from}`,
          trigger: { type: 'state_change', entity: 'task', field: 'ping', to: from },
          context: { id: 'record_id' },
          steps: [
            {
              id: 'flip',
              type: 'action',
              actions: [{ type: 'set_field', entity: 'task', record_id: 'context.id', field: 'ping', value: to }],
            },
          ],
        },
      });
      expect(res.status).toBe(201);
    }
    const task = (await a.post(`/api/${app}/task`, { token: tokenA, body: { title: 'loop', ping: 'a' } })).body.data;
    const skipped = () =>
      count(
        "SELECT count(*)::int AS n FROM _events WHERE action = 'workflow.trigger' AND status = 'skipped' AND record_id = $1",
        [String(task.id)],
      );
    await waitUntil(async () => (await skipped()) === 1, 'the skipped trigger');
    const depths = await a.sql(
      db(),
      "SELECT depth FROM _workflow_instances WHERE trigger->>'record_id' = $1 ORDER BY depth",
      [String(task.id)],
    );
    expect(depths.map((d: any) => d.depth)).toEqual([0, 1, 2, 3]);
    await sleep(300);
    expect(await skipped()).toBe(1);
  }, 30000);

  it('finds waiting instances again after every process stopped', async () => {
    await b.close({ dropAll: false });
    const res = await a.post(`/api/${app}/task`, { token: tokenA, body: { title: 'orphan', state: 'review' } });
    const id = String(res.body.data.id);
    const instanceOf = async () =>
      (await a.sql(db(), "SELECT status, history FROM _workflow_instances WHERE trigger->>'record_id' = $1", [id]))[0];
    await waitUntil(async () => (await instanceOf())?.history.length === 0, 'the paused instance');
    await a.app.close();
    aOpen = false;
    expect((await instanceOf()).status).toBe('running');
    // A fresh process that never served this app finds the due timeout through its sweep (08 §7).
    c = await TestServer.start({ ROCKET_CONFIG: config }, a.managementDb);
    await waitUntil(async () => (await instanceOf()).status === 'completed', 'the new process to finish it');
    expect((await instanceOf()).history.map((h: any) => h.status)).toEqual(['timed_out', 'completed']);
  }, 30000);
});
