import { AppError } from '@rocket/errors';
import { Principal, SYSTEM_ACTOR, TenancyService } from '@rocket/tenancy';
import { WriteService } from '@rocket/write-pipeline';
import { example } from './fixtures/examples';
import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

const uuidPk = { field: 'id', type: 'uuid', generated: true };
const idField = { name: 'id', type: 'uuid', required: true };

/** invoice (two machines) → items (their own machine); tasks made by `create_record`. */
const ENTITIES = [
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: uuidPk,
    fields: [
      idField,
      { name: 'number', type: 'string', required: true, unique: true },
      // The default never applies: the initial state takes its place (04 §2.5).
      { name: 'status', type: 'string', required: true, default: 'paid', enum: ['draft', 'sent', 'paid', 'void'] },
      { name: 'approval', type: 'string', required: true },
      { name: 'total', type: 'decimal', precision: 2, default: 0 },
      { name: 'payment_date', type: 'date' },
      { name: 'payment_amount', type: 'decimal', precision: 2 },
      { name: 'sent_at', type: 'timestamp' },
      { name: 'sent_on', type: 'date' },
      { name: 'sent_label', type: 'text' },
      { name: 'last_event', type: 'string' },
      { name: 'secret', type: 'string', sensitive: true },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
      { name: 'updated_at', type: 'timestamp', auto: 'update' },
    ],
  },
  {
    name: 'invoice_item',
    table: 'invoice_items',
    primary_key: { field: 'id', type: 'int', generated: true },
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'invoice_id', type: 'uuid', required: true },
      { name: 'sku', type: 'string', required: true },
      { name: 'state', type: 'string' },
    ],
  },
  {
    name: 'task',
    table: 'tasks',
    primary_key: uuidPk,
    fields: [
      idField,
      { name: 'title', type: 'string', required: true },
      { name: 'invoice_id', type: 'uuid' },
      { name: 'kind', type: 'string' },
    ],
  },
];
const RELATIONS = [
  {
    name: 'items',
    type: 'one_to_many',
    source: 'invoice',
    target: 'invoice_item',
    source_key: 'id',
    target_key: 'invoice_id',
    on_delete: 'cascade',
  },
];

const HOOK_URL = 'http://127.0.0.1:9/invoice-sent';

const STATUS_MACHINE = {
  entity: 'invoice',
  field: 'status',
  definition: {
    initial: 'draft',
    transitions: [
      {
        from: 'draft',
        to: 'sent',
        roles: ['Admin', 'accountant'],
        actions: [
          { type: 'set_field', field: 'sent_at', value: 'now' },
          { type: 'set_field', field: 'sent_on', value: 'now' },
          { type: 'set_field', field: 'sent_label', value: 'now' },
          { type: 'set_field', field: 'last_event', value: "{{ 'sent ' + record.number }}" },
          {
            type: 'webhook',
            url: HOOK_URL,
            headers: { 'X-Key': '{{env.HOOK_KEY}}' },
            retry: { max_attempts: 5, backoff: 'linear' },
          },
          { type: 'send_event', event: 'invoice.sent', metadata: { number: '{{ record.number }}', fixed: 1 } },
          {
            type: 'create_record',
            entity: 'task',
            data: { title: "{{ 'Follow up ' + record.number }}", invoice_id: '{{ record.id }}', kind: 'follow_up' },
          },
        ],
      },
      {
        from: ['sent'],
        to: 'paid',
        roles: ['accountant'],
        guard: 'record.payment_date != nil && record.payment_amount >= record.total',
        message: 'Record the payment before marking the invoice paid',
      },
      { from: ['draft', 'sent'], to: 'void', roles: ['admin'] },
      {
        from: 'void',
        to: 'draft',
        actions: [
          { type: 'create_record', entity: 'task', data: { title: 'Reopened', kind: 'reopen' } },
          // Fails after the first task was written: both go with the rollback.
          { type: 'create_record', entity: 'task', data: { title: '{{ record.last_event }}' } },
        ],
      },
    ],
  },
};

const APPROVAL_MACHINE = {
  entity: 'invoice',
  field: 'approval',
  // The upstream documentation's shape: initial/transitions at the top level.
  initial: 'none',
  transitions: [
    { from: 'none', to: 'requested', guard: 'record.total > 0' },
    { from: 'requested', to: 'approved', roles: ['manager'] },
  ],
};

const ITEM_MACHINE = {
  entity: 'invoice_item',
  field: 'state',
  definition: {
    initial: 'open',
    transitions: [
      { from: 'open', to: 'shipped', actions: [{ type: 'send_event', event: 'item.shipped' }] },
      { from: 'shipped', to: 'returned', guard: "record.sku != 'final'" },
    ],
  },
};

describe('state machines (04 §2)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  const db = () => `rocket_${app}`;
  const machines: Record<string, string> = {};

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, ENTITIES, RELATIONS);
    for (const [name, body] of Object.entries({
      status: STATUS_MACHINE,
      approval: APPROVAL_MACHINE,
      item: ITEM_MACHINE,
    })) {
      const res = await server.post(`/api/${app}/_admin/state-machines`, { token, body });
      expect([res.status, res.body.error]).toEqual([201, undefined]);
      machines[name] = res.body.data.id;
    }
  });
  afterAll(() => server.close());

  let seq = 0;
  async function newInvoice(extra: Record<string, unknown> = {}) {
    const [invoice] = await insertRecords(server, app, token, 'invoice', [{ number: `INV-${++seq}`, ...extra }]);
    return invoice;
  }
  const put = (id: string, body: object, t = token) => server.put(`/api/${app}/invoice/${id}`, { token: t, body });
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await server.sql(db(), `SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

  /** A write through the real pipeline by a caller the REST layer cannot express yet (permissions come later). */
  async function updateAs(principal: Principal, id: string, body: object): Promise<{ status: number; body: unknown }> {
    const tenancy = server.app.get(TenancyService);
    const writes = server.app.get(WriteService);
    try {
      const data = await tenancy.run(app, () => writes.update('invoice', id, body), principal);
      return { status: 200, body: { data } };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { status: err.status, body: err.toBody() };
    }
  }
  const user = (...roles: string[]): Principal => ({
    kind: 'app',
    id: '2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    email: 'u@localhost',
    roles,
  });

  describe('create', () => {
    it('assigns every initial state, over the field default, and a required state field may be omitted', async () => {
      const invoice = await newInvoice();
      expect(invoice).toMatchObject({ status: 'draft', approval: 'none' });
    });

    it('accepts the initial state and rejects any other, all machines together', async () => {
      expect(await newInvoice({ status: 'draft', approval: 'none' })).toMatchObject({ status: 'draft' });
      const res = await server.post(`/api/${app}/invoice`, {
        token,
        body: { number: 'INV-X1', status: 'sent', approval: 'approved' },
      });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        // Machines run in (entity, field) order.
        details: [
          { field: 'approval', rule: 'state_machine', message: "Initial state must be 'none', got 'approved'" },
          { field: 'status', rule: 'state_machine', message: "Initial state must be 'draft', got 'sent'" },
        ],
      });
      expect(await count('invoices WHERE number = $1', ['INV-X1'])).toBe(0);
    });

    it('runs no transition actions on create', async () => {
      const before = await count('tasks');
      await newInvoice();
      expect(await count('tasks')).toBe(before);
    });
  });

  describe('update', () => {
    it('rejects a transition that does not exist, and a move to null', async () => {
      const invoice = await newInvoice();
      const res = await put(invoice.id, { status: 'paid' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Validation failed',
          details: [{ field: 'status', rule: 'state_machine', message: "Invalid transition from 'draft' to 'paid'" }],
        },
      });
      const toNull = await put(invoice.id, { status: null });
      expect(toNull.body.error.details).toEqual([
        { field: 'status', rule: 'state_machine', message: "Invalid transition from 'draft' to null" },
      ]);
    });

    it('leaves an unchanged or absent state alone: no guard, no actions', async () => {
      const invoice = await newInvoice();
      const tasks = await count('tasks');
      expect((await put(invoice.id, { status: 'draft', total: 3 })).status).toBe(200);
      expect((await put(invoice.id, { total: 4 })).status).toBe(200);
      expect(await count('tasks')).toBe(tasks);
    });

    it('takes draft → sent: set_field "now" in each form and a template; webhook, event and task in the transaction', async () => {
      const invoice = await newInvoice({ secret: 's3cret' });
      const started = Date.now();
      const res = await put(invoice.id, { status: 'sent' });
      expect([res.status, res.body.error]).toEqual([200, undefined]);
      const sent = res.body.data;
      const sentAt = Date.parse(sent.sent_at);
      expect(sentAt).toBeGreaterThanOrEqual(started - 1000);
      expect(sentAt).toBeLessThanOrEqual(Date.now() + 1000);
      expect(sent.sent_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // One instant per write (03 §9): every "now" is the same.
      expect(sent.sent_on).toBe(sent.sent_at.slice(0, 10));
      expect(sent.sent_label).toBe(sent.sent_at);
      expect(sent.last_event).toBe(`sent ${invoice.number}`);

      const [log] = await server.sql(db(), 'SELECT * FROM _webhook_logs WHERE record_id = $1', [invoice.id]);
      expect(log).toMatchObject({
        webhook_id: null,
        source: 'state_machine',
        entity: 'invoice',
        hook: 'state_transition',
        url: HOOK_URL,
        method: 'POST',
        request_headers: { 'X-Key': '{{env.HOOK_KEY}}' },
        max_attempts: 5,
        backoff: 'linear',
      });
      // The dispatcher is woken at COMMIT (06 §6.1): nobody listens there, so the row is queued or tried once.
      expect(['pending', 'delivering', 'retrying']).toContain(log.status);
      expect(log.attempt).toBeLessThanOrEqual(1);
      const body = log.request_body;
      expect(body).toMatchObject({
        event: 'state_transition',
        entity: 'invoice',
        action: 'update',
        webhook_id: null,
        transition: { field: 'status', from: 'draft', to: 'sent' },
        timestamp: sent.sent_at,
        user: { email: 'admin@localhost', roles: ['admin'] },
        record: { ...sent, secret: '[redacted]' },
        old: { ...invoice, secret: '[redacted]' },
      });
      expect(body.idempotency_key).toMatch(/^wh_[0-9a-f-]{36}$/);
      expect(body.changes.status).toEqual({ old: 'draft', new: 'sent' });
      expect(body.changes.secret).toBeUndefined();
      expect(Object.keys(body.changes).sort()).toEqual(
        ['last_event', 'sent_at', 'sent_label', 'sent_on', 'status', 'updated_at'].sort(),
      );

      const events = await server.sql(db(), 'SELECT * FROM _events WHERE record_id = $1', [invoice.id]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        event_type: 'business',
        component: 'state_machine',
        action: 'invoice.sent',
        entity: 'invoice',
        status: 'ok',
        metadata: { number: invoice.number, fixed: 1, field: 'status', from: 'draft', to: 'sent' },
      });
      expect(events[0].user_id).toMatch(/^[0-9a-f-]{36}$/);

      const tasks = await server.sql(db(), 'SELECT title, kind FROM tasks WHERE invoice_id = $1', [invoice.id]);
      expect(tasks).toEqual([{ title: `Follow up ${invoice.number}`, kind: 'follow_up' }]);
    });

    it('guards see the merged record: blocked with the transition message, allowed once the payment is stored', async () => {
      const invoice = await newInvoice({ total: 75 });
      await put(invoice.id, { status: 'sent' });
      const blocked = await put(invoice.id, { status: 'paid' });
      expect(blocked.status).toBe(422);
      expect(blocked.body.error.details).toEqual([
        { field: 'status', rule: 'state_machine', message: 'Record the payment before marking the invoice paid' },
      ]);
      // The payment alone, then the status alone: the guard reads the stored values.
      expect((await put(invoice.id, { payment_date: '2026-02-08', payment_amount: 75 })).status).toBe(200);
      const paid = await put(invoice.id, { status: 'paid' });
      expect([paid.status, paid.body.data?.status]).toEqual([200, 'paid']);
    });

    it('a guard on another machine: false blocks with the default message', async () => {
      const invoice = await newInvoice();
      const res = await put(invoice.id, { approval: 'requested' });
      expect(res.body.error.details).toEqual([
        { field: 'approval', rule: 'state_machine', message: "Transition from 'none' to 'requested' blocked by guard" },
      ]);
      expect((await put(invoice.id, { approval: 'requested', total: 10 })).status).toBe(200);
    });

    it('treats a stored null as the initial state', async () => {
      const invoice = await newInvoice({ items: { data: [{ sku: 'N' }] } });
      const [item] = await server.sql(db(), 'SELECT id FROM invoice_items WHERE invoice_id = $1', [invoice.id]);
      const clear = () => server.sql(db(), 'UPDATE invoice_items SET state = NULL WHERE id = $1', [item.id]);
      const move = (state: string) => server.put(`/api/${app}/invoice_item/${item.id}`, { token, body: { state } });
      await clear();
      expect((await move('open')).body.data.state).toBe('open');
      await clear();
      expect((await move('shipped')).body.data.state).toBe('shipped');
      expect(await count("_events WHERE action = 'item.shipped' AND record_id = $1", [String(item.id)])).toBe(1);
      await clear();
      expect((await move('returned')).body.error.details).toEqual([
        { field: 'state', rule: 'state_machine', message: "Invalid transition from 'open' to 'returned'" },
      ]);
    });
  });

  describe('roles (04 §2.5 step 5, §2.6)', () => {
    // Non-admins need an update policy first (07 §6.3, 04 §3.1 step 2): only then does the machine judge the roles.
    beforeAll(async () => {
      const body = { entity: 'invoice', action: 'update', roles: ['clerk', 'accountant'] };
      expect((await server.post(`/api/${app}/_admin/permissions`, { token, body })).status).toBe(201);
    });

    it('a caller without one of the roles gets 403 with the allowed roles', async () => {
      const invoice = await newInvoice();
      const res = await updateAs(user('clerk'), invoice.id, { status: 'sent' });
      expect(res).toEqual({
        status: 403,
        body: {
          error: {
            code: 'FORBIDDEN',
            message: "Role not permitted for transition from 'draft' to 'sent'",
            details: [{ field: 'status', rule: 'state_machine_role', message: 'allowed roles: admin, accountant' }],
          },
        },
      });
      expect((await server.get(`/api/${app}/invoice/${invoice.id}`, { token })).body.data.status).toBe('draft');
    });

    it('matches roles case-insensitively; admins and the system actor pass', async () => {
      const a = await newInvoice();
      expect((await updateAs(user('Accountant'), a.id, { status: 'sent' })).status).toBe(200);
      const b = await newInvoice();
      expect((await updateAs(user('ADMIN'), b.id, { status: 'void' })).status).toBe(200);
      const c = await newInvoice();
      expect((await updateAs(SYSTEM_ACTOR, c.id, { status: 'void' })).status).toBe(200);
      // The system actor skips roles only: the transition must still exist.
      const d = await newInvoice();
      expect((await updateAs(SYSTEM_ACTOR, d.id, { status: 'paid' })).status).toBe(422);
    });

    it('with several machines a role failure wins over the other 422s', async () => {
      const invoice = await newInvoice();
      const res = await updateAs(user('clerk'), invoice.id, { status: 'sent', approval: 'approved' });
      expect(res.status).toBe(403);
    });
  });

  describe('create_record in the write transaction', () => {
    it('rolls the task back with the write when a later action fails', async () => {
      const invoice = await newInvoice();
      expect((await put(invoice.id, { status: 'void' })).status).toBe(200);
      const tasks = await count('tasks');
      const res = await put(invoice.id, { status: 'draft' });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([{ field: 'title', rule: 'required', message: 'title is required' }]);
      expect(await count('tasks')).toBe(tasks);
      expect((await server.get(`/api/${app}/invoice/${invoice.id}`, { token })).body.data.status).toBe('void');
    });

    it('rolls the task, the webhook row and the event back when a nested child fails afterwards', async () => {
      const invoice = await newInvoice();
      const tasks = await count('tasks');
      const res = await put(invoice.id, { status: 'sent', items: { data: [{ sku: 'A', state: 'shipped' }] } });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        { field: 'items[0].state', rule: 'state_machine', message: "Initial state must be 'open', got 'shipped'" },
      ]);
      expect(await count('tasks')).toBe(tasks);
      expect(await count('_webhook_logs WHERE record_id = $1', [invoice.id])).toBe(0);
      expect(await count('_events WHERE record_id = $1', [invoice.id])).toBe(0);
    });
  });

  describe('nested child rows', () => {
    it("run their entity's machine with row-path details and their own actions", async () => {
      const invoice = await newInvoice({ items: { data: [{ sku: 'A' }, { sku: 'final' }] } });
      const items = await server.sql(
        db(),
        'SELECT id, sku, state FROM invoice_items WHERE invoice_id = $1 ORDER BY id',
        [invoice.id],
      );
      expect(items.map((i) => i.state)).toEqual(['open', 'open']);
      const [a, b] = items;
      const bad = await put(invoice.id, { items: { data: [{ id: a.id, state: 'returned' }] } });
      expect(bad.body.error.details).toEqual([
        { field: 'items[0].state', rule: 'state_machine', message: "Invalid transition from 'open' to 'returned'" },
      ]);
      const ok = await put(invoice.id, {
        items: {
          data: [
            { id: a.id, state: 'shipped' },
            { id: b.id, state: 'shipped' },
          ],
        },
      });
      expect(ok.status).toBe(200);
      const events = await server.sql(db(), "SELECT record_id, metadata FROM _events WHERE action = 'item.shipped'");
      expect(events.filter((e) => [String(a.id), String(b.id)].includes(e.record_id))).toHaveLength(2);
      const guarded = await put(invoice.id, { items: { data: [{ id: b.id, state: 'returned' }] } });
      expect(guarded.body.error.details).toEqual([
        {
          field: 'items[0].state',
          rule: 'state_machine',
          message: "Transition from 'shipped' to 'returned' blocked by guard",
        },
      ]);
      // Child rows fire no webhooks (02 §7.2): only their send_event ran.
      expect(await count('_webhook_logs WHERE entity = $1', ['invoice_item'])).toBe(0);
    });
  });

  describe('admin API (04 §2.4, §2.7)', () => {
    const post = (body: unknown) => server.post(`/api/${app}/_admin/state-machines`, { token, body });
    const detailsOf = async (body: unknown) => {
      const res = await post(body);
      expect(res.status).toBe(422);
      return res.body.error.details as { field: string; rule: string; message: string }[];
    };
    const base = (definition: object, extra: object = {}) => ({ entity: 'task', field: 'kind', definition, ...extra });
    const one = { initial: 'a', transitions: [{ from: 'a', to: 'b' }] };

    it('lists by entity and field, reads one, and answers the canonical form', async () => {
      const list = await server.get(`/api/${app}/_admin/state-machines`, { token });
      expect(list.body.data.map((m: any) => `${m.entity}.${m.field}`)).toEqual([
        'invoice.approval',
        'invoice.status',
        'invoice_item.state',
      ]);
      const only = await server.get(`/api/${app}/_admin/state-machines?entity=invoice_item`, { token });
      expect(only.body.data.map((m: any) => m.id)).toEqual([machines.item]);
      const got = await server.get(`/api/${app}/_admin/state-machines/${machines.approval}`, { token });
      expect(got.body.data).toEqual({
        id: machines.approval,
        entity: 'invoice',
        field: 'approval',
        active: true,
        definition: {
          initial: 'none',
          transitions: [
            { from: ['none'], to: 'requested', roles: [], guard: 'record.total > 0', actions: [] },
            { from: ['requested'], to: 'approved', roles: ['manager'], guard: null, actions: [] },
          ],
        },
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
      });
      const status = await server.get(`/api/${app}/_admin/state-machines/${machines.status}`, { token });
      expect(status.body.data.definition.transitions[0].roles).toEqual(['admin', 'accountant']);
      expect(status.body.data.definition.transitions[0].actions[4]).toEqual({
        type: 'webhook',
        url: HOOK_URL,
        method: 'POST',
        headers: { 'X-Key': '{{env.HOOK_KEY}}' },
        retry: { max_attempts: 5, backoff: 'linear' },
      });
    });

    it('answers 404 to unknown and malformed ids, 400 to a non-object body, 401 without a token', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const id of [missing, 'not-a-uuid']) {
        expect((await server.get(`/api/${app}/_admin/state-machines/${id}`, { token })).status).toBe(404);
        expect((await server.put(`/api/${app}/_admin/state-machines/${id}`, { token, body: base(one) })).status).toBe(
          404,
        );
        expect((await server.delete(`/api/${app}/_admin/state-machines/${id}`, { token })).status).toBe(404);
      }
      expect((await post([1])).status).toBe(400);
      expect((await server.get(`/api/${app}/_admin/state-machines`)).status).toBe(401);
    });

    it('409 for a second machine on the same field', async () => {
      const res = await post({ ...STATUS_MACHINE });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });

    it.each<[string, unknown, { field: string; rule: string }[]]>([
      ['entity missing', { field: 'kind', definition: one }, [{ field: 'entity', rule: 'required' }]],
      ['unknown entity', { entity: 'nope', field: 'kind', definition: one }, [{ field: 'entity', rule: 'not_found' }]],
      ['unknown field', { entity: 'task', field: 'nope', definition: one }, [{ field: 'field', rule: 'not_found' }]],
      [
        'field not text',
        { entity: 'invoice', field: 'total', definition: one },
        [{ field: 'field', rule: 'invalid_value' }],
      ],
      ['unknown key', base(one, { colour: 1 }), [{ field: 'colour', rule: 'unknown' }]],
      ['no definition', { entity: 'task', field: 'kind' }, [{ field: 'definition', rule: 'required' }]],
      [
        'initial empty',
        base({ initial: '', transitions: one.transitions }),
        [{ field: 'definition.initial', rule: 'required' }],
      ],
      [
        'no transitions',
        base({ initial: 'a', transitions: [] }),
        [{ field: 'definition.transitions', rule: 'required' }],
      ],
      [
        'empty from list and empty to',
        base({ initial: 'a', transitions: [{ from: [], to: '' }] }),
        [
          { field: 'definition.transitions[0].from', rule: 'required' },
          { field: 'definition.transitions[0].to', rule: 'required' },
        ],
      ],
      [
        'states outside the enum',
        {
          entity: 'invoice',
          field: 'status',
          definition: { initial: 'new', transitions: [{ from: 'draft', to: 'gone' }] },
        },
        [
          { field: 'definition.initial', rule: 'enum' },
          { field: 'definition.transitions[0].to', rule: 'enum' },
        ],
      ],
      [
        'duplicate (from, to)',
        base({
          initial: 'a',
          transitions: [
            { from: ['a', 'c'], to: 'b' },
            { from: 'c', to: 'b' },
          ],
        }),
        [{ field: 'definition.transitions', rule: 'duplicate' }],
      ],
      [
        'bad roles',
        base({ initial: 'a', transitions: [{ from: 'a', to: 'b', roles: ['ok', 'bad role', 'system'] }] }),
        [
          { field: 'definition.transitions[0].roles[1]', rule: 'invalid_value' },
          { field: 'definition.transitions[0].roles[2]', rule: 'reserved' },
        ],
      ],
      [
        'guard syntax',
        base({ initial: 'a', transitions: [{ from: 'a', to: 'b', guard: 'record.title =' }] }),
        [{ field: 'definition.transitions[0].guard', rule: 'expression_syntax' }],
      ],
      [
        'guard unknown member',
        base({ initial: 'a', transitions: [{ from: 'a', to: 'b', guard: "record.titel == 'x'" }] }),
        [{ field: 'definition.transitions[0].guard', rule: 'expression_identifier' }],
      ],
      [
        'unknown action type',
        base({ initial: 'a', transitions: [{ from: 'a', to: 'b', actions: [{ type: 'send_email' }] }] }),
        [{ field: 'definition.transitions[0].actions[0].type', rule: 'enum' }],
      ],
      [
        'set_field on the primary key, the state field, a missing field',
        base({
          initial: 'a',
          transitions: [
            {
              from: 'a',
              to: 'b',
              actions: [
                { type: 'set_field', field: 'id', value: 'x' },
                { type: 'set_field', field: 'kind', value: 'x' },
                { type: 'set_field', field: 'nope', value: 'x' },
              ],
            },
          ],
        }),
        [
          { field: 'definition.transitions[0].actions[0].field', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[1].field', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[2].field', rule: 'not_found' },
        ],
      ],
      [
        'set_field on the field of another active machine, "now" on a decimal, a bad literal and template',
        {
          entity: 'invoice',
          field: 'secret',
          definition: {
            initial: 'a',
            transitions: [
              {
                from: 'a',
                to: 'b',
                actions: [
                  { type: 'set_field', field: 'status', value: 'void' },
                  { type: 'set_field', field: 'total', value: 'now' },
                  { type: 'set_field', field: 'payment_date', value: 'yesterday' },
                  { type: 'set_field', field: 'sent_label', value: '{{ recrd.id }}' },
                ],
              },
            ],
          },
        },
        [
          { field: 'definition.transitions[0].actions[0].field', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[1].value', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[2].value', rule: 'type' },
          { field: 'definition.transitions[0].actions[3].value', rule: 'expression_identifier' },
        ],
      ],
      [
        'webhook url, method, headers, retry',
        base({
          initial: 'a',
          transitions: [
            {
              from: 'a',
              to: 'b',
              actions: [
                { type: 'webhook', url: 'ftp://x.test/' },
                { type: 'webhook', url: 'https://u:p@x.test/', method: 'TRACE' },
                {
                  type: 'webhook',
                  url: 'https://x.test/',
                  headers: { 'Bad Name': 'x', 'X-A': '{{env.DATABASE_URL}}', 'X-B': '{{ record.id }}' },
                  retry: { max_attempts: 11, backoff: 'fixed' },
                },
              ],
            },
          ],
        }),
        [
          { field: 'definition.transitions[0].actions[0].url', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[1].url', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[1].method', rule: 'enum' },
          { field: 'definition.transitions[0].actions[2].headers.Bad Name', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[2].headers.X-A', rule: 'env_not_allowed' },
          { field: 'definition.transitions[0].actions[2].headers.X-B', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[2].retry.max_attempts', rule: 'invalid_value' },
          { field: 'definition.transitions[0].actions[2].retry.backoff', rule: 'enum' },
        ],
      ],
      [
        'create_record entity and data keys, send_event name',
        base({
          initial: 'a',
          transitions: [
            {
              from: 'a',
              to: 'b',
              actions: [
                { type: 'create_record', entity: 'nope', data: {} },
                { type: 'create_record', entity: 'invoice', data: { numbr: 'x' } },
                { type: 'send_event', event: 'has space' },
              ],
            },
          ],
        }),
        [
          { field: 'definition.transitions[0].actions[0].entity', rule: 'not_found' },
          { field: 'definition.transitions[0].actions[1].data.numbr', rule: 'not_found' },
          { field: 'definition.transitions[0].actions[2].event', rule: 'invalid_value' },
        ],
      ],
    ])('422: %s', async (_label, body, expected) => {
      const details = await detailsOf(body);
      expect(details.map(({ field, rule }) => ({ field, rule }))).toEqual(expected);
      for (const d of details) expect(typeof d.message).toBe('string');
    });

    it('reports a guard error with its column (03 §12.2)', async () => {
      const details = await detailsOf(
        base({ initial: 'a', transitions: [{ from: 'a', to: 'b', guard: 'record.kind = 1' }] }),
      );
      expect(details).toEqual([
        {
          field: 'definition.transitions[0].guard',
          rule: 'expression_syntax',
          message: expect.stringMatching(/column 13/),
        },
      ]);
    });

    it('puts a GET result back unchanged, deactivates, and deletes without touching records', async () => {
      const created = await post(base(one));
      expect(created.status).toBe(201);
      const id = created.body.data.id;
      const [task] = await insertRecords(server, app, token, 'task', [{ title: 'T' }]);
      expect(task.kind).toBe('a');
      expect((await server.put(`/api/${app}/task/${task.id}`, { token, body: { kind: 'z' } })).status).toBe(422);

      const got = (await server.get(`/api/${app}/_admin/state-machines/${id}`, { token })).body.data;
      const same = await server.put(`/api/${app}/_admin/state-machines/${id}`, { token, body: got });
      expect([same.status, same.body.data.definition]).toEqual([200, got.definition]);

      const off = await server.put(`/api/${app}/_admin/state-machines/${id}`, {
        token,
        body: { ...got, active: false },
      });
      expect(off.body.data.active).toBe(false);
      expect((await server.put(`/api/${app}/task/${task.id}`, { token, body: { kind: 'z' } })).status).toBe(200);

      const gone = await server.delete(`/api/${app}/_admin/state-machines/${id}`, { token });
      expect(gone.body).toEqual({ data: { id, deleted: true } });
      expect((await server.get(`/api/${app}/task/${task.id}`, { token })).body.data.kind).toBe('z');
      expect((await server.get(`/api/${app}/_admin/state-machines/${id}`, { token })).status).toBe(404);
    });
  });

  describe('export and import (01 §8)', () => {
    it('exports the machines and imports them into another app, then skips them', async () => {
      const exported = await server.get(`/api/${app}/_admin/export`, { token });
      expect(exported.status).toBe(200);
      const doc = exported.body.data;
      expect(doc.state_machines.map((m: any) => `${m.entity}.${m.field}`)).toEqual([
        'invoice.approval',
        'invoice.status',
        'invoice_item.state',
      ]);
      expect(doc.state_machines[0]).toEqual({
        entity: 'invoice',
        field: 'approval',
        active: true,
        definition: expect.objectContaining({ initial: 'none' }),
      });

      const other = await server.createApp();
      const otherToken = (await server.appLogin(other)).access_token;
      const first = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: doc });
      expect([first.status, first.body.data?.summary.state_machines]).toEqual([200, 3]);
      const again = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: doc });
      expect([again.body.data.summary.state_machines, again.body.data.skipped.state_machines]).toEqual([0, 3]);

      const back = await server.get(`/api/${other}/_admin/export`, { token: otherToken });
      expect(back.body.data.state_machines).toEqual(doc.state_machines);
      // The imported machines apply at once.
      const created = await server.post(`/api/${other}/invoice`, { token: otherToken, body: { number: 'N-1' } });
      expect(created.body.data).toMatchObject({ status: 'draft', approval: 'none' });
    });

    it('validates imported machines with their path', async () => {
      const other = await server.createApp();
      const otherToken = (await server.appLogin(other)).access_token;
      const doc = {
        version: 1,
        entities: ENTITIES,
        state_machines: [{ entity: 'invoice', field: 'status', definition: { initial: 'draft', transitions: [] } }],
      };
      const res = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: doc });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        {
          field: 'state_machines[0].definition.transitions',
          rule: 'required',
          message: 'at least one transition is required',
        },
      ]);
      expect((await server.get(`/api/${other}/_admin/entities`, { token: otherToken })).body.data).toEqual([]);
    });
  });

  describe('the helpdesk example (test/fixtures/examples/helpdesk-ticketing.json)', () => {
    it('imports its state machine and walks a ticket through it', async () => {
      const doc = example('helpdesk-ticketing');
      const other = await server.createApp();
      const t = (await server.appLogin(other)).access_token;
      const imported = await server.post(`/api/${other}/_admin/import`, { token: t, body: doc });
      expect([imported.status, imported.body.data.summary.state_machines]).toEqual([200, 1]);

      const customer = (doc.sample_data!.customer[0] as { id: string }).id;
      const create = (body: object) => server.post(`/api/${other}/ticket`, { token: t, body });
      const base = { title: 'Printer on fire', description: 'It burns', customer_id: customer };
      expect((await create({ ...base, status: 'closed' })).body.error.details).toEqual([
        { field: 'status', rule: 'state_machine', message: "Initial state must be 'open', got 'closed'" },
      ]);
      const ticket = (await create(base)).body.data;
      expect(ticket.status).toBe('open');

      const move = (status: string) => server.put(`/api/${other}/ticket/${ticket.id}`, { token: t, body: { status } });
      expect((await move('resolved')).body.error.details[0].message).toBe(
        "Invalid transition from 'open' to 'resolved'",
      );
      for (const status of ['assigned', 'in_progress', 'on_hold', 'in_progress']) {
        expect([status, (await move(status)).status]).toEqual([status, 200]);
      }
      const resolved = (await move('resolved')).body.data;
      expect(resolved.resolved_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(resolved.closed_at).toBeNull();
      const closed = (await move('closed')).body.data;
      expect(closed.closed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect((await move('open')).body.data.status).toBe('open');
      expect((await move('closed')).status).toBe(422);
    });
  });
});

describe('state machines across server processes', () => {
  let a: TestServer;
  let b: TestServer;
  let app: string;
  let token: string;

  beforeAll(async () => {
    a = await TestServer.start();
    b = await TestServer.start({}, a.managementDb);
    app = await a.createApp();
    token = (await a.appLogin(app)).access_token;
    await defineSchema(a, app, token, [ENTITIES[2]]);
    // B has the app open before the machine exists.
    expect((await b.get(`/api/${app}/task`, { token })).status).toBe(200);
  });
  afterAll(async () => {
    await b.close({ dropAll: false });
    await a.close();
  });

  it('a machine saved on one process applies on the other', async () => {
    const res = await a.post(`/api/${app}/_admin/state-machines`, {
      token,
      body: {
        entity: 'task',
        field: 'kind',
        definition: { initial: 'todo', transitions: [{ from: 'todo', to: 'done' }] },
      },
    });
    expect(res.status).toBe(201);
    const started = Date.now();
    let kind: unknown;
    while (Date.now() - started < 2000) {
      kind = (await b.post(`/api/${app}/task`, { token, body: { title: 'x' } })).body.data?.kind;
      if (kind === 'todo') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(kind).toBe('todo');
    const [task] = await insertRecords(b, app, token, 'task', [{ title: 'y' }]);
    expect((await b.put(`/api/${app}/task/${task.id}`, { token, body: { kind: 'other' } })).status).toBe(422);
  });
});
