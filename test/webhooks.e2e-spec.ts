import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenancyService } from '@rocket/tenancy';
import { WebhookLogRetention } from '@rocket/webhooks';
import { defineSchema } from './support/schema';
import { TestServer } from './support/test-server';
import { signatureValid, WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'wh-e2e-secret-value-7f3a9c';
const SCOPED_SECRET = 'wh-e2e-scoped-value-51d2e8';

const uuidPk = { field: 'id', type: 'uuid', generated: true };
const ENTITIES = [
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: uuidPk,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'number', type: 'string', required: true },
      { name: 'status', type: 'string', default: 'draft' },
      { name: 'total', type: 'decimal', precision: 2, default: 0 },
      { name: 'qty', type: 'int', default: 1 },
      { name: 'secret', type: 'string', sensitive: true },
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

/** Short retries so the schedule of 06 §6.2 runs in seconds (base 1 s, linear 1 s, 2 s…). */
function configFile(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'rocket-webhooks-'));
  const file = join(dir, 'app.yaml');
  writeFileSync(
    file,
    `webhooks:\n  retry_base_seconds: 1\n  max_retry_delay_seconds: 2\n  poll_interval_ms: 200\n  timeout_ms: 1500\n${extra}`,
  );
  return file;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhooks (06 Part A)', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let app: string;
  let token: string;
  let signingKey: string;

  const db = () => `rocket_${app}`;
  const admin = (path: string) => `/api/${app}/_admin/${path}`;

  async function createWebhook(body: object): Promise<any> {
    const res = await server.post(admin('webhooks'), { token, body });
    if (res.status !== 201) throw new Error(`webhook: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  async function deleteWebhooks(): Promise<void> {
    const list = await server.get(admin('webhooks'), { token });
    for (const w of list.body.data) await server.delete(admin(`webhooks/${w.id}`), { token });
  }

  async function logsOf(webhookId: string): Promise<any[]> {
    return server.sql(db(), 'SELECT * FROM _webhook_logs WHERE webhook_id = $1 ORDER BY created_at', [webhookId]);
  }

  async function waitForLog(webhookId: string, done: (log: any) => boolean, ms = 15000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const [log] = await logsOf(webhookId);
      if (log && done(log)) return log;
      if (Date.now() > deadline) throw new Error(`log of ${webhookId} not done: ${JSON.stringify(log)}`);
      await sleep(50);
    }
  }

  const newInvoice = async (body: object = {}) => {
    const res = await server.post(`/api/${app}/invoice`, {
      token,
      body: { number: `INV-${Math.random().toString(36).slice(2, 8)}`, ...body },
    });
    if (res.status !== 201) throw new Error(`invoice: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  };

  beforeAll(async () => {
    process.env.WH_E2E_SECRET = SECRET;
    receiver = await WebhookReceiver.start();
    server = await TestServer.start({ ROCKET_CONFIG: configFile() });
    app = await server.createApp();
    process.env[`ROCKET_APP_${app.toUpperCase()}__WH_SCOPED`] = SCOPED_SECRET;
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, ENTITIES, RELATIONS);
    signingKey = (await server.get(admin('webhooks/signing-key'), { token })).body.data.key;
  });

  afterAll(async () => {
    await server.close();
    await receiver.close();
    delete process.env.WH_E2E_SECRET;
  });

  afterEach(async () => {
    await deleteWebhooks();
  });

  describe('admin API (06 §7.1)', () => {
    it('creates with defaults, lists with filters, gets, replaces with PUT, deletes', async () => {
      const created = await createWebhook({ entity: 'invoice', url: receiver.url('/admin') });
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        entity: 'invoice',
        hook: 'after_write',
        url: receiver.url('/admin'),
        method: 'POST',
        headers: {},
        condition: '',
        async: true,
        retry: { max_attempts: 3, backoff: 'exponential' },
        active: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const sync = await createWebhook({ entity: 'invoice', hook: 'before_delete', url: receiver.url('/x') });
      expect(sync.async).toBe(false);

      const all = await server.get(admin('webhooks'), { token });
      expect(all.body.data.map((w: any) => w.hook)).toEqual(['after_write', 'before_delete']);
      const filtered = await server.get(admin('webhooks?hook=before_delete&active=true'), { token });
      expect(filtered.body.data.map((w: any) => w.id)).toEqual([sync.id]);
      expect((await server.get(admin('webhooks?active=yes'), { token })).status).toBe(400);
      expect((await server.get(admin('webhooks?hook=later'), { token })).status).toBe(400);

      expect((await server.get(admin(`webhooks/${created.id}`), { token })).body.data).toEqual(created);
      expect((await server.get(admin('webhooks/not-a-uuid'), { token })).status).toBe(404);
      expect((await server.get(admin('webhooks/00000000-0000-4000-8000-000000000000'), { token })).status).toBe(404);

      // PUT is a full replacement: missing keys take their defaults; a GET result can be PUT back.
      const put = await server.put(admin(`webhooks/${created.id}`), {
        token,
        body: { ...created, method: 'patch', headers: { 'X-A': 'b' }, retry: { max_attempts: 5 }, active: false },
      });
      expect(put.status).toBe(200);
      expect(put.body.data).toMatchObject({ method: 'PATCH', headers: { 'X-A': 'b' }, active: false });
      expect(put.body.data.retry).toEqual({ max_attempts: 5, backoff: 'exponential' });
      const replaced = await server.put(admin(`webhooks/${created.id}`), {
        token,
        body: { entity: 'invoice', url: receiver.url('/y') },
      });
      expect(replaced.body.data).toMatchObject({ method: 'POST', headers: {}, active: true, url: receiver.url('/y') });

      const deleted = await server.delete(admin(`webhooks/${created.id}`), { token });
      expect([deleted.status, deleted.body.data]).toEqual([200, { id: created.id, deleted: true }]);
      expect((await server.delete(admin(`webhooks/${created.id}`), { token })).status).toBe(404);
    });

    it.each<[string, object, { field: string; rule: string }]>([
      ['no url', { entity: 'invoice' }, { field: 'url', rule: 'required' }],
      ['unknown entity', { entity: 'nope', url: 'https://x.test/' }, { field: 'entity', rule: 'not_found' }],
      ['bad hook', { entity: 'invoice', url: 'https://x.test/', hook: 'on_write' }, { field: 'hook', rule: 'enum' }],
      ['ftp url', { entity: 'invoice', url: 'ftp://x.test/' }, { field: 'url', rule: 'invalid_value' }],
      ['user-info', { entity: 'invoice', url: 'https://u:p@x.test/' }, { field: 'url', rule: 'invalid_value' }],
      [
        'long url',
        { entity: 'invoice', url: `https://x.test/${'a'.repeat(2048)}` },
        { field: 'url', rule: 'max_length' },
      ],
      ['method', { entity: 'invoice', url: 'https://x.test/', method: 'HEAD' }, { field: 'method', rule: 'enum' }],
      [
        'async on a before hook',
        { entity: 'invoice', url: 'https://x.test/', hook: 'before_write', async: true },
        { field: 'async', rule: 'invalid_value' },
      ],
      [
        'sync after hook',
        { entity: 'invoice', url: 'https://x.test/', async: false },
        { field: 'async', rule: 'invalid_value' },
      ],
      [
        'header name',
        { entity: 'invoice', url: 'https://x.test/', headers: { 'Bad Name': 'x' } },
        { field: 'headers.Bad Name', rule: 'invalid_value' },
      ],
      [
        'header value type',
        { entity: 'invoice', url: 'https://x.test/', headers: { 'X-A': 1 } },
        { field: 'headers.X-A', rule: 'type' },
      ],
      [
        'header line break',
        { entity: 'invoice', url: 'https://x.test/', headers: { 'X-A': 'a\r\nX-B: b' } },
        { field: 'headers.X-A', rule: 'invalid_value' },
      ],
      [
        'expression template in a header',
        { entity: 'invoice', url: 'https://x.test/', headers: { 'X-A': '{{record.id}}' } },
        { field: 'headers.X-A', rule: 'invalid_value' },
      ],
      [
        'denied variable',
        { entity: 'invoice', url: 'https://x.test/', headers: { 'X-A': '{{env.DATABASE_URL}}' } },
        { field: 'headers.X-A', rule: 'env_not_allowed' },
      ],
      [
        'a variable the server reads',
        { entity: 'invoice', url: 'https://x.test/', headers: { 'X-A': 'Bearer {{ env.ROCKET_MASTER_KEY }}' } },
        { field: 'headers.X-A', rule: 'env_not_allowed' },
      ],
      [
        'condition',
        { entity: 'invoice', url: 'https://x.test/', condition: 'record.nope == 1' },
        { field: 'condition', rule: 'expression_identifier' },
      ],
      [
        'retry attempts',
        { entity: 'invoice', url: 'https://x.test/', retry: { max_attempts: 11 } },
        { field: 'retry.max_attempts', rule: 'invalid_value' },
      ],
      [
        'retry backoff',
        { entity: 'invoice', url: 'https://x.test/', retry: { backoff: 'fixed' } },
        { field: 'retry.backoff', rule: 'enum' },
      ],
      ['unknown key', { entity: 'invoice', url: 'https://x.test/', secret: 'x' }, { field: 'secret', rule: 'unknown' }],
      ['active', { entity: 'invoice', url: 'https://x.test/', active: 'yes' }, { field: 'active', rule: 'type' }],
    ])('422 for %s', async (_label, body, detail) => {
      const res = await server.post(admin('webhooks'), { token, body });
      expect([res.status, res.body.error.code]).toEqual([422, 'VALIDATION_FAILED']);
      expect(res.body.error.details).toContainEqual(expect.objectContaining(detail));
    });

    it('ignores id and timestamps, refuses non-object bodies, needs an admin', async () => {
      const ok = await server.post(admin('webhooks'), {
        token,
        body: { id: 'x', created_at: 'y', updated_at: 'z', entity: 'invoice', url: 'https://x.test/' },
      });
      expect(ok.status).toBe(201);
      expect((await server.post(admin('webhooks'), { token, body: [1] })).status).toBe(400);
      expect((await server.get(admin('webhooks'))).status).toBe(401);
    });
  });

  describe('asynchronous delivery (06 §4, §6.1)', () => {
    it('delivers after commit with body, headers, signature and idempotency key; condition false → nothing', async () => {
      const hook = await createWebhook({
        entity: 'invoice',
        url: receiver.url('/paid?src=rocket'),
        headers: { 'X-Api-Key': 'Key {{env.WH_E2E_SECRET}}', 'X-Scoped': '{{ env.WH_SCOPED }}', 'User-Agent': 'mine' },
        condition: "record.status == 'paid' && (old == nil || old.status != 'paid')",
      });
      const invoice = await newInvoice({ total: 10, secret: 'pst' });
      await sleep(600);
      expect(receiver.at('/paid')).toHaveLength(0);
      expect(await logsOf(hook.id)).toHaveLength(0);

      const updated = await server.put(`/api/${app}/invoice/${invoice.id}`, { token, body: { status: 'paid' } });
      expect(updated.status).toBe(200);
      await receiver.waitFor(() => receiver.at('/paid').length === 1, 10000, 'the delivery');
      const log = await waitForLog(hook.id, (l) => l.status === 'delivered');
      const got = receiver.at('/paid')[0];

      expect(got.method).toBe('POST');
      expect(got.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': 'mine',
        'x-rocket-event': 'after_write',
        'x-rocket-delivery': log.id,
        'x-rocket-attempt': '1',
        'x-idempotency-key': log.idempotency_key,
        'x-trace-id': log.trace_id,
        'x-api-key': `Key ${SECRET}`,
        'x-scoped': SCOPED_SECRET,
      });
      expect(log.idempotency_key).toMatch(/^wh_[0-9a-f-]{36}$/);
      expect(signatureValid(got, signingKey)).toBe(true);
      expect(signatureValid({ ...got, raw: got.raw.replace('paid', 'PAID') }, signingKey)).toBe(false);
      expect(got.body).toEqual({
        event: 'after_write',
        entity: 'invoice',
        action: 'update',
        record: { ...updated.body.data, secret: '[redacted]' },
        old: { ...invoice, secret: '[redacted]' },
        changes: { status: { old: 'draft', new: 'paid' } },
        user: { id: expect.any(String), email: 'admin@localhost', roles: ['admin'] },
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        idempotency_key: log.idempotency_key,
        webhook_id: hook.id,
        trace_id: log.trace_id,
      });
      expect(log).toMatchObject({
        source: 'webhook',
        entity: 'invoice',
        hook: 'after_write',
        record_id: invoice.id,
        status: 'delivered',
        attempt: 1,
        max_attempts: 3,
        response_status: 200,
        response_body: '{"ok":true}',
        next_retry_at: null,
        locked_until: null,
        claim_token: null,
        error: '',
        // Templates, never resolved values (06 §5).
        request_headers: hook.headers,
      });
      expect(log.request_body).toEqual(got.body);

      // Paid → paid: the condition is false, nothing more is sent.
      await server.put(`/api/${app}/invoice/${invoice.id}`, { token, body: { total: 11 } });
      await sleep(600);
      expect(receiver.at('/paid')).toHaveLength(1);
    });

    it('create and delete bodies; inactive webhooks and nested children fire nothing', async () => {
      const writes = await createWebhook({ entity: 'invoice', url: receiver.url('/writes') });
      const deletes = await createWebhook({ entity: 'invoice', hook: 'after_delete', url: receiver.url('/deletes') });
      await createWebhook({ entity: 'invoice', url: receiver.url('/inactive'), active: false });
      await createWebhook({ entity: 'invoice_item', url: receiver.url('/items') });
      const res = await server.post(`/api/${app}/invoice`, {
        token,
        body: { number: 'NESTED-1', items: { data: [{ sku: 'a' }, { sku: 'b' }] } },
      });
      expect([res.status, res.body.error]).toEqual([201, undefined]);
      const invoice = res.body.data;
      await receiver.waitFor(() => receiver.at('/writes').length === 1, 10000, 'the create delivery');
      const created = receiver.at('/writes')[0].body;
      expect(created).toMatchObject({ action: 'create', old: null, webhook_id: writes.id });
      expect(created.changes.number).toEqual({ old: null, new: 'NESTED-1' });
      expect(created.changes.secret).toBeUndefined(); // null fields are not changes on create

      expect((await server.delete(`/api/${app}/invoice/${invoice.id}`, { token })).status).toBe(200);
      await receiver.waitFor(() => receiver.at('/deletes').length === 1, 10000, 'the delete delivery');
      const gone = receiver.at('/deletes')[0].body;
      expect(gone).toMatchObject({ event: 'after_delete', action: 'delete', changes: {}, webhook_id: deletes.id });
      expect(gone.record).toEqual(gone.old);
      expect(gone.record.number).toBe('NESTED-1');
      await sleep(500);
      expect(receiver.at('/inactive')).toHaveLength(0);
      // Children written by the nested write and removed by the cascade fire none (02 §7–8).
      expect(receiver.at('/items')).toHaveLength(0);
    });

    it('a receiver failing twice then answering: 3 attempts, one idempotency key, the log says delivered', async () => {
      receiver.on('/flaky', (_req, nth) => (nth <= 2 ? { status: 503, body: { error: 'busy' } } : { status: 200 }));
      const hook = await createWebhook({
        entity: 'invoice',
        url: receiver.url('/flaky'),
        retry: { max_attempts: 3, backoff: 'linear' },
      });
      await newInvoice();
      const log = await waitForLog(hook.id, (l) => l.status === 'delivered', 20000);
      const calls = receiver.at('/flaky');
      expect(calls.map((c) => c.headers['x-rocket-attempt'])).toEqual(['1', '2', '3']);
      expect(new Set(calls.map((c) => c.headers['x-idempotency-key']))).toEqual(new Set([log.idempotency_key]));
      expect(new Set(calls.map((c) => c.raw)).size).toBe(1); // the stored body, re-sent unchanged
      expect(log).toMatchObject({ attempt: 3, status: 'delivered', response_status: 200, error: '' });
    });

    it('gives up after max_attempts; manual retry makes exactly one more attempt', async () => {
      let up = false;
      receiver.on('/down', () => (up ? { status: 200 } : { status: 500 }));
      const hook = await createWebhook({ entity: 'invoice', url: receiver.url('/down'), retry: { max_attempts: 2 } });
      const invoice = await newInvoice();
      const failed = await waitForLog(hook.id, (l) => l.status === 'failed', 20000);
      expect(failed).toMatchObject({ attempt: 2, error: 'HTTP 500', response_status: 500, next_retry_at: null });

      const delivered = await server.get(admin(`webhook-logs?status=delivered&webhook_id=${hook.id}`), { token });
      expect(delivered.body).toEqual({ data: [], meta: { page: 1, per_page: 50, total: 0 } });
      const listed = await server.get(admin(`webhook-logs?status=failed&record_id=${invoice.id}`), { token });
      expect(listed.body.meta.total).toBe(1);
      const logApi = listed.body.data[0];
      expect(logApi).toMatchObject({ id: failed.id, status: 'failed', attempt: 2, max_attempts: 2 });
      expect(logApi).not.toHaveProperty('claim_token');
      expect((await server.get(admin(`webhook-logs/${failed.id}`), { token })).body.data).toEqual(logApi);

      up = true;
      const retried = await server.post(admin(`webhook-logs/${failed.id}/retry`), { token });
      expect(retried.status).toBe(200);
      expect(retried.body.data).toMatchObject({ status: 'retrying', max_attempts: 3 });
      const done = await waitForLog(hook.id, (l) => l.status === 'delivered');
      expect(done.attempt).toBe(3);
      expect(receiver.at('/down')).toHaveLength(3);

      const again = await server.post(admin(`webhook-logs/${failed.id}/retry`), { token });
      expect([again.status, again.body.error.message]).toEqual([422, 'Can only retry failed or retrying webhook logs']);
      expect((await server.post(admin('webhook-logs/not-a-uuid/retry'), { token })).status).toBe(404);
    });

    it('log list: pagination, newest first, malformed filters → 400', async () => {
      const hook = await createWebhook({ entity: 'invoice', url: receiver.url('/many') });
      for (let i = 0; i < 3; i++) await newInvoice();
      await receiver.waitFor(() => receiver.at('/many').length === 3, 10000, 'three deliveries');
      const page = await server.get(admin(`webhook-logs?webhook_id=${hook.id}&per_page=2&page=2`), { token });
      expect(page.body.meta).toEqual({ page: 2, per_page: 2, total: 3 });
      expect(page.body.data).toHaveLength(1);
      const all = await server.get(admin(`webhook-logs?webhook_id=${hook.id}&per_page=500`), { token });
      expect(all.body.meta.per_page).toBe(200);
      const times = all.body.data.map((l: any) => l.created_at);
      expect(times).toEqual([...times].sort().reverse());
      const future = await server.get(admin(`webhook-logs?webhook_id=${hook.id}&from=2999-01-01T00:00:00Z`), {
        token,
      });
      expect(future.body.meta.total).toBe(0);
      for (const bad of ['webhook_id=x', 'status=done', 'source=cron', 'from=yesterday', 'to=2026-13-01']) {
        expect([bad, (await server.get(admin(`webhook-logs?${bad}`), { token })).status]).toEqual([bad, 400]);
      }
    });

    it('a condition that cannot be evaluated: not delivered, a webhook.condition_error event', async () => {
      const hook = await createWebhook({
        entity: 'invoice',
        url: receiver.url('/cond'),
        condition: 'record.total / record.qty > 1',
      });
      const invoice = await newInvoice({ total: 5, qty: 0 });
      await sleep(500);
      expect(receiver.at('/cond')).toHaveLength(0);
      expect(await logsOf(hook.id)).toHaveLength(0);
      const events = await server.sql(
        db(),
        "SELECT * FROM _events WHERE action = 'webhook.condition_error' AND record_id = $1",
        [invoice.id],
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ event_type: 'system', status: 'error', entity: 'invoice' });
      expect(events[0].metadata.webhook_id).toBe(hook.id);
    });

    it('secrets: an unset variable fails the attempt by name; values never reach logs or responses', async () => {
      const hook = await createWebhook({
        entity: 'invoice',
        url: receiver.url('/secret'),
        headers: { 'X-Key': '{{env.WH_E2E_SECRET}}', 'X-Missing': '{{env.WH_E2E_UNSET}}' },
        retry: { max_attempts: 1 },
      });
      await newInvoice();
      const log = await waitForLog(hook.id, (l) => l.status === 'failed');
      expect(log.error).toBe('environment variable WH_E2E_UNSET is not set');
      expect(receiver.at('/secret')).toHaveLength(0);

      const ok = await createWebhook({
        entity: 'invoice',
        url: receiver.url('/secret-ok'),
        headers: { 'X-Key': '{{env.WH_E2E_SECRET}}' },
      });
      await newInvoice();
      await waitForLog(ok.id, (l) => l.status === 'delivered');
      expect(receiver.at('/secret-ok')[0].headers['x-key']).toBe(SECRET);

      const responses = [
        await server.get(admin('webhook-logs?per_page=200'), { token }),
        await server.get(admin(`webhook-logs/${log.id}`), { token }),
        await server.get(admin('webhooks'), { token }),
        await server.get(admin('export'), { token }),
      ];
      for (const res of responses) {
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain(SECRET);
      }
      const rows = await server.sql(db(), 'SELECT * FROM _webhook_logs');
      expect(JSON.stringify(rows)).not.toContain(SECRET);
      expect(JSON.stringify(rows)).not.toContain(SCOPED_SECRET);
    });

    it('deleting a webhook fails its queued deliveries and keeps the history', async () => {
      receiver.on('/queued', () => ({ status: 500 }));
      const hook = await createWebhook({
        entity: 'invoice',
        url: receiver.url('/queued'),
        retry: { max_attempts: 10 },
      });
      await newInvoice();
      const log = await waitForLog(hook.id, (l) => l.status === 'retrying');
      await server.delete(admin(`webhooks/${hook.id}`), { token });
      const [after] = await server.sql(db(), 'SELECT * FROM _webhook_logs WHERE id = $1', [log.id]);
      expect(after).toMatchObject({ status: 'failed', error: 'webhook deleted', webhook_id: null });
    });
  });

  describe('log retention (06 §6.5)', () => {
    it('removes delivered and failed rows older than the retention, keeps the rest', async () => {
      const insert = (status: string, days: number) =>
        server.sql(
          db(),
          `INSERT INTO _webhook_logs (entity, hook, url, method, status, idempotency_key, created_at)
           VALUES ('invoice', 'after_write', 'https://x.test/', 'POST', $1, 'wh_old', now() - make_interval(days => $2))
           RETURNING id`,
          [status, days],
        );
      const [oldDelivered] = await insert('delivered', 31);
      const [oldFailed] = await insert('failed', 40);
      const [oldRetrying] = await insert('retrying', 40);
      const [recent] = await insert('delivered', 29);
      const retention = server.app.get(WebhookLogRetention);
      await server.app.get(TenancyService).run(app, (ctx) => retention.run(ctx));
      const left = new Set(
        (await server.sql(db(), "SELECT id FROM _webhook_logs WHERE idempotency_key = 'wh_old'")).map((r) => r.id),
      );
      expect([left.has(oldDelivered.id), left.has(oldFailed.id)]).toEqual([false, false]);
      expect([left.has(oldRetrying.id), left.has(recent.id)]).toEqual([true, true]);
      await server.sql(db(), "DELETE FROM _webhook_logs WHERE idempotency_key = 'wh_old'");
    });
  });

  describe('synchronous webhooks (06 §6.3)', () => {
    const count = async () =>
      Number((await server.sql(db(), 'SELECT count(*)::int AS n FROM invoices'))[0].n as number);

    it('a 4xx veto rolls the write back with 422 WEBHOOK_REJECTED; the log row stays', async () => {
      receiver.on('/veto', () => ({ status: 409, body: { error: { message: 'Credit limit exceeded' } } }));
      const hook = await createWebhook({
        entity: 'invoice',
        hook: 'before_write',
        url: receiver.url('/veto'),
        headers: { 'X-Key': '{{env.WH_E2E_SECRET}}' },
        condition: 'record.total > 100',
      });
      const before = await count();
      const small = await newInvoice({ total: 5 }); // condition false: not called
      expect(receiver.at('/veto')).toHaveLength(0);

      const res = await server.post(`/api/${app}/invoice`, { token, body: { number: 'BIG-1', total: 500 } });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({
        code: 'WEBHOOK_REJECTED',
        message: `Rejected by webhook ${hook.id} (HTTP 409)`,
        details: [{ rule: 'webhook', message: 'Credit limit exceeded' }],
      });
      expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
      expect(await count()).toBe(before + 1);
      const got = receiver.at('/veto')[0];
      expect(got.body).toMatchObject({ event: 'before_write', action: 'create', webhook_id: hook.id });
      expect(got.body.record.number).toBe('BIG-1');
      expect(got.headers['x-key']).toBe(SECRET);
      expect(signatureValid(got, signingKey)).toBe(true);

      const [log] = await logsOf(hook.id);
      expect(log).toMatchObject({
        status: 'failed',
        hook: 'before_write',
        attempt: 1,
        max_attempts: 1,
        response_status: 409,
        error: 'HTTP 409',
        request_headers: { 'X-Key': '{{env.WH_E2E_SECRET}}' },
        idempotency_key: got.headers['x-idempotency-key'],
      });
      expect(log.id).toBe(got.headers['x-rocket-delivery']);
      // Logs of rolled-back writes are never re-sent.
      expect((await server.post(admin(`webhook-logs/${log.id}/retry`), { token })).status).toBe(422);

      // An update vetoed the same way keeps the old values.
      const up = await server.put(`/api/${app}/invoice/${small.id}`, { token, body: { total: 101 } });
      expect(up.body.error.code).toBe('WEBHOOK_REJECTED');
      expect((await server.get(`/api/${app}/invoice/${small.id}`, { token })).body.data.total).toBe(5);
    });

    it('a 5xx, a timeout or a refused connection → 502 WEBHOOK_FAILED, rolled back, logged', async () => {
      receiver.on('/broken', () => ({ status: 500, body: 'boom' }));
      const hook = await createWebhook({ entity: 'invoice', hook: 'before_write', url: receiver.url('/broken') });
      const before = await count();
      const res = await server.post(`/api/${app}/invoice`, { token, body: { number: 'FAIL-1' } });
      expect(res.status).toBe(502);
      expect(res.body.error).toEqual({
        code: 'WEBHOOK_FAILED',
        message: `Webhook ${hook.id} could not be delivered`,
        details: [{ rule: 'webhook', message: 'HTTP 500' }],
      });
      expect(await count()).toBe(before);
      expect(await logsOf(hook.id)).toEqual([expect.objectContaining({ status: 'failed', response_status: 500 })]);
      await server.delete(admin(`webhooks/${hook.id}`), { token });

      receiver.on('/slow', async () => {
        await sleep(2500);
        return { status: 200 };
      });
      const slow = await createWebhook({ entity: 'invoice', hook: 'before_write', url: receiver.url('/slow') });
      const timedOut = await server.post(`/api/${app}/invoice`, { token, body: { number: 'SLOW-1' } });
      expect([timedOut.status, timedOut.body.error.details]).toEqual([
        502,
        [{ rule: 'webhook', message: 'timeout after 1500 ms' }],
      ]);
      expect((await logsOf(slow.id))[0]).toMatchObject({ status: 'failed', error: 'timeout after 1500 ms' });
      await server.delete(admin(`webhooks/${slow.id}`), { token });

      const refused = await createWebhook({ entity: 'invoice', hook: 'before_write', url: 'http://127.0.0.1:9/x' });
      const conn = await server.post(`/api/${app}/invoice`, { token, body: { number: 'CONN-1' } });
      expect([conn.status, conn.body.error.details]).toEqual([
        502,
        [{ rule: 'webhook', message: 'connection failed' }],
      ]);
      expect(JSON.stringify(conn.body)).not.toContain('127.0.0.1');
      expect((await logsOf(refused.id))[0].error).toMatch(/ECONNREFUSED/);
      expect(await count()).toBe(before);
    });

    it('before_delete vetoes keep the record; a sync condition error → 422 webhook_condition', async () => {
      const invoice = await newInvoice({ qty: 0 });
      receiver.on('/keep', () => ({ status: 403, body: { message: 'Archived invoices stay' } }));
      const hook = await createWebhook({ entity: 'invoice', hook: 'before_delete', url: receiver.url('/keep') });
      const res = await server.delete(`/api/${app}/invoice/${invoice.id}`, { token });
      expect([res.status, res.body.error.code, res.body.error.details]).toEqual([
        422,
        'WEBHOOK_REJECTED',
        [{ rule: 'webhook', message: 'Archived invoices stay' }],
      ]);
      expect((await server.get(`/api/${app}/invoice/${invoice.id}`, { token })).status).toBe(200);
      expect(receiver.at('/keep')[0].body).toMatchObject({ event: 'before_delete', action: 'delete', changes: {} });
      expect((await logsOf(hook.id))[0]).toMatchObject({ hook: 'before_delete', status: 'failed' });
      await server.delete(admin(`webhooks/${hook.id}`), { token });

      await createWebhook({
        entity: 'invoice',
        hook: 'before_write',
        url: receiver.url('/c'),
        condition: 'record.total / record.qty > 1',
      });
      const bad = await server.put(`/api/${app}/invoice/${invoice.id}`, { token, body: { total: 3 } });
      expect([bad.status, bad.body.error.code]).toEqual([422, 'VALIDATION_FAILED']);
      expect(bad.body.error.details).toEqual([{ rule: 'webhook_condition', message: expect.any(String) }]);
    });

    it('a passing sync webhook lets the write through and logs delivered', async () => {
      const hook = await createWebhook({ entity: 'invoice', hook: 'before_write', url: receiver.url('/pass') });
      const invoice = await newInvoice();
      expect(receiver.at('/pass')).toHaveLength(1);
      expect(await logsOf(hook.id)).toEqual([
        expect.objectContaining({ status: 'delivered', attempt: 1, max_attempts: 1, record_id: invoice.id }),
      ]);
    });
  });

  describe('state-machine webhook actions (04 §2.3, 06 §4.2)', () => {
    it('are delivered by the same dispatcher with their stored body', async () => {
      const machine = await server.post(admin('state-machines'), {
        token,
        body: {
          entity: 'invoice',
          field: 'status',
          definition: {
            initial: 'draft',
            transitions: [
              {
                from: 'draft',
                to: 'sent',
                actions: [
                  { type: 'webhook', url: receiver.url('/transition'), headers: { 'X-Key': '{{env.WH_E2E_SECRET}}' } },
                ],
              },
            ],
          },
        },
      });
      expect(machine.status).toBe(201);
      try {
        const invoice = await newInvoice();
        await server.put(`/api/${app}/invoice/${invoice.id}`, { token, body: { status: 'sent' } });
        await receiver.waitFor(() => receiver.at('/transition').length === 1, 10000, 'the action delivery');
        const got = receiver.at('/transition')[0];
        const [log] = await server.sql(
          db(),
          "SELECT * FROM _webhook_logs WHERE source = 'state_machine' AND record_id = $1",
          [invoice.id],
        );
        expect(got.headers).toMatchObject({
          'x-rocket-event': 'state_transition',
          'x-idempotency-key': log.idempotency_key,
          'x-key': SECRET,
        });
        expect(signatureValid(got, signingKey)).toBe(true);
        expect(got.body).toEqual(log.request_body);
        expect(got.body.transition).toEqual({ field: 'status', from: 'draft', to: 'sent' });
        await receiver.waitFor(() => got.answered === 200);
        const [done] = await server.sql(db(), 'SELECT status FROM _webhook_logs WHERE id = $1', [log.id]);
        expect(['delivering', 'delivered']).toContain(done.status);
      } finally {
        await server.delete(admin(`state-machines/${machine.body.data.id}`), { token });
      }
    });
  });

  describe('export / import (01 §8)', () => {
    it('carries webhooks, references unresolved; a second import skips them', async () => {
      await createWebhook({
        entity: 'invoice',
        url: 'https://hooks.example.test/a',
        headers: { 'X-Key': '{{env.WH_E2E_SECRET}}' },
        condition: "action == 'create'",
        retry: { max_attempts: 4, backoff: 'linear' },
      });
      await createWebhook({ entity: 'invoice_item', hook: 'before_delete', url: 'https://hooks.example.test/b' });
      const exported = (await server.get(admin('export'), { token })).body.data;
      expect(exported.webhooks).toEqual([
        {
          entity: 'invoice',
          hook: 'after_write',
          url: 'https://hooks.example.test/a',
          method: 'POST',
          headers: { 'X-Key': '{{env.WH_E2E_SECRET}}' },
          condition: "action == 'create'",
          async: true,
          retry: { max_attempts: 4, backoff: 'linear' },
          active: true,
        },
        expect.objectContaining({ entity: 'invoice_item', hook: 'before_delete', async: false }),
      ]);

      const other = await server.createApp();
      const otherToken = (await server.appLogin(other)).access_token;
      const first = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: exported });
      expect([first.status, first.body.data.summary.webhooks, first.body.data.skipped.webhooks]).toEqual([200, 2, 0]);
      const again = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: exported });
      expect([again.body.data.summary.webhooks, again.body.data.skipped.webhooks]).toEqual([0, 2]);
      const imported = await server.get(`/api/${other}/_admin/webhooks`, { token: otherToken });
      expect(imported.body.data.map((w: any) => w.url)).toEqual([
        'https://hooks.example.test/a',
        'https://hooks.example.test/b',
      ]);

      const bad = await server.post(`/api/${other}/_admin/import`, {
        token: otherToken,
        body: {
          version: 1,
          entities: [],
          webhooks: [{ entity: 'ghost', url: 'https://x.test/', headers: { A: '{{env.PGPASSWORD}}' } }],
        },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'webhooks[0].entity', rule: 'not_found' }),
          expect.objectContaining({ field: 'webhooks[0].headers.A', rule: 'env_not_allowed' }),
        ]),
      );
    });
  });
});

describe('webhooks and the outbound policy (09 §2)', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    server = await TestServer.start({
      ROCKET_CONFIG: configFile('outbound:\n  block_private_networks: true\n  allowed_hosts: [localhost]\n'),
    });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it('refuses private addresses unless the host is allowed', async () => {
    const app = await server.createApp();
    const token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, [ENTITIES[0]]);
    const blocked = await server.post(`/api/${app}/_admin/webhooks`, {
      token,
      body: { entity: 'invoice', url: receiver.url('/private'), retry: { max_attempts: 1 } },
    });
    const allowed = await server.post(`/api/${app}/_admin/webhooks`, {
      token,
      body: { entity: 'invoice', url: receiver.url('/allowed', 'localhost') },
    });
    expect([blocked.status, allowed.status]).toEqual([201, 201]);
    await server.post(`/api/${app}/invoice`, { token, body: { number: 'P-1' } });
    await receiver.waitFor(() => receiver.at('/allowed').length === 1, 10000, 'the allowed delivery');

    const deadline = Date.now() + 10000;
    let log: any;
    while (Date.now() < deadline) {
      [log] = await server.sql(`rocket_${app}`, 'SELECT * FROM _webhook_logs WHERE webhook_id = $1', [
        blocked.body.data.id,
      ]);
      if (log?.status === 'failed') break;
      await sleep(50);
    }
    expect(log).toMatchObject({ status: 'failed', error: 'destination not allowed: 127.0.0.1', response_status: null });
    expect(receiver.at('/private')).toHaveLength(0);
  });
});
