import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TenancyService } from '@rocket/tenancy';
import { InstancesRepository } from '@rocket/workflows';
import { example } from './fixtures/examples';
import { TestServer, testDatabaseUrl } from './support/test-server';
import { WebhookReceiver } from './support/webhook-receiver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fast polling so timeouts and deliveries happen within a test. */
function configFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rocket-workflows-'));
  const file = join(dir, 'app.yaml');
  writeFileSync(file, 'workflows:\n  poll_interval_ms: 100\nwebhooks:\n  poll_interval_ms: 100\n');
  return file;
}

describe('workflows (05) on the helpdesk example', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let app: string;
  let admin: string;
  let customerId: string;
  const users = new Map<string, { id: string; token: string }>();
  const db = () => `rocket_${app}`;
  const api = (path: string) => `/api/${app}/${path}`;

  async function user(name: string, roles: string[]): Promise<{ id: string; token: string }> {
    const email = `${name}@example.com`;
    const res = await server.post(api('_admin/users'), {
      token: admin,
      body: { email, password: 'password-1', roles },
    });
    expect(res.status).toBe(201);
    const login = await server.appLogin(app, email, 'password-1');
    const who = { id: res.body.data.id as string, token: login.access_token };
    users.set(name, who);
    return who;
  }
  const as = (name: string) => ({ token: users.get(name)!.token });

  async function ticket(body: object = {}): Promise<any> {
    const res = await server.post(api('ticket'), {
      token: admin,
      body: { title: 'Printer on fire', description: 'Smoke', customer_id: customerId, ...body },
    });
    if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  async function instancesOf(recordId: string): Promise<any[]> {
    const res = await server.get(api(`_workflows?record_id=${recordId}`), { token: admin });
    expect(res.status).toBe(200);
    return res.body.data;
  }

  /** Polls until the record's single instance satisfies `done`. */
  async function waitForInstance(recordId: string, done: (i: any) => boolean, ms = 15000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const [instance] = await instancesOf(recordId);
      if (instance && done(instance)) return instance;
      if (Date.now() > deadline) throw new Error(`instance of ${recordId} not ready: ${JSON.stringify(instance)}`);
      await sleep(50);
    }
  }
  const paused = (i: any) => i.status === 'running' && i.assignee !== null;

  async function workflowNamed(name: string): Promise<any> {
    const list = await server.get(api('_admin/workflows'), { token: admin });
    return list.body.data.find((w: any) => w.name === name);
  }

  async function createWorkflow(body: object): Promise<any> {
    const res = await server.post(api('_admin/workflows'), { token: admin, body });
    if (res.status !== 201) throw new Error(`workflow: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    server = await TestServer.start({ ROCKET_CONFIG: configFile() });
    app = await server.createApp();
    admin = (await server.appLogin(app)).access_token;
    const imported = await server.post(api('_admin/import'), { token: admin, body: example('helpdesk-ticketing') });
    expect(imported.status).toBe(200);
    expect(imported.body.data.summary.workflows).toBe(1);
    expect(imported.body.data.not_imported?.workflows).toBeUndefined();
    const customer = await server.post(api('customer'), {
      token: admin,
      body: { name: 'ACME', email: 'ops@acme.test' },
    });
    customerId = customer.body.data.id;
    await user('lead', ['team_lead']);
    await user('lead2', ['team_lead']);
    await user('agent', ['agent']);
  });

  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it('imports the escalation workflow in canonical form and exports it again', async () => {
    const workflow = await workflowNamed('critical_ticket_escalation');
    expect(workflow).toMatchObject({
      trigger: { type: 'state_change', entity: 'ticket', field: 'priority', to: 'critical' },
      context: { record_id: 'record.id', title: 'record.title' },
      active: true,
    });
    expect(workflow.steps[0]).toEqual({
      id: 'notify_lead',
      type: 'approval',
      assignee: { type: 'role', role: 'team_lead' },
      timeout: '4h',
      on_approve: { goto: 'assign_senior' },
      on_reject: 'end',
      on_timeout: { goto: 'assign_senior' },
    });
    expect(workflow.steps[1].then).toBe('end');
    const exported = await server.get(api('_admin/export'), { token: admin });
    const names = exported.body.data.workflows.map((w: any) => w.name);
    expect(names).toEqual(['critical_ticket_escalation']);
    expect(exported.body.data.workflows[0]).not.toHaveProperty('id');
  });

  it('approve path: the lead approves, assign_senior moves the ticket through its state machine', async () => {
    const t = await ticket({ priority: 'critical' });
    const waiting = await waitForInstance(t.id, paused);
    expect(waiting).toMatchObject({
      workflow_name: 'critical_ticket_escalation',
      current_step: 'notify_lead',
      assignee: { type: 'role', role: 'team_lead' },
      context: { record_id: t.id, title: 'Printer on fire' },
      trigger: { entity: 'ticket', record_id: t.id, field: 'priority', from: null, to: 'critical' },
      history: [],
    });
    const deadline = Date.parse(waiting.current_step_deadline) - Date.parse(waiting.created_at);
    expect(deadline).toBeGreaterThan(4 * 3600_000 - 5000);
    expect(deadline).toBeLessThan(4 * 3600_000 + 5000);
    expect(waiting).not.toHaveProperty('definition');

    // The lead sees it as pending; the agent does not, and cannot see or decide it.
    const pendingLead = await server.get(api('_workflows/pending'), as('lead'));
    expect(pendingLead.body.data.map((i: any) => i.id)).toContain(waiting.id);
    expect(pendingLead.body.data[0]).not.toHaveProperty('trace_id');
    const pendingAgent = await server.get(api('_workflows/pending'), as('agent'));
    expect(pendingAgent.body.data.map((i: any) => i.id)).not.toContain(waiting.id);
    expect((await server.get(api(`_workflows/${waiting.id}`), as('agent'))).status).toBe(404);
    const refused = await server.post(api(`_workflows/${waiting.id}/approve`), { ...as('agent'), body: {} });
    expect(refused.status).toBe(404);
    expect((await instancesOf(t.id))[0].status).toBe('running');

    const approved = await server.post(api(`_workflows/${waiting.id}/approve`), {
      ...as('lead'),
      body: { comment: 'on it' },
    });
    expect(approved.status).toBe(200);
    const done = approved.body.data;
    expect(done).toMatchObject({ status: 'completed', current_step: null, assignee: null, error: null });
    expect(done.history.map((h: any) => [h.step, h.status])).toEqual([
      ['notify_lead', 'approved'],
      ['assign_senior', 'completed'],
    ]);
    expect(done.history[0]).toMatchObject({ by: users.get('lead')!.id, comment: 'on it' });
    const stored = await server.get(api(`ticket/${t.id}`), { token: admin });
    expect(stored.body.data.status).toBe('assigned');

    // Deciding again: the instance is over (422), and the decider still sees it (05 §6.1).
    const again = await server.post(api(`_workflows/${waiting.id}/approve`), { ...as('lead'), body: {} });
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({
      code: 'INVALID_STATE',
      message: 'workflow instance is not running (status: completed)',
    });
    expect((await server.get(api(`_workflows/${waiting.id}`), as('lead'))).status).toBe(200);
    expect((await server.get(api(`_workflows/${waiting.id}`), as('lead2'))).status).toBe(404);
  });

  it('reject path: the instance ends and the ticket keeps its state', async () => {
    const t = await ticket({ priority: 'high' });
    expect(await instancesOf(t.id)).toEqual([]); // only a change *to* critical fires
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { priority: 'critical' } });
    const waiting = await waitForInstance(t.id, paused);
    expect(waiting.trigger).toMatchObject({ from: 'high', to: 'critical' });
    const rejected = await server.post(api(`_workflows/${waiting.id}/reject`), { ...as('lead2') });
    expect(rejected.status).toBe(200);
    expect(rejected.body.data.status).toBe('completed');
    expect(rejected.body.data.history).toEqual([
      { step: 'notify_lead', status: 'rejected', by: users.get('lead2')!.id, at: expect.any(String) },
    ]);
    expect((await server.get(api(`ticket/${t.id}`), { token: admin })).body.data.status).toBe('open');
    // Saving the same value again is no change: no second instance.
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { priority: 'critical', title: 'Still burning' } });
    await sleep(300);
    expect(await instancesOf(t.id)).toHaveLength(1);
  });

  it('timeout path: after a short timeout the runner escalates exactly once', async () => {
    const workflow = await workflowNamed('critical_ticket_escalation');
    const steps = workflow.steps.map((s: any) => (s.id === 'notify_lead' ? { ...s, timeout: '1s' } : s));
    const updated = await server.put(api(`_admin/workflows/${workflow.id}`), {
      token: admin,
      body: { ...workflow, steps },
    });
    expect(updated.status).toBe(200);
    try {
      const t = await ticket({ priority: 'critical' });
      const done = await waitForInstance(t.id, (i) => i.status !== 'running');
      expect(done.status).toBe('completed');
      expect(done.history.map((h: any) => [h.step, h.status])).toEqual([
        ['notify_lead', 'timed_out'],
        ['assign_senior', 'completed'],
      ]);
      expect((await server.get(api(`ticket/${t.id}`), { token: admin })).body.data.status).toBe('assigned');
      const events = await server.sql(
        db(),
        "SELECT action FROM _events WHERE record_id = $1 AND source = 'workflow' ORDER BY created_at",
        [t.id],
      );
      expect(events.filter((e: any) => e.action === 'workflow.timeout')).toHaveLength(1);
      expect(events.map((e: any) => e.action)).toEqual(
        expect.arrayContaining(['workflow.trigger', 'workflow.timeout', 'workflow.advance']),
      );
    } finally {
      await server.put(api(`_admin/workflows/${workflow.id}`), { token: admin, body: workflow });
    }
  });

  it('a failing step fails the instance with the error in its history', async () => {
    const t = await ticket({ priority: 'high' });
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { priority: 'critical' } });
    const waiting = await waitForInstance(t.id, paused);
    // Meanwhile the ticket moved on: open → on_hold, from where `assigned` is no transition.
    const held = await server.put(api(`ticket/${t.id}`), { token: admin, body: { status: 'on_hold' } });
    expect(held.status).toBe(200);
    const res = await server.post(api(`_workflows/${waiting.id}/approve`), { ...as('lead'), body: {} });
    expect(res.status).toBe(200);
    const failed = res.body.data;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^set_field: /);
    expect(failed.error).toMatch(/on_hold/);
    expect(failed.history.map((h: any) => [h.step, h.status])).toEqual([
      ['notify_lead', 'approved'],
      ['assign_senior', 'failed'],
    ]);
    expect(failed.history[1].error).toBe(failed.error);
    expect((await server.get(api(`ticket/${t.id}`), { token: admin })).body.data.status).toBe('on_hold');
  });

  it('refuses a decider who is visible but not eligible (403), bad bodies and unknown ids', async () => {
    const lead = users.get('lead')!;
    const agent = users.get('agent')!;
    await createWorkflow({
      name: 'two_signatures',
      trigger: { type: 'state_change', entity: 'ticket', field: 'category', to: 'billing' },
      context: { id: 'record_id' },
      steps: [
        { id: 'lead_ok', type: 'approval', assignee: { type: 'role', role: 'TEAM_LEAD' }, on_approve: 'agent_ok' },
        { id: 'agent_ok', type: 'approval', assignee: { type: 'fixed', user: agent.id }, on_approve: 'end' },
      ],
    });
    const t = await ticket({ category: 'billing' });
    const waiting = await waitForInstance(t.id, paused);
    expect(waiting.assignee).toEqual({ type: 'role', role: 'team_lead' });
    const url = (what: string) => api(`_workflows/${waiting.id}/${what}`);

    expect((await server.post(url('approve'), { ...as('lead'), raw: '[1]' })).status).toBe(400);
    const malformed = await server.post(url('reject'), { ...as('lead'), raw: '{"comment": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_PAYLOAD');
    expect((await server.delete(api("_workflows/1'%20OR%20'1'='1"), { token: admin })).status).toBe(404);
    const unknownKey = await server.post(url('approve'), { ...as('lead'), body: { comment: 'x', extra: 1 } });
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body.error.details).toEqual([expect.objectContaining({ field: 'extra', rule: 'unknown' })]);
    const longComment = await server.post(url('approve'), { ...as('lead'), body: { comment: 'x'.repeat(2001) } });
    expect(longComment.status).toBe(422);
    expect((await server.post(url('approve'), { ...as('lead'), body: { comment: 7 } })).status).toBe(422);
    expect((await server.post(api('_workflows/not-a-uuid/approve'), as('lead'))).status).toBe(404);
    expect((await server.post(api('_workflows/00000000-0000-4000-8000-000000000000/approve'), as('lead'))).status).toBe(
      404,
    );
    expect((await instancesOf(t.id))[0].history).toEqual([]); // nothing changed by the refusals

    const first = await server.post(url('approve'), { ...as('lead'), body: {} });
    expect(first.body.data).toMatchObject({ current_step: 'agent_ok', assignee: { type: 'user', user_id: agent.id } });
    // The lead decided before, so sees the instance, but may not decide the agent's step.
    const second = await server.post(url('approve'), { ...as('lead'), body: {} });
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe('FORBIDDEN');
    expect((await server.get(api(`_workflows/${waiting.id}`), as('agent'))).status).toBe(200);
    const last = await server.post(url('approve'), as('agent'));
    expect(last.status).toBe(200);
    expect(last.body.data.status).toBe('completed');
    expect(last.body.data.history.map((h: any) => h.by)).toEqual([lead.id, agent.id]);
  });

  it('runs condition, webhook, create_record and send_event actions after commit', async () => {
    receiver.on('/escalations', () => ({ status: 200 }));
    await createWorkflow({
      name: 'bug_triage',
      trigger: { type: 'state_change', entity: 'ticket', field: 'category', to: 'bug' },
      context: { record_id: 'trigger.record_id', title: 'record.title', priority: 'record.priority', kind: 'ticket' },
      steps: [
        {
          id: 'is_urgent',
          type: 'condition',
          expression: "context.priority == 'high'",
          on_true: 'notify',
          on_false: { goto: 'end' },
        },
        {
          id: 'notify',
          type: 'action',
          actions: [
            { type: 'webhook', url: receiver.url('/escalations') },
            {
              type: 'create_record',
              entity: 'response',
              data: {
                ticket_id: '{{ context.record_id }}',
                author_type: 'agent',
                author_id: '{{ context.record_id }}',
                body: '{{ "Escalated: " + context.title }}',
                internal_note: true,
              },
            },
            { type: 'send_event', event: 'ticket.escalated', metadata: { title: '{{ context.title }}' } },
          ],
          then: 'end',
        },
      ],
    });
    const low = await ticket({ category: 'bug', priority: 'low' });
    const lowDone = await waitForInstance(low.id, (i) => i.status === 'completed');
    expect(lowDone.history.map((h: any) => h.status)).toEqual(['on_false']);

    const high = await ticket({ category: 'bug', priority: 'high', title: 'Data loss' });
    const done = await waitForInstance(high.id, (i) => i.status === 'completed');
    expect(done.history.map((h: any) => [h.step, h.status])).toEqual([
      ['is_urgent', 'on_true'],
      ['notify', 'completed'],
    ]);
    await receiver.waitFor(() => receiver.at('/escalations').length === 1, 15000, 'workflow webhook');
    const [delivery] = receiver.at('/escalations');
    expect(delivery.body).toMatchObject({
      event: 'workflow_action',
      workflow: 'bug_triage',
      instance_id: done.id,
      step: 'notify',
      context: { record_id: high.id, title: 'Data loss', priority: 'high', kind: 'ticket' },
    });
    expect(delivery.headers['x-idempotency-key']).toBe(delivery.body.idempotency_key);
    const responses = await server.get(api(`response?filter[ticket_id]=${high.id}`), { token: admin });
    expect(responses.body.data.map((r: any) => r.body)).toEqual(['Escalated: Data loss']);
    const [event] = await server.sql(db(), "SELECT * FROM _events WHERE action = 'ticket.escalated'");
    expect(event).toMatchObject({ entity: 'ticket', record_id: high.id, component: 'workflow' });
    expect(event.metadata).toEqual({
      workflow: 'bug_triage',
      instance_id: done.id,
      step: 'notify',
      title: 'Data loss',
    });
    const logs = await server.sql(db(), "SELECT source, hook FROM _webhook_logs WHERE source = 'workflow'");
    expect(logs).toEqual([{ source: 'workflow', hook: 'workflow_action' }]);
  });

  it('resolves relation assignees when the step is entered, admins-only when unresolved', async () => {
    const lead = users.get('lead')!;
    await createWorkflow({
      name: 'agent_signoff',
      trigger: { type: 'state_change', entity: 'ticket', field: 'category', to: 'feature' },
      steps: [{ id: 'signoff', type: 'approval', assignee: { type: 'relation', path: 'agent_id' } }],
    });
    const assigned = await ticket({ category: 'feature', agent_id: lead.id });
    const waiting = await waitForInstance(assigned.id, paused);
    expect(waiting.assignee).toEqual({ type: 'user', user_id: lead.id });
    expect((await server.post(api(`_workflows/${waiting.id}/approve`), as('lead2'))).status).toBe(404);
    expect((await server.post(api(`_workflows/${waiting.id}/approve`), as('lead'))).status).toBe(200);

    const nobody = await ticket({ category: 'feature' });
    const unresolved = await waitForInstance(nobody.id, paused);
    expect(unresolved.assignee).toEqual({ type: 'role', role: 'admin' });
    const [event] = await server.sql(
      db(),
      "SELECT status, metadata FROM _events WHERE action = 'workflow.assignee_unresolved' AND record_id = $1",
      [nobody.id],
    );
    expect(event).toMatchObject({ status: 'error', metadata: { step: 'signoff', path: 'agent_id' } });
    expect((await server.post(api(`_workflows/${unresolved.id}/approve`), as('lead'))).status).toBe(404);
    expect((await server.post(api(`_workflows/${unresolved.id}/approve`), { token: admin })).status).toBe(200);
  });

  it('stops action/condition loops at the step limit (saved with a warning)', async () => {
    const res = await server.post(api('_admin/workflows'), {
      token: admin,
      body: {
        name: 'spinner',
        trigger: { type: 'state_change', entity: 'ticket', field: 'category', to: 'other' },
        steps: [
          { id: 'check', type: 'condition', expression: 'true', on_true: 'tick' },
          { id: 'tick', type: 'action', actions: [{ type: 'send_event', event: 'spin' }], then: 'check' },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.meta.warnings).toEqual([
      expect.objectContaining({ field: 'steps[0]', rule: 'cycle_without_loop' }),
    ]);
    const t = await ticket({ category: 'other' });
    const failed = await waitForInstance(t.id, (i) => i.status !== 'running');
    expect(failed).toMatchObject({ status: 'failed', error: 'step limit exceeded' });
    expect(failed.history).toHaveLength(101);
  });

  it('admin list filters, pending paging, instance delete for admins only', async () => {
    const all = await server.get(api('_workflows?status=completed&workflow=critical_ticket_escalation'), {
      token: admin,
    });
    expect(all.status).toBe(200);
    expect(all.body.data.length).toBeGreaterThanOrEqual(3);
    expect(all.body.data.every((i: any) => i.status === 'completed')).toBe(true);
    expect(all.body.data[0]).toHaveProperty('trace_id');
    expect(all.body.meta).toMatchObject({ page: 1, per_page: 50, total: all.body.data.length });
    const paged = await server.get(api('_workflows?per_page=1&page=2'), { token: admin });
    expect(paged.body.meta).toMatchObject({ page: 2, per_page: 1 });
    expect(paged.body.data).toHaveLength(1);
    expect((await server.get(api('_workflows?per_page=5000'), { token: admin })).body.meta.per_page).toBe(200);
    expect((await server.get(api('_workflows?status=sleeping'), { token: admin })).status).toBe(400);
    expect((await server.get(api('_workflows?status=a&status=b'), { token: admin })).status).toBe(400);
    expect((await server.get(api('_workflows'), as('lead'))).status).toBe(403);
    expect((await server.get(api('_workflows/pending'))).status).toBe(401);

    const target = all.body.data[0];
    expect((await server.delete(api(`_workflows/${target.id}`), as('lead'))).status).toBe(403);
    const deleted = await server.delete(api(`_workflows/${target.id}`), { token: admin });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: target.id, deleted: true });
    expect((await server.get(api(`_workflows/${target.id}`), { token: admin })).status).toBe(404);
  });

  it('deleting a definition cancels its running instances; updates do not touch running snapshots', async () => {
    const wf = await createWorkflow({
      name: 'slow_review',
      trigger: { type: 'state_change', entity: 'ticket', field: 'category', to: 'question' },
      steps: [{ id: 'review', type: 'approval', assignee: { type: 'role', role: 'team_lead' }, timeout: '2d' }],
    });
    const t = await ticket({ category: 'question' });
    const waiting = await waitForInstance(t.id, paused);
    const renamed = { ...wf, steps: [{ ...wf.steps[0], id: 'renamed' }] };
    expect((await server.put(api(`_admin/workflows/${wf.id}`), { token: admin, body: renamed })).status).toBe(200);
    expect((await instancesOf(t.id))[0].current_step).toBe('review');

    const gone = await server.delete(api(`_admin/workflows/${wf.id}`), { token: admin });
    expect(gone.body.data).toEqual({ id: wf.id, deleted: true });
    const [cancelled] = await instancesOf(t.id);
    expect(cancelled).toMatchObject({ id: waiting.id, status: 'cancelled', workflow_id: null });
    expect(cancelled.history).toEqual([{ step: 'review', status: 'cancelled', at: expect.any(String) }]);
    const again = await server.post(api(`_workflows/${waiting.id}/approve`), { token: admin });
    expect(again.body.error.message).toBe('workflow instance is not running (status: cancelled)');
  });

  it('inactive workflows start nothing', async () => {
    await createWorkflow({
      name: 'dormant',
      active: false,
      trigger: { type: 'state_change', entity: 'ticket', field: 'status', to: 'on_hold' },
      steps: [{ id: 'a', type: 'action', actions: [{ type: 'send_event', event: 'held' }] }],
    });
    const t = await ticket();
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { status: 'on_hold' } });
    await sleep(300);
    expect(await instancesOf(t.id)).toEqual([]);
  });

  it('answers 409 while another transaction holds the instance (lock timeout 5 s)', async () => {
    const t = await ticket({ priority: 'high' });
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { priority: 'critical' } });
    const waiting = await waitForInstance(t.id, paused);
    const holder = new Client({ connectionString: testDatabaseUrl(db()) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM _workflow_instances WHERE id = $1 FOR UPDATE', [waiting.id]);
      const busy = await server.post(api(`_workflows/${waiting.id}/approve`), as('lead'));
      expect(busy.status).toBe(409);
      expect(busy.body.error).toMatchObject({ code: 'CONFLICT', message: 'instance is busy, retry' });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const approved = await server.post(api(`_workflows/${waiting.id}/approve`), as('lead'));
    expect(approved.body.data.history).toHaveLength(2); // the refused attempt left nothing
  }, 20000);

  it('backs off a unit that failed outside any step, and fails the instance at the fifth error', async () => {
    const t = await ticket({ priority: 'high' });
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { priority: 'critical' } });
    const waiting = await waitForInstance(t.id, paused);
    const record = () =>
      server.app
        .get(TenancyService)
        .run(app, (ctx) => server.app.get(InstancesRepository).recordRunError(ctx.db, waiting.id, 'connection lost'));
    const delays: number[] = [];
    for (let i = 1; i <= 4; i++) {
      await record();
      const [row] = await server.sql(
        db(),
        'SELECT status, run_errors, EXTRACT(EPOCH FROM next_run_at - updated_at)::int AS delay FROM _workflow_instances WHERE id = $1',
        [waiting.id],
      );
      expect(row).toMatchObject({ status: 'running', run_errors: i });
      delays.push(row.delay);
    }
    expect(delays).toEqual([30, 60, 120, 240]);
    await record();
    const [last] = await server.sql(db(), 'SELECT status, error, next_run_at FROM _workflow_instances WHERE id = $1', [
      waiting.id,
    ]);
    expect(last).toEqual({ status: 'failed', error: 'connection lost', next_run_at: null });
  });

  it('runs a unit on one clock: the state machine\'s "now" is the instant in the history', async () => {
    await createWorkflow({
      name: 'auto_resolve',
      trigger: { type: 'state_change', entity: 'ticket', field: 'status', to: 'in_progress' },
      context: { id: 'record_id' },
      steps: [
        {
          id: 'resolve',
          type: 'action',
          actions: [
            { type: 'set_field', entity: 'ticket', record_id: 'context.id', field: 'status', value: 'resolved' },
          ],
        },
      ],
    });
    const t = await ticket();
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { status: 'assigned' } });
    await server.put(api(`ticket/${t.id}`), { token: admin, body: { status: 'in_progress' } });
    const done = await waitForInstance(t.id, (i) => i.status !== 'running');
    expect(done.status).toBe('completed');
    const stored = (await server.get(api(`ticket/${t.id}`), { token: admin })).body.data;
    expect(stored.status).toBe('resolved');
    expect(stored.resolved_at).toBe(done.history[0].at);
  });

  describe('admin API hostile input (05 §3)', () => {
    const url = () => api('_admin/workflows');
    const minimal = (name: string) => ({
      name,
      trigger: { type: 'state_change', entity: 'ticket', field: 'status', to: 'closed' },
      steps: [{ id: 'note', type: 'action', actions: [{ type: 'send_event', event: 'closed' }] }],
    });
    const stored = async () => (await server.get(url(), { token: admin })).body.data.length;

    it('needs an admin', async () => {
      expect((await server.post(url(), { body: minimal('x1') })).status).toBe(401);
      expect((await server.post(url(), { ...as('lead'), body: minimal('x1') })).status).toBe(403);
      expect((await server.get(url(), as('agent'))).status).toBe(403);
    });

    it('answers malformed, mistyped and oversized bodies with 4xx and stores nothing', async () => {
      const before = await stored();
      const malformed = await server.post(url(), { token: admin, raw: '{"name": "x",' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('INVALID_PAYLOAD');
      expect((await server.post(url(), { token: admin, raw: '[]' })).status).toBe(400);
      expect((await server.post(url(), { token: admin, raw: '"text"' })).status).toBe(400);
      const huge = { ...minimal('huge'), context: { pad: 'x'.repeat(2 * 1024 * 1024) } };
      expect((await server.post(url(), { token: admin, body: huge })).status).toBe(413);
      const typed = await server.post(url(), {
        token: admin,
        body: { name: 42, trigger: 'ticket', context: [], steps: {}, active: 'yes' },
      });
      expect(typed.status).toBe(422);
      expect(typed.body.error.details.map((d: any) => d.field).sort()).toEqual(
        ['active', 'context', 'name', 'steps', 'trigger'].sort(),
      );
      const injected = await server.post(url(), {
        token: admin,
        body: {
          ...minimal('inj'),
          trigger: { type: 'state_change', entity: 'ticket; DROP TABLE tickets', field: 'status', to: 'closed' },
        },
      });
      expect(injected.status).toBe(422);
      expect(injected.body.error.details[0]).toMatchObject({ field: 'trigger.entity', rule: 'not_found' });
      const badStep = await server.post(url(), {
        token: admin,
        body: {
          ...minimal('bad_step'),
          steps: [{ id: 'a', type: 'approval', assignee: { type: 'role', role: 'team_lead' }, timeout: '10 years' }],
        },
      });
      expect(badStep.status).toBe(422);
      expect(badStep.body.error.details).toEqual([expect.objectContaining({ field: 'steps[0].timeout' })]);
      // The server's secret policy, as for webhooks (06 §5): PORT is a variable the server reads.
      const secretHeader = await server.post(url(), {
        token: admin,
        body: {
          ...minimal('secret_header'),
          steps: [
            {
              id: 'call',
              type: 'action',
              actions: [{ type: 'webhook', url: 'https://x.test/', headers: { 'X-A': 'Bearer {{ env.PORT }}' } }],
            },
          ],
        },
      });
      expect(secretHeader.status).toBe(422);
      expect(secretHeader.body.error.details).toEqual([
        {
          field: 'steps[0].actions[0].headers.X-A',
          rule: 'env_not_allowed',
          message: 'environment variable PORT is not allowed',
        },
      ]);
      expect(await stored()).toBe(before);
      expect((await server.get(api('tickets'), { token: admin })).status).toBe(404); // entity route, unchanged
      expect((await server.get(api('ticket'), { token: admin })).status).toBe(200);
    });

    it('keeps names unique (409), answers 404 for unknown or malformed ids, filters the list', async () => {
      const first = await createWorkflow(minimal('unique_name'));
      const dup = await server.post(url(), { token: admin, body: minimal('unique_name') });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('CONFLICT');
      const other = await createWorkflow(minimal('other_name'));
      const clash = await server.put(api(`_admin/workflows/${other.id}`), {
        token: admin,
        body: minimal('unique_name'),
      });
      expect(clash.status).toBe(409);
      const renamed = await server.put(api(`_admin/workflows/${other.id}`), {
        token: admin,
        body: { ...minimal('renamed'), active: false },
      });
      expect(renamed.body.data).toMatchObject({ id: other.id, name: 'renamed', active: false });
      expect(renamed.body).not.toHaveProperty('meta');
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', "1' OR '1'='1"]) {
        const path = api(`_admin/workflows/${encodeURIComponent(id)}`);
        expect((await server.get(path, { token: admin })).status).toBe(404);
        expect((await server.put(path, { token: admin, body: minimal('zz') })).status).toBe(404);
        expect((await server.delete(path, { token: admin })).status).toBe(404);
      }
      const byEntity = await server.get(api('_admin/workflows?entity=ticket&active=false'), { token: admin });
      expect(byEntity.body.data.map((w: any) => w.name)).toEqual(expect.arrayContaining(['renamed']));
      expect(byEntity.body.data.every((w: any) => w.active === false)).toBe(true);
      expect((await server.get(api('_admin/workflows?active=maybe'), { token: admin })).status).toBe(400);
      expect((await server.get(api('_admin/workflows?entity=customer'), { token: admin })).body.data).toEqual([]);
      expect((await server.get(api(`_admin/workflows/${first.id}`), { token: admin })).body.data.name).toBe(
        'unique_name',
      );
    });

    it('fails an instance whose condition cannot be evaluated or whose record_id is missing', async () => {
      await createWorkflow({
        name: 'broken_condition',
        trigger: { type: 'state_change', entity: 'ticket', field: 'title', to: 'compare me' },
        context: { title: 'record.title' },
        steps: [{ id: 'cmp', type: 'condition', expression: 'context.title > 5', on_true: 'end' }],
      });
      const t = await ticket({ title: 'compare me' });
      const failed = await waitForInstance(t.id, (i) => i.status !== 'running');
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/^condition: /);
      expect(failed.history).toEqual([{ step: 'cmp', status: 'failed', error: failed.error, at: expect.any(String) }]);

      await createWorkflow({
        name: 'no_record_id',
        trigger: { type: 'state_change', entity: 'ticket', field: 'title', to: 'no id' },
        steps: [
          {
            id: 'set',
            type: 'action',
            actions: [
              { type: 'send_event', event: 'before.set' },
              { type: 'set_field', entity: 'ticket', record_id: 'context.missing', field: 'status', value: 'assigned' },
            ],
          },
        ],
      });
      const u = await ticket({ title: 'no id' });
      const noId = await waitForInstance(u.id, (i) => i.status !== 'running');
      expect(noId).toMatchObject({ status: 'failed', error: 'set_field: record_id is null' });
      // The failing step rolled back as a whole: its first action's event is gone too.
      const events = await server.sql(db(), "SELECT 1 FROM _events WHERE action = 'before.set' AND record_id = $1", [
        u.id,
      ]);
      expect(events).toEqual([]);
    });
  });
});
