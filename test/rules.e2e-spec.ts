import * as bcrypt from 'bcryptjs';
import { example } from './fixtures/examples';
import { defineSchema } from './support/schema';
import { HttpResult, TestServer } from './support/test-server';

/** invoice → items (1:N), customer → invoices (1:N, cascade), with a field of most types. */
const invoice = {
  name: 'invoice',
  table: 'invoices',
  primary_key: { field: 'id', type: 'uuid', generated: true },
  soft_delete: true,
  fields: [
    { name: 'id', type: 'uuid', required: true },
    { name: 'number', type: 'string', required: true },
    { name: 'status', type: 'string', enum: ['draft', 'sent', 'paid', 'void'], default: 'draft' },
    { name: 'total', type: 'decimal', precision: 2 },
    { name: 'discount', type: 'int' },
    { name: 'score', type: 'float' },
    { name: 'payment_date', type: 'date' },
    { name: 'due_at', type: 'timestamp' },
    { name: 'email', type: 'string' },
    { name: 'code', type: 'string' },
    { name: 'notes', type: 'text' },
    { name: 'tags', type: 'json' },
    { name: 'customer_id', type: 'uuid' },
    { name: 'created_at', type: 'timestamp', auto: 'create' },
    { name: 'updated_at', type: 'timestamp', auto: 'update' },
  ],
};
const invoiceItem = {
  name: 'invoice_item',
  table: 'invoice_items',
  primary_key: { field: 'id', type: 'int', generated: true },
  fields: [
    { name: 'id', type: 'int', required: true },
    { name: 'invoice_id', type: 'uuid', required: true },
    { name: 'quantity', type: 'int', required: true },
    { name: 'unit_price', type: 'decimal', precision: 2, required: true },
    { name: 'line_total', type: 'decimal', precision: 2, required: true },
  ],
};
const customer = {
  name: 'customer',
  table: 'customers',
  primary_key: { field: 'id', type: 'uuid', generated: true },
  fields: [
    { name: 'id', type: 'uuid', required: true },
    { name: 'name', type: 'string', required: true },
  ],
};
const relations = [
  {
    name: 'items',
    type: 'one_to_many',
    source: 'invoice',
    target: 'invoice_item',
    source_key: 'id',
    target_key: 'invoice_id',
    on_delete: 'cascade',
  },
  {
    name: 'invoices',
    type: 'one_to_many',
    source: 'customer',
    target: 'invoice',
    source_key: 'id',
    target_key: 'customer_id',
    on_delete: 'cascade',
  },
];

const lineTotal = {
  entity: 'invoice_item',
  type: 'computed',
  definition: { field: 'line_total', expression: 'record.quantity * record.unit_price' },
};

describe('validation rules (04 §1)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  let salesToken: string;
  let accountantToken: string;
  let seq = 0;
  const db = () => `rocket_${app}`;
  const rulesUrl = () => `/api/${app}/_admin/rules`;

  /** Creates a rule through the admin API; the test fails loudly if it is refused. */
  async function rule(body: object): Promise<any> {
    const res = await server.post(rulesUrl(), { token, body });
    if (res.status !== 201) throw new Error(`rule: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  const post = (entity: string, body: object, t = token) => server.post(`/api/${app}/${entity}`, { token: t, body });
  const put = (entity: string, id: string | number, body: object, t = token) =>
    server.put(`/api/${app}/${entity}/${id}`, { token: t, body });
  const remove = (entity: string, id: string | number) => server.delete(`/api/${app}/${entity}/${id}`, { token });
  const number = () => `INV-${++seq}`;

  async function created(entity: string, body: object): Promise<any> {
    const res = await post(entity, body);
    if (res.status !== 201) throw new Error(`create ${entity}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  function expect422(res: HttpResult, details: object[]) {
    expect([res.status, res.body.error?.code, res.body.error?.message]).toEqual([
      422,
      'VALIDATION_FAILED',
      'Validation failed',
    ]);
    expect(res.body.error.details).toEqual(details);
  }

  const count = async (table: string) =>
    (await server.sql(db(), `SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, [invoice, invoiceItem, customer], relations);
    const hash = await bcrypt.hash('user-pass', 4);
    // Records are admin-only until permissions arrive (07): the accountant is an admin too.
    await server.sql(
      db(),
      `INSERT INTO _users (email, password_hash, roles) VALUES ('sales@localhost', $1, '{sales}'), ('acct@localhost', $1, '{admin,accountant}')`,
      [hash],
    );
    salesToken = (await server.appLogin(app, 'sales@localhost', 'user-pass')).access_token;
    accountantToken = (await server.appLogin(app, 'acct@localhost', 'user-pass')).access_token;
  });
  afterAll(() => server.close());

  /** Every test starts without rules; deletions go through the API so the rule sets reload. */
  afterEach(async () => {
    const res = await server.get(rulesUrl(), { token });
    for (const r of res.body.data) await server.delete(`${rulesUrl()}/${r.id}`, { token });
  });

  describe('admin API (04 §1.9)', () => {
    it('creates, reads, lists, replaces and deletes a rule in the canonical form', async () => {
      const res = await server.post(rulesUrl(), {
        token,
        body: {
          entity: 'invoice',
          type: 'field',
          definition: { field: 'total', operator: 'gte', value: 0, message: 'Invoice total must be non-negative' },
          priority: 1,
        },
      });
      expect(res.status).toBe(201);
      const created = res.body.data;
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        entity: 'invoice',
        hook: 'before_write',
        type: 'field',
        definition: {
          field: 'total',
          operator: 'gte',
          value: 0,
          message: 'Invoice total must be non-negative',
          stop_on_fail: false,
        },
        priority: 1,
        active: true,
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        updated_at: expect.stringMatching(/Z$/),
      });
      expect((await server.get(`${rulesUrl()}/${created.id}`, { token })).body.data).toEqual(created);

      // The docs shape: message and stop_on_fail at the top level.
      const second = await rule({
        entity: 'invoice',
        hook: 'before_delete',
        type: 'expression',
        definition: { expression: "old.status == 'paid'" },
        message: 'Paid invoices stay',
        stop_on_fail: true,
        active: false,
      });
      expect(second.definition).toEqual({
        expression: "old.status == 'paid'",
        message: 'Paid invoices stay',
        stop_on_fail: true,
      });
      const third = await rule({ ...lineTotal, priority: -3 });

      const list = await server.get(rulesUrl(), { token });
      expect(list.body.data.map((r: any) => r.id)).toEqual([second.id, created.id, third.id]);
      const ids = async (query: string) =>
        (await server.get(`${rulesUrl()}?${query}`, { token })).body.data.map((r: any) => r.id);
      expect(await ids('entity=invoice_item')).toEqual([third.id]);
      expect(await ids('hook=before_delete')).toEqual([second.id]);
      expect(await ids('type=field')).toEqual([created.id]);
      expect(await ids('active=false')).toEqual([second.id]);
      expect(await ids('active=true&entity=invoice')).toEqual([created.id]);
      expect((await server.get(`${rulesUrl()}?active=maybe`, { token })).status).toBe(400);

      // A GET result PUT back is accepted unchanged.
      const same = await server.put(`${rulesUrl()}/${created.id}`, { token, body: created });
      expect(same.status).toBe(200);
      expect(same.body.data).toEqual({ ...created, updated_at: expect.any(String) });
      // PUT is a full replacement: missing keys take their defaults.
      const replaced = await server.put(`${rulesUrl()}/${created.id}`, {
        token,
        body: { entity: 'invoice', type: 'field', definition: { field: 'total', operator: 'lte', value: 10 } },
      });
      expect(replaced.body.data).toMatchObject({
        id: created.id,
        priority: 0,
        active: true,
        definition: { field: 'total', operator: 'lte', value: 10, stop_on_fail: false },
      });

      const deleted = await server.delete(`${rulesUrl()}/${created.id}`, { token });
      expect([deleted.status, deleted.body]).toEqual([200, { data: { id: created.id, deleted: true } }]);
      expect((await server.get(`${rulesUrl()}/${created.id}`, { token })).status).toBe(404);
      expect((await server.delete(`${rulesUrl()}/${created.id}`, { token })).status).toBe(404);
    });

    it('answers 404 to malformed and unknown ids, 400 to non-object bodies, 401/403 without an admin', async () => {
      for (const id of ['nope', '1', '00000000-0000-4000-8000-000000000000']) {
        expect((await server.get(`${rulesUrl()}/${id}`, { token })).status).toBe(404);
        expect((await server.put(`${rulesUrl()}/${id}`, { token, body: lineTotal })).status).toBe(404);
        expect((await server.delete(`${rulesUrl()}/${id}`, { token })).status).toBe(404);
      }
      const array = await server.post(rulesUrl(), { token, body: [lineTotal] });
      expect([array.status, array.body.error.code]).toEqual([400, 'INVALID_PAYLOAD']);
      expect((await server.get(rulesUrl())).status).toBe(401);
      expect((await server.get(rulesUrl(), { token: salesToken })).status).toBe(403);
      expect((await server.post(rulesUrl(), { token: salesToken, body: lineTotal })).status).toBe(403);
    });

    it('refuses bad rules with one detail per problem at its JSON path', async () => {
      const refused = async (body: object) => {
        const res = await server.post(rulesUrl(), { token, body });
        expect([res.status, res.body.error?.code]).toEqual([422, 'VALIDATION_FAILED']);
        return res.body.error.details.map((d: any) => [d.field, d.rule]);
      };
      const spec = await server.post(rulesUrl(), {
        token,
        body: { entity: 'invoice', type: 'expression', definition: { expression: 'record.total >' } },
      });
      expect(spec.status).toBe(422);
      expect(spec.body.error.details).toEqual([
        {
          field: 'definition.expression',
          rule: 'expression_syntax',
          message: 'unexpected end of expression at column 15',
        },
      ]);
      expect(await refused({ type: 'field', definition: { field: 'x', operator: 'required' } })).toEqual([
        ['entity', 'required'],
      ]);
      expect(await refused({ entity: 'ghost', type: 'field', definition: {} })).toEqual([['entity', 'not_found']]);
      expect(await refused({ entity: 'invoice', type: 'field', hook: 'after_write', definition: [] })).toEqual([
        ['hook', 'invalid_value'],
        ['definition', 'invalid_value'],
      ]);
      expect(await refused({ entity: 'invoice', type: 'field', hook: 'before_delete', definition: {} })).toEqual([
        ['hook', 'invalid_value'],
      ]);
      expect(await refused({ entity: 'invoice', type: 'http_validate', definition: {} })).toEqual([
        ['type', 'invalid_value'],
      ]);
      expect(
        await refused({
          entity: 'invoice',
          type: 'field',
          definition: { field: 'number', operator: 'min', value: 1, message: 5, stop_on_fail: 'no' },
          priority: 2_000_000,
          active: 1,
          colour: 'red',
        }),
      ).toEqual([
        ['colour', 'unknown'],
        ['priority', 'invalid_value'],
        ['active', 'invalid_value'],
        ['definition.operator', 'invalid_value'],
        ['definition.message', 'invalid_value'],
        ['definition.stop_on_fail', 'invalid_value'],
      ]);
      expect(
        await refused({ entity: 'invoice', type: 'field', definition: { field: 'totl', operator: 'gte', value: 0 } }),
      ).toEqual([['definition.field', 'not_found']]);
      expect(
        await refused({
          entity: 'invoice',
          type: 'field',
          definition: { field: 'total', operator: 'gte', value: 'x' },
        }),
      ).toEqual([['definition.value', 'invalid_value']]);
      expect(
        await refused({
          entity: 'invoice',
          type: 'field',
          definition: { field: 'code', operator: 'pattern', value: '(a)\\1' },
        }),
      ).toEqual([['definition.value', 'expression_regex']]);
      expect(
        await refused({ entity: 'invoice', type: 'expression', definition: { expression: 'record.totl > 0' } }),
      ).toEqual([['definition.expression', 'expression_identifier']]);
      expect(
        await refused({ entity: 'invoice', type: 'computed', definition: { field: 'id', expression: 'nil' } }),
      ).toEqual([['definition.field', 'invalid_value']]);
      expect(
        await refused({ entity: 'invoice', type: 'computed', definition: { field: 'created_at', expression: 'now' } }),
      ).toEqual([['definition.field', 'invalid_value']]);
      expect(
        await refused({
          entity: 'invoice',
          type: 'expression',
          definition: { expression: 'false', related_load: [{ relation: 'invoices', filter: { 'nope.eq': 1 } }] },
        }),
      ).toEqual([['definition.related_load[0].filter.nope.eq', 'not_found']]);
      expect(
        await refused({
          entity: 'invoice',
          type: 'expression',
          definition: { expression: 'false', related_load: [{ relation: 'x' }] },
        }),
      ).toEqual([['definition.related_load[0].relation', 'not_found']]);
      expect((await server.get(rulesUrl(), { token })).body.data).toEqual([]);
    });

    it('deleting an entity deletes its rules', async () => {
      const temp = { ...customer, name: 'temp', table: 'temps' };
      await defineSchema(server, app, token, [temp]);
      await rule({ entity: 'temp', type: 'field', definition: { field: 'name', operator: 'min_length', value: 2 } });
      expect((await server.delete(`/api/${app}/_admin/entities/temp`, { token })).status).toBe(200);
      expect((await server.get(`${rulesUrl()}?entity=temp`, { token })).body.data).toEqual([]);
      expect(await server.sql(db(), `SELECT count(*)::int AS n FROM _rules WHERE entity = 'temp'`)).toEqual([{ n: 0 }]);
    });
  });

  describe('field rules (04 §1.3)', () => {
    /** [operator, field, value, a passing value, a failing value]. */
    const cases: Array<[string, string, unknown, unknown, unknown]> = [
      ['required', 'email', true, 'a@b.co', null],
      ['min', 'total', 0, 0, -1],
      ['min', 'payment_date', '2026-01-01', '2026-01-01', '2025-12-31'],
      ['max', 'due_at', '2026-12-31T23:59:59Z', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z'],
      ['max', 'score', 1.5, 1.5, 1.51],
      ['min_length', 'number', 3, 'abc', 'ab'],
      ['max_length', 'notes', 5, 'héllo', 'hello!'],
      ['max_length', 'tags', 2, ['a', 'b'], ['a', 'b', 'c']],
      ['pattern', 'code', '^[a-z0-9]+(-[a-z0-9]+)*$', 'my-post-1', 'My Post'],
      ['enum', 'discount', [0, 10, 20], 10, 15],
      ['eq', 'code', 'x', 'x', 'y'],
      ['neq', 'code', 'x', 'y', 'x'],
      ['gt', 'discount', 0, 1, 0],
      ['gte', 'total', 0, 0, -0.01],
      ['lt', 'discount', 100, 99, 100],
      ['lte', 'discount', 100, 100, 101],
      ['in', 'email', ['a@b.co', 'c@d.co'], 'c@d.co', 'z@z.co'],
      ['not_in', 'email', ['a@b.co'], 'c@d.co', 'a@b.co'],
      ['like', 'code', 'INV-%', 'INV-1', 'inv-1'],
    ];

    it.each(cases)('%s on %s (%j) holds on create and update', async (operator, field, value, good, bad) => {
      await rule({ entity: 'invoice', type: 'field', definition: { field, operator, value } });
      const detail = { field, rule: operator, message: `field ${field} failed ${operator} validation` };
      const before = await count('invoices');
      expect422(await post('invoice', { number: number(), [field]: bad }), [detail]);
      expect(await count('invoices')).toBe(before);

      const record = await created('invoice', { number: number(), [field]: good });
      expect422(await put('invoice', record.id, { [field]: bad }), [detail]);
      // Update checks only the keys of the payload.
      expect((await put('invoice', record.id, { status: 'sent' })).status).toBe(200);
      expect((await put('invoice', record.id, { [field]: good })).status).toBe(200);
      if (operator === 'required') {
        expect422(await post('invoice', { number: number() }), [detail]);
      } else {
        // An absent value passes every operator but required.
        expect((await post('invoice', { number: number() })).status).toBe(201);
      }
    });

    it('uses the custom message and reports every failing field at once', async () => {
      await rule({
        entity: 'invoice',
        type: 'field',
        definition: { field: 'total', operator: 'gte', value: 0, message: 'Invoice total must be non-negative' },
      });
      await rule({ entity: 'invoice', type: 'field', definition: { field: 'code', operator: 'min_length', value: 3 } });
      expect422(await post('invoice', { number: number(), total: -5, code: 'ab' }), [
        { field: 'total', rule: 'gte', message: 'Invoice total must be non-negative' },
        { field: 'code', rule: 'min_length', message: 'field code failed min_length validation' },
      ]);
    });

    it('checks defaults on create, and old rows are not blocked from unrelated edits', async () => {
      const old = await created('invoice', { number: 'x' });
      await rule({
        entity: 'invoice',
        type: 'field',
        definition: { field: 'status', operator: 'neq', value: 'draft' },
      });
      expect422(await post('invoice', { number: number() }), [
        { field: 'status', rule: 'neq', message: 'field status failed neq validation' },
      ]);
      await rule({
        entity: 'invoice',
        type: 'field',
        definition: { field: 'number', operator: 'min_length', value: 3 },
      });
      expect((await put('invoice', old.id, { notes: 'still editable' })).status).toBe(200);
    });
  });

  describe('expression rules (04 §1.4)', () => {
    const paymentRule = {
      entity: 'invoice',
      type: 'expression',
      definition: {
        expression: "record.status == 'paid' && record.payment_date == nil",
        message: 'Payment date is required when status is paid',
        field: 'payment_date',
      },
    };
    const paymentDetail = {
      field: 'payment_date',
      rule: 'expression',
      message: 'Payment date is required when status is paid',
    };

    it('rejects when the expression is true, on create', async () => {
      await rule(paymentRule);
      expect422(await post('invoice', { number: number(), status: 'paid' }), [paymentDetail]);
      expect((await post('invoice', { number: number(), status: 'paid', payment_date: '2026-02-01' })).status).toBe(
        201,
      );
      expect((await post('invoice', { number: number(), status: 'sent' })).status).toBe(201);
    });

    it('sees the stored row merged with the payload on update', async () => {
      await rule(paymentRule);
      const unpaid = await created('invoice', { number: number(), status: 'sent' });
      const dated = await created('invoice', { number: number(), status: 'sent', payment_date: '2026-02-01' });
      expect422(await put('invoice', unpaid.id, { status: 'paid' }), [paymentDetail]);
      const ok = await put('invoice', dated.id, { status: 'paid' });
      expect([ok.status, ok.body.data.status]).toEqual([200, 'paid']);
      // Clearing the stored date of a paid invoice is refused too.
      expect422(await put('invoice', dated.id, { payment_date: null }), [paymentDetail]);
    });

    it('sees action, old and the caller; omits field when the rule has none', async () => {
      await rule({
        entity: 'invoice',
        type: 'expression',
        definition: {
          expression: "action == 'update' && old.status != record.status && !('accountant' in user.roles)",
          message: 'Only accountants change the status',
        },
      });
      const record = await created('invoice', { number: number() });
      expect422(await put('invoice', record.id, { status: 'sent' }), [
        { rule: 'expression', message: 'Only accountants change the status' },
      ]);
      expect((await put('invoice', record.id, { notes: 'fine' })).status).toBe(200);
      expect((await put('invoice', record.id, { status: 'sent' }, accountantToken)).status).toBe(200);
    });

    it('reports an evaluation error as a 422, never a 500', async () => {
      await rule({
        entity: 'invoice',
        type: 'expression',
        definition: { expression: 'record.number > 5', field: 'number' },
      });
      const res = await post('invoice', { number: number() });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        { field: 'number', rule: 'expression', message: expect.stringMatching(/^rule could not be evaluated: /) },
      ]);
    });
  });

  describe('computed fields (04 §1.4)', () => {
    it('computes on create (target exempt from required), overwriting the client value', async () => {
      await rule(lineTotal);
      const parent = await created('invoice', { number: number() });
      const item = await created('invoice_item', {
        invoice_id: parent.id,
        quantity: 40,
        unit_price: 150,
        line_total: 1,
      });
      expect(item).toMatchObject({ quantity: 40, unit_price: 150, line_total: 6000 });
      const stored = await server.sql(db(), 'SELECT line_total FROM invoice_items WHERE id = $1', [item.id]);
      expect(stored).toEqual([{ line_total: '6000.00' }]);
    });

    it('recomputes on update from the stored row merged with the payload', async () => {
      await rule(lineTotal);
      const parent = await created('invoice', { number: number() });
      const item = await created('invoice_item', { invoice_id: parent.id, quantity: 2, unit_price: 2.5 });
      const res = await put('invoice_item', item.id, { quantity: 4 });
      expect([res.status, res.body.data.line_total]).toEqual([200, 10]);
    });

    it('coerces the result to the target type: rounded decimals, integral ints, required targets', async () => {
      await rule({
        ...lineTotal,
        definition: { field: 'line_total', expression: 'record.quantity > 100 ? nil : record.unit_price / 3' },
      });
      await rule({
        entity: 'invoice',
        type: 'computed',
        definition: { field: 'discount', expression: 'record.total / 3' },
      });
      const parent = await created('invoice', { number: number(), total: 9 });
      expect(parent.discount).toBe(3);
      expect422(await post('invoice', { number: number(), total: 10 }), [
        { field: 'discount', rule: 'computed', message: 'discount must be an integer' },
      ]);
      const item = await created('invoice_item', { invoice_id: parent.id, quantity: 1, unit_price: 10 });
      expect(item.line_total).toBe(3.33);
      expect422(await post('invoice_item', { invoice_id: parent.id, quantity: 101, unit_price: 10 }), [
        { field: 'line_total', rule: 'computed', message: 'line_total is required' },
      ]);
    });

    it('each result is visible to later computed rules; computed rules do not run after a failure', async () => {
      await rule({
        entity: 'invoice',
        type: 'computed',
        definition: { field: 'notes', expression: "'total ' + string(record.total)" },
        priority: 2,
      });
      await rule({
        entity: 'invoice',
        type: 'computed',
        definition: { field: 'total', expression: 'record.discount * 10' },
        priority: 1,
      });
      const parent = await created('invoice', { number: number(), discount: 3 });
      expect(parent).toMatchObject({ total: 30, notes: 'total 30' });
      await rule({ entity: 'invoice', type: 'field', definition: { field: 'discount', operator: 'lte', value: 5 } });
      expect422(await post('invoice', { number: number(), discount: 7 }), [
        { field: 'discount', rule: 'lte', message: 'field discount failed lte validation' },
      ]);
    });
  });

  describe('evaluation order (04 §1.7)', () => {
    it('orders by priority and stops at a failing stop_on_fail rule', async () => {
      await rule({
        entity: 'invoice',
        type: 'expression',
        definition: { expression: 'record.total > 100', message: 'too big' },
        priority: 5,
      });
      const guard = await rule({
        entity: 'invoice',
        type: 'field',
        definition: { field: 'code', operator: 'required', message: 'code first' },
        priority: 1,
      });
      await rule({
        entity: 'invoice',
        type: 'field',
        definition: { field: 'total', operator: 'lte', value: 50 },
        priority: -1,
      });
      const bad = { number: number(), total: 500 };
      expect((await post('invoice', bad)).body.error.details.map((d: any) => d.message)).toEqual([
        'field total failed lte validation',
        'code first',
        'too big',
      ]);
      await server.put(`${rulesUrl()}/${guard.id}`, {
        token,
        body: { ...guard, definition: { ...guard.definition, stop_on_fail: true } },
      });
      expect((await post('invoice', bad)).body.error.details.map((d: any) => d.message)).toEqual([
        'field total failed lte validation',
        'code first',
      ]);
      // An inactive rule does not run.
      await server.put(`${rulesUrl()}/${guard.id}`, { token, body: { ...guard, active: false } });
      expect((await post('invoice', bad)).body.error.details.map((d: any) => d.message)).toEqual([
        'field total failed lte validation',
        'too big',
      ]);
    });
  });

  describe('nested child rows (04 §3.1 step 12)', () => {
    it('computes child fields on nested create and update', async () => {
      await rule(lineTotal);
      const res = await post('invoice', {
        number: number(),
        items: {
          data: [
            { quantity: 2, unit_price: 5 },
            { quantity: 1, unit_price: 7.25 },
          ],
        },
      });
      expect(res.status).toBe(201);
      const items = await server.sql(
        db(),
        'SELECT id, line_total FROM invoice_items WHERE invoice_id = $1 ORDER BY id',
        [res.body.data.id],
      );
      expect(items.map((i) => i.line_total)).toEqual(['10.00', '7.25']);
      const update = await put('invoice', res.body.data.id, { items: { data: [{ id: items[0].id, quantity: 3 }] } });
      expect(update.status).toBe(200);
      expect(await server.sql(db(), 'SELECT line_total FROM invoice_items WHERE id = $1', [items[0].id])).toEqual([
        { line_total: '15.00' },
      ]);
    });

    it("runs the child entity's rules with path-prefixed fields; nothing is written", async () => {
      await rule(lineTotal);
      await rule({
        entity: 'invoice_item',
        type: 'field',
        definition: { field: 'quantity', operator: 'gt', value: 0 },
      });
      await rule({
        entity: 'invoice_item',
        type: 'expression',
        definition: { expression: 'record.quantity * record.unit_price > 1000', message: 'line too large' },
      });
      const before = [await count('invoices'), await count('invoice_items')];
      expect422(
        await post('invoice', {
          number: number(),
          items: {
            data: [
              { quantity: 1, unit_price: 1 },
              { quantity: 0, unit_price: 1 },
            ],
          },
        }),
        [{ field: 'items[1].quantity', rule: 'gt', message: 'field quantity failed gt validation' }],
      );
      expect422(await post('invoice', { number: number(), items: { data: [{ quantity: 1, unit_price: 2000 }] } }), [
        { field: 'items[0]', rule: 'expression', message: 'line too large' },
      ]);
      expect([await count('invoices'), await count('invoice_items')]).toEqual(before);
    });
  });

  describe('before_delete and related_load (04 §1.5–1.6)', () => {
    it('blocks a delete while related rows match, reading them inside the transaction', async () => {
      await rule({
        entity: 'customer',
        hook: 'before_delete',
        type: 'expression',
        definition: {
          expression: 'len(related.invoices) > 0',
          message: 'Customer has open invoices',
          related_load: [{ relation: 'invoices', filter: { 'status.in': ['draft', 'sent'] }, limit: 10 }],
        },
      });
      const acme = await created('customer', { name: 'Acme' });
      const open = await created('invoice', { number: number(), customer_id: acme.id, status: 'sent' });
      expect422(await remove('customer', acme.id), [{ rule: 'expression', message: 'Customer has open invoices' }]);
      expect((await server.get(`/api/${app}/customer/${acme.id}`, { token })).status).toBe(200);
      expect((await put('invoice', open.id, { status: 'paid' })).status).toBe(200);
      expect((await remove('customer', acme.id)).status).toBe(200);
    });

    it('runs the before_delete rules of cascaded and nested-deleted rows; a violation aborts the whole delete', async () => {
      await rule({
        entity: 'invoice',
        hook: 'before_delete',
        type: 'expression',
        definition: {
          expression: "record.status == 'paid' && old.status == 'paid'",
          message: 'Paid invoices cannot be deleted',
        },
      });
      await rule({
        entity: 'invoice_item',
        hook: 'before_delete',
        type: 'expression',
        definition: { expression: 'record.quantity > 5', message: 'Large lines stay' },
      });
      await rule(lineTotal);
      const acme = await created('customer', { name: 'Acme' });
      await created('invoice', { number: number(), customer_id: acme.id, status: 'paid' });
      expect422(await remove('customer', acme.id), [
        { rule: 'expression', message: 'Paid invoices cannot be deleted' },
      ]);
      expect(await server.sql(db(), 'SELECT count(*)::int AS n FROM customers WHERE id = $1', [acme.id])).toEqual([
        { n: 1 },
      ]);

      const parent = await created('invoice', { number: number(), items: { data: [{ quantity: 9, unit_price: 1 }] } });
      const [item] = await server.sql(db(), 'SELECT id FROM invoice_items WHERE invoice_id = $1', [parent.id]);
      const nested = await put('invoice', parent.id, { items: { data: [{ id: item.id, _delete: true }] } });
      expect([nested.status, nested.body.error.details[0].message]).toEqual([422, 'Large lines stay']);
      expect422(await remove('invoice', parent.id), [{ rule: 'expression', message: 'Large lines stay' }]);
      expect((await put('invoice_item', item.id, { quantity: 1 })).status).toBe(200);
      expect((await remove('invoice', parent.id)).status).toBe(200);
    });

    it('related_load on write: the parent through the foreign key, the children from the source side', async () => {
      await rule(lineTotal);
      await rule({
        entity: 'invoice_item',
        type: 'expression',
        definition: {
          expression: "related.items != nil && related.items.status == 'void'",
          message: 'Cannot add items to a void invoice',
          related_load: [{ relation: 'items' }],
        },
      });
      await rule({
        entity: 'invoice',
        type: 'computed',
        definition: {
          field: 'total',
          expression: "sum(related.items, 'line_total')",
          related_load: [{ relation: 'items', filter: { 'quantity.gt': 0 } }],
        },
      });
      const parent = await created('invoice', { number: number() });
      expect(parent.total).toBe(0); // on create the record has no stored children yet
      await created('invoice_item', { invoice_id: parent.id, quantity: 2, unit_price: 5 });
      await created('invoice_item', { invoice_id: parent.id, quantity: 1, unit_price: 2.5 });
      const touched = await put('invoice', parent.id, { notes: 'recount' });
      expect(touched.body.data.total).toBe(12.5);
      expect((await put('invoice', parent.id, { status: 'void' })).status).toBe(200);
      expect422(await post('invoice_item', { invoice_id: parent.id, quantity: 1, unit_price: 1 }), [
        { rule: 'expression', message: 'Cannot add items to a void invoice' },
      ]);
    });
  });

  describe('export / import (01 §8)', () => {
    it('round-trips rules, skips them on re-import, and the imported rules run', async () => {
      await rule({
        entity: 'invoice',
        type: 'field',
        definition: { field: 'total', operator: 'gte', value: 0, message: 'Invoice total must be non-negative' },
        priority: 1,
      });
      await rule(lineTotal);
      await rule({
        entity: 'customer',
        hook: 'before_delete',
        type: 'expression',
        definition: { expression: 'len(related.invoices) > 0', related_load: [{ relation: 'invoices' }] },
        active: false,
      });
      const exported = (await server.get(`/api/${app}/_admin/export`, { token })).body.data;
      expect(exported.rules).toEqual([
        {
          entity: 'customer',
          hook: 'before_delete',
          type: 'expression',
          definition: {
            expression: 'len(related.invoices) > 0',
            stop_on_fail: false,
            related_load: [{ relation: 'invoices', filter: {}, limit: 1000 }],
          },
          priority: 0,
          active: false,
        },
        {
          entity: 'invoice',
          hook: 'before_write',
          type: 'field',
          definition: {
            field: 'total',
            operator: 'gte',
            value: 0,
            message: 'Invoice total must be non-negative',
            stop_on_fail: false,
          },
          priority: 1,
          active: true,
        },
        { ...lineTotal, hook: 'before_write', priority: 0, active: true },
      ]);

      const other = await server.createApp();
      const otherToken = (await server.appLogin(other)).access_token;
      const first = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: exported });
      expect(first.status).toBe(200);
      expect([first.body.data.summary.rules, first.body.data.skipped.rules]).toEqual([3, 0]);
      const again = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: exported });
      expect([again.body.data.summary.rules, again.body.data.skipped.rules]).toEqual([0, 3]);
      const reexported = (await server.get(`/api/${other}/_admin/export`, { token: otherToken })).body.data;
      expect(reexported.rules).toEqual(exported.rules);

      const invoiceRes = await server.post(`/api/${other}/invoice`, {
        token: otherToken,
        body: { number: 'X', total: -1 },
      });
      expect(invoiceRes.body.error.details).toEqual([
        { field: 'total', rule: 'gte', message: 'Invoice total must be non-negative' },
      ]);
      const parent = await server.post(`/api/${other}/invoice`, { token: otherToken, body: { number: 'Y' } });
      const item = await server.post(`/api/${other}/invoice_item`, {
        token: otherToken,
        body: { invoice_id: parent.body.data.id, quantity: 3, unit_price: 4 },
      });
      expect([item.status, item.body.data?.line_total]).toEqual([201, 12]);
    });

    it('validates imported rules against existing ∪ imported entities (Phase A)', async () => {
      const other = await server.createApp();
      const otherToken = (await server.appLogin(other)).access_token;
      const res = await server.post(`/api/${other}/_admin/import`, {
        token: otherToken,
        body: {
          version: 1,
          entities: [customer],
          rules: [
            { entity: 'customer', type: 'field', definition: { field: 'name', operator: 'min_length', value: 2 } },
            { entity: 'invoice', type: 'field', definition: { field: 'total', operator: 'gte', value: 0 } },
            { entity: 'customer', type: 'expression', definition: { expression: 'record.nme == nil' } },
          ],
        },
      });
      expect([res.status, res.body.error.message]).toEqual([422, 'Import validation failed']);
      expect(res.body.error.details.map((d: any) => [d.field, d.rule])).toEqual([
        ['rules[1].entity', 'not_found'],
        ['rules[2].definition.expression', 'expression_identifier'],
      ]);
      expect((await server.get(`/api/${other}/_admin/entities`, { token: otherToken })).body.data).toEqual([]);
    });
  });

  it("imports the helpdesk example's rules and they behave", async () => {
    const doc = example('helpdesk-ticketing');
    const other = await server.createApp();
    const otherToken = (await server.appLogin(other)).access_token;
    const res = await server.post(`/api/${other}/_admin/import`, { token: otherToken, body: doc });
    expect(res.status).toBe(200);
    expect(res.body.data.summary.rules).toBe((doc.rules as unknown[]).length);
    const rules = (await server.get(`/api/${other}/_admin/rules`, { token: otherToken })).body.data;
    expect(rules.map((r: any) => [r.entity, r.definition.field, r.definition.operator, r.definition.value])).toEqual([
      ['response', 'body', 'min_length', 1],
      ['ticket', 'title', 'min_length', 5],
    ]);

    const customerId = doc.sample_data!.customer[0].id;
    const ticket = { description: 'It broke', customer_id: customerId, priority: 'low', category: 'bug' };
    const short = await server.post(`/api/${other}/ticket`, { token: otherToken, body: { ...ticket, title: 'Help' } });
    expect422(short, [{ field: 'title', rule: 'min_length', message: 'Title must be at least 5 characters' }]);
    const ok = await server.post(`/api/${other}/ticket`, { token: otherToken, body: { ...ticket, title: 'Help me' } });
    expect(ok.status).toBe(201);
    const shorten = await server.put(`/api/${other}/ticket/${ok.body.data.id}`, {
      token: otherToken,
      body: { title: 'Hi' },
    });
    expect422(shorten, [{ field: 'title', rule: 'min_length', message: 'Title must be at least 5 characters' }]);
  });
});
