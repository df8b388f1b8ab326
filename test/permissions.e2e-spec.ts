import { randomUUID } from 'node:crypto';
import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

const uuidPk = { field: 'id', type: 'uuid', generated: true };
const idField = { name: 'id', type: 'uuid', required: true };

const ENTITIES = [
  { name: 'project', table: 'projects', primary_key: uuidPk, fields: [idField, { name: 'name', type: 'string' }] },
  {
    name: 'doc',
    table: 'docs',
    primary_key: uuidPk,
    soft_delete: true,
    fields: [
      idField,
      { name: 'title', type: 'string', required: true },
      { name: 'department', type: 'string' },
      { name: 'status', type: 'string', default: 'open' },
      { name: 'pages', type: 'int' },
      { name: 'project_id', type: 'uuid' },
    ],
  },
  {
    name: 'note',
    table: 'notes',
    primary_key: uuidPk,
    fields: [idField, { name: 'title', type: 'string' }, { name: 'owner_id', type: 'uuid' }],
  },
  { name: 'order', table: 'orders', primary_key: uuidPk, fields: [idField, { name: 'number', type: 'string' }] },
  {
    name: 'order_line',
    table: 'order_lines',
    primary_key: uuidPk,
    fields: [idField, { name: 'order_id', type: 'uuid', required: true }, { name: 'sku', type: 'string' }],
  },
];

const RELATIONS = [
  {
    name: 'docs',
    type: 'one_to_many',
    source: 'project',
    target: 'doc',
    target_key: 'project_id',
    on_delete: 'set_null',
  },
  {
    name: 'lines',
    type: 'one_to_many',
    source: 'order',
    target: 'order_line',
    target_key: 'order_id',
    on_delete: 'cascade',
  },
];

describe('permissions (07 §6, §8)', () => {
  let server: TestServer;
  let app: string;
  let admin: string;
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const db = () => `rocket_${app}`;

  /** A user holding `roles`, created through the admin API, and its access token. */
  async function user(name: string, roles: string[]): Promise<string> {
    const email = `${name}@example.com`;
    const res = await server.post(`/api/${app}/_admin/users`, {
      token: admin,
      body: { email, password: 'password-1', roles },
    });
    expect(res.status).toBe(201);
    ids.set(name, res.body.data.id);
    const login = await server.appLogin(app, email, 'password-1');
    tokens.set(name, login.access_token);
    return login.access_token;
  }
  const as = (name: string) => ({ token: tokens.get(name)! });
  async function grant(body: object): Promise<any> {
    const res = await server.post(`/api/${app}/_admin/permissions`, { token: admin, body });
    expect(res.status).toBe(201);
    return res.body.data;
  }
  const titles = (res: { body: { data: { title: string }[] } }) => res.body.data.map((d) => d.title).sort();

  let p1: any, p2: any;
  let docs: Record<string, any>;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    admin = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, admin, ENTITIES, RELATIONS);
    [p1, p2] = await insertRecords(server, app, admin, 'project', [{ name: 'P1' }, { name: 'P2' }]);
    const rows = await insertRecords(server, app, admin, 'doc', [
      { title: 'd1', department: 'finance', status: 'open', pages: 1, project_id: p1.id },
      { title: 'd2', department: 'finance', status: 'closed', pages: 5, project_id: p1.id },
      { title: 'd3', department: 'ops', status: 'open', pages: 9, project_id: p1.id },
      { title: 'd4', department: 'hr', status: 'open', pages: 2, project_id: p2.id },
    ]);
    docs = Object.fromEntries(rows.map((r) => [r.title, r]));
    for (const [name, roles] of Object.entries({
      staff: ['staff'],
      acct: ['Accountant'],
      aud: ['auditor'],
      both: ['accountant', 'auditor'],
      editor: ['editor'],
      clerk: ['clerk'],
      ann: ['member'],
      bob: ['member'],
    })) {
      await user(name, roles);
    }
  });
  afterAll(() => server.close());

  describe('whitelist', () => {
    it('denies a non-admin by default: no policy, no access, before any lookup', async () => {
      const read = await server.get(`/api/${app}/doc`, as('staff'));
      expect(read.status).toBe(403);
      expect(read.body.error).toEqual({ code: 'FORBIDDEN', message: 'No permission for read on doc' });
      expect((await server.get(`/api/${app}/doc/${docs.d1.id}`, as('staff'))).body.error.message).toBe(
        'No permission for read on doc',
      );
      const create = await server.post(`/api/${app}/doc`, { ...as('staff'), body: { title: 'x' } });
      expect(create.status).toBe(403);
      expect(create.body.error.message).toBe('No permission for create on doc');
      // No existence oracle: a missing id answers as a present one (07 §6.3 step 1).
      for (const id of [docs.d1.id, randomUUID()]) {
        const put = await server.put(`/api/${app}/doc/${id}`, { ...as('staff'), body: { title: 'x' } });
        expect([put.status, put.body.error.message]).toEqual([403, 'No permission for update on doc']);
        const del = await server.delete(`/api/${app}/doc/${id}`, as('staff'));
        expect([del.status, del.body.error.message]).toEqual([403, 'No permission for delete on doc']);
      }
      // Unknown entities are still 404 first (02 §0).
      expect((await server.get(`/api/${app}/nothing`, as('staff'))).status).toBe(404);
      expect(await server.sql(db(), 'SELECT count(*)::int AS n FROM docs')).toEqual([{ n: 4 }]);
    });

    it('allows after a grant, at the very next request, and denies again once the policy is gone', async () => {
      const policy = await grant({ entity: 'project', action: 'read', roles: ['STAFF'] });
      expect(policy.roles).toEqual(['staff']);
      const list = await server.get(`/api/${app}/project`, as('staff'));
      expect(list.status).toBe(200);
      expect(list.body.meta.total).toBe(2);
      expect((await server.get(`/api/${app}/project/${p1.id}`, as('staff'))).status).toBe(200);
      // Other actions and other roles stay closed.
      expect((await server.post(`/api/${app}/project`, { ...as('staff'), body: { name: 'x' } })).status).toBe(403);
      const other = await server.get(`/api/${app}/project`, as('clerk'));
      expect([other.status, other.body.error.message]).toEqual([403, 'Permission denied for read on project']);

      expect((await server.delete(`/api/${app}/_admin/permissions/${policy.id}`, { token: admin })).status).toBe(200);
      expect((await server.get(`/api/${app}/project`, as('staff'))).status).toBe(403);
      await grant({ entity: 'project', action: 'read', roles: ['staff', 'accountant', 'auditor'] });
    });

    it('admins bypass every check: app admin and platform admin, no policy needed', async () => {
      const all = await server.get(`/api/${app}/doc`, { token: admin });
      expect(all.status).toBe(200);
      expect(all.body.meta.total).toBe(4);
      const platform = await server.get(`/api/${app}/doc?include=project`, { token: await server.platformToken() });
      expect(platform.status).toBe(200);
      expect(platform.body.meta.total).toBe(4);
      const created = await server.post(`/api/${app}/note`, { token: admin, body: { title: 'admin note' } });
      expect(created.status).toBe(201);
      expect((await server.delete(`/api/${app}/note/${created.body.data.id}`, { token: admin })).status).toBe(200);
    });
  });

  describe('row-level read filters (07 §6.2)', () => {
    beforeAll(async () => {
      await grant({
        entity: 'doc',
        action: 'read',
        roles: ['accountant'],
        conditions: [{ field: 'department', operator: 'eq', value: 'finance' }],
      });
      await grant({
        entity: 'doc',
        action: 'read',
        roles: ['auditor'],
        conditions: [
          { field: 'department', operator: 'eq', value: 'ops' },
          { field: 'status', operator: 'eq', value: 'open' },
        ],
      });
    });

    it('filter the list and its meta.total, also when the COUNT runs', async () => {
      const list = await server.get(`/api/${app}/doc`, as('acct'));
      expect(list.status).toBe(200);
      expect(titles(list)).toEqual(['d1', 'd2']);
      expect(list.body.meta.total).toBe(2);
      const paged = await server.get(`/api/${app}/doc?per_page=1`, as('acct'));
      expect(paged.body.data).toHaveLength(1);
      expect(paged.body.meta).toEqual({ page: 1, per_page: 1, total: 2 });
      // ANDed with the request's own filters.
      const open = await server.get(`/api/${app}/doc?filter[status]=open`, as('acct'));
      expect(titles(open)).toEqual(['d1']);
      expect(open.body.meta.total).toBe(1);
    });

    it('AND within a policy, OR across policies', async () => {
      expect(titles(await server.get(`/api/${app}/doc`, as('aud')))).toEqual(['d3']);
      const both = await server.get(`/api/${app}/doc?per_page=2`, as('both'));
      expect(both.body.meta.total).toBe(3);
      expect(titles(await server.get(`/api/${app}/doc`, as('both')))).toEqual(['d1', 'd2', 'd3']);
    });

    it('hide rows from get-by-id: 404 with the usual message', async () => {
      expect((await server.get(`/api/${app}/doc/${docs.d1.id}`, as('acct'))).status).toBe(200);
      const hidden = await server.get(`/api/${app}/doc/${docs.d3.id}`, as('acct'));
      expect(hidden.status).toBe(404);
      expect(hidden.body.error).toEqual({ code: 'NOT_FOUND', message: `doc with id ${docs.d3.id} not found` });
    });

    it("apply the included entity's filters to include results", async () => {
      const list = await server.get(`/api/${app}/project?include=docs&sort=name`, as('acct'));
      expect(list.status).toBe(200);
      expect(list.body.data.map((p: any) => [p.name, p.docs.map((d: any) => d.title).sort()])).toEqual([
        ['P1', ['d1', 'd2']],
        ['P2', []],
      ]);
      const one = await server.get(`/api/${app}/project/${p1.id}?include=docs`, as('aud'));
      expect(one.body.data.docs.map((d: any) => d.title)).toEqual(['d3']);
      // Reverse include: the parent project is readable without conditions.
      const reverse = await server.get(`/api/${app}/doc/${docs.d1.id}?include=project`, as('acct'));
      expect(reverse.body.data.project).toMatchObject({ id: p1.id, name: 'P1' });
    });

    it('refuse an include of an entity the caller may not read (403 before any query)', async () => {
      const res = await server.get(`/api/${app}/project?include=docs`, as('staff'));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Permission denied for read on doc');
      const noPolicy = await server.get(`/api/${app}/doc?include=project`, as('clerk'));
      expect(noPolicy.body.error.message).toBe('Permission denied for read on doc');
    });
  });

  describe('write conditions (07 §6.3–6.4)', () => {
    beforeAll(async () => {
      await grant({ entity: 'doc', action: 'read', roles: ['editor'] });
      await grant({
        entity: 'doc',
        action: 'update',
        roles: ['editor'],
        conditions: [{ field: 'status', operator: 'eq', value: 'open' }],
      });
      await grant({
        entity: 'doc',
        action: 'delete',
        roles: ['editor'],
        conditions: [{ field: 'status', operator: 'eq', value: 'closed' }],
      });
      await grant({
        entity: 'doc',
        action: 'create',
        roles: ['editor'],
        conditions: [
          { field: 'department', operator: 'in', value: ['ops', 'hr'] },
          { field: 'status', operator: 'eq', value: 'open' },
        ],
      });
    });

    it('refuses an update whose condition holds on the payload but not on the stored row', async () => {
      const res = await server.put(`/api/${app}/doc/${docs.d2.id}`, { ...as('editor'), body: { status: 'open' } });
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'FORBIDDEN', message: 'Permission denied for update on doc' });
      const [row] = await server.sql(db(), 'SELECT status FROM docs WHERE id = $1', [docs.d2.id]);
      expect(row.status).toBe('closed');
    });

    it('allows an update judged on the stored row, whatever the new values; the row then answers for itself', async () => {
      const res = await server.put(`/api/${app}/doc/${docs.d4.id}`, { ...as('editor'), body: { status: 'closed' } });
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe('closed');
      const again = await server.put(`/api/${app}/doc/${docs.d4.id}`, { ...as('editor'), body: { status: 'open' } });
      expect(again.status).toBe(403);
    });

    it('checks the permission before validating the body, and the lookup still answers 404', async () => {
      const invalid = await server.put(`/api/${app}/doc/${docs.d2.id}`, { ...as('editor'), body: { pages: 'many' } });
      expect(invalid.status).toBe(403);
      const missing = await server.put(`/api/${app}/doc/${randomUUID()}`, { ...as('editor'), body: {} });
      expect(missing.status).toBe(404);
    });

    it('checks delete conditions on the locked row', async () => {
      expect((await server.delete(`/api/${app}/doc/${docs.d1.id}`, as('editor'))).status).toBe(403);
      const closed = await insertRecords(server, app, admin, 'doc', [{ title: 'old', status: 'closed' }]);
      expect((await server.delete(`/api/${app}/doc/${closed[0].id}`, as('editor'))).status).toBe(200);
    });

    it('checks create conditions on the new record, defaults included', async () => {
      const wrong = await server.post(`/api/${app}/doc`, {
        ...as('editor'),
        body: { title: 'n', department: 'finance' },
      });
      expect([wrong.status, wrong.body.error.message]).toEqual([403, 'Permission denied for create on doc']);
      const closed = await server.post(`/api/${app}/doc`, {
        ...as('editor'),
        body: { title: 'n', department: 'ops', status: 'closed' },
      });
      expect(closed.status).toBe(403);
      // status comes from the field default ('open').
      const ok = await server.post(`/api/${app}/doc`, { ...as('editor'), body: { title: 'n', department: 'ops' } });
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({ department: 'ops', status: 'open' });
      // A field absent from the new record makes its condition false.
      const absent = await server.post(`/api/${app}/doc`, { ...as('editor'), body: { title: 'n' } });
      expect(absent.status).toBe(403);
    });
  });

  describe('nested writes (07 §6.5)', () => {
    beforeAll(async () => {
      await grant({ entity: 'order', action: 'create', roles: ['clerk'] });
      await grant({ entity: 'order', action: 'update', roles: ['clerk'] });
    });

    it('a child entity without permission blocks the whole nested write', async () => {
      const res = await server.post(`/api/${app}/order`, {
        ...as('clerk'),
        body: { number: 'O-1', lines: { data: [{ sku: 'A' }, { sku: 'B' }] } },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('No permission for create on order_line');
      const [n] = await server.sql(db(), "SELECT count(*)::int AS n FROM orders WHERE number = 'O-1'");
      expect(n.n).toBe(0);
      // Without children the parent alone is fine.
      expect((await server.post(`/api/${app}/order`, { ...as('clerk'), body: { number: 'O-0' } })).status).toBe(201);
    });

    it('each child operation needs its own permission; child conditions are checked on the child rows', async () => {
      await grant({
        entity: 'order_line',
        action: 'create',
        roles: ['clerk'],
        conditions: [{ field: 'sku', operator: 'neq', value: 'LOCKED' }],
      });
      const locked = await server.post(`/api/${app}/order`, {
        ...as('clerk'),
        body: { number: 'O-2', lines: { data: [{ sku: 'A' }, { sku: 'LOCKED' }] } },
      });
      expect([locked.status, locked.body.error.message]).toEqual([403, 'Permission denied for create on order_line']);

      const created = await server.post(`/api/${app}/order`, {
        ...as('clerk'),
        body: { number: 'O-2', lines: { data: [{ sku: 'A' }, { sku: 'B' }] } },
      });
      expect(created.status).toBe(201);
      const order = created.body.data.id;
      const lines = await server.sql(db(), 'SELECT id, sku FROM order_lines WHERE order_id = $1 ORDER BY sku', [order]);
      expect(lines.map((l) => l.sku)).toEqual(['A', 'B']);

      const update = await server.put(`/api/${app}/order/${order}`, {
        ...as('clerk'),
        body: { lines: { data: [{ id: lines[0].id, sku: 'A2' }] } },
      });
      expect([update.status, update.body.error.message]).toEqual([403, 'No permission for update on order_line']);
      const remove = await server.put(`/api/${app}/order/${order}`, {
        ...as('clerk'),
        body: { lines: { data: [{ id: lines[1].id, _delete: true }] } },
      });
      expect([remove.status, remove.body.error.message]).toEqual([403, 'No permission for delete on order_line']);
      // Replace mode removes unnamed children: each removal is a delete of the child.
      const replace = await server.put(`/api/${app}/order/${order}`, {
        ...as('clerk'),
        body: { lines: { _write_mode: 'replace', data: [{ sku: 'C' }] } },
      });
      expect(replace.status).toBe(403);

      await grant({
        entity: 'order_line',
        action: 'update',
        roles: ['clerk'],
        conditions: [{ field: 'sku', operator: 'eq', value: 'B' }],
      });
      const onLockedRow = await server.put(`/api/${app}/order/${order}`, {
        ...as('clerk'),
        body: { lines: { data: [{ id: lines[0].id, sku: 'B' }] } },
      });
      expect([onLockedRow.status, onLockedRow.body.error.message]).toEqual([
        403,
        'Permission denied for update on order_line',
      ]);
      const allowed = await server.put(`/api/${app}/order/${order}`, {
        ...as('clerk'),
        body: { lines: { data: [{ id: lines[1].id, sku: 'B2' }] } },
      });
      expect(allowed.status).toBe(200);
      const after = await server.sql(db(), 'SELECT sku FROM order_lines WHERE order_id = $1 ORDER BY sku', [order]);
      expect(after.map((l) => l.sku)).toEqual(['A', 'B2']);
    });

    it('cascades ride on the delete permission of the requested record', async () => {
      await grant({ entity: 'order', action: 'delete', roles: ['clerk'] });
      const [order] = await server.sql(db(), "SELECT id FROM orders WHERE number = 'O-2'");
      expect((await server.delete(`/api/${app}/order/${order.id}`, as('clerk'))).status).toBe(200);
      expect(
        await server.sql(db(), 'SELECT count(*)::int AS n FROM order_lines WHERE order_id = $1', [order.id]),
      ).toEqual([{ n: 0 }]);
    });
  });

  describe('owner-only access with {{ user.id }} (03 §11)', () => {
    beforeAll(async () => {
      const own = [{ field: 'owner_id', operator: 'eq', value: '{{ user.id }}' }];
      for (const action of ['read', 'create', 'update', 'delete']) {
        await grant({ entity: 'note', action, roles: ['member'], conditions: own });
      }
    });

    it('creates only own records, sees only them, and cannot touch the others', async () => {
      const ann = ids.get('ann')!;
      const bob = ids.get('bob')!;
      const mine = await server.post(`/api/${app}/note`, { ...as('ann'), body: { title: 'ann 1', owner_id: ann } });
      expect(mine.status).toBe(201);
      const forged = await server.post(`/api/${app}/note`, { ...as('ann'), body: { title: 'x', owner_id: bob } });
      expect([forged.status, forged.body.error.message]).toEqual([403, 'Permission denied for create on note']);
      const theirs = await server.post(`/api/${app}/note`, { ...as('bob'), body: { title: 'bob 1', owner_id: bob } });
      expect(theirs.status).toBe(201);

      const list = await server.get(`/api/${app}/note`, as('ann'));
      expect(list.body.data.map((n: any) => n.title)).toEqual(['ann 1']);
      expect(list.body.meta.total).toBe(1);
      expect((await server.get(`/api/${app}/note/${theirs.body.data.id}`, as('ann'))).status).toBe(404);
      const steal = await server.put(`/api/${app}/note/${theirs.body.data.id}`, {
        ...as('ann'),
        body: { owner_id: ann },
      });
      expect(steal.status).toBe(403);
      expect((await server.delete(`/api/${app}/note/${theirs.body.data.id}`, as('ann'))).status).toBe(403);
      // Giving away one's own note is allowed (new values are not checked); then it is gone from view.
      const give = await server.put(`/api/${app}/note/${mine.body.data.id}`, { ...as('ann'), body: { owner_id: bob } });
      expect(give.status).toBe(200);
      expect((await server.get(`/api/${app}/note`, as('ann'))).body.meta.total).toBe(0);
      expect((await server.get(`/api/${app}/note`, as('bob'))).body.meta.total).toBe(2);
      expect((await server.delete(`/api/${app}/note/${mine.body.data.id}`, as('bob'))).status).toBe(200);
    });
  });

  describe('admin API (07 §8)', () => {
    const url = () => `/api/${app}/_admin/permissions`;

    it('stores and answers the row with conditions as a list and the 12 §1.1 keys', async () => {
      const res = await server.post(url(), {
        token: admin,
        body: { entity: 'project', action: 'comment', roles: ['Member', 'member'] },
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        entity: 'project',
        action: 'comment',
        roles: ['member'],
        conditions: [],
        fields: null,
        masks: {},
        field_rules: [],
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const get = await server.get(`${url()}/${res.body.data.id}`, { token: admin });
      expect(get.body.data).toEqual(res.body.data);
      const list = await server.get(url(), { token: admin });
      const keys = list.body.data.map((p: any) => `${p.entity}/${p.action}`);
      expect(keys).toEqual([...keys].sort());
    });

    it('PUT replaces the whole policy, validated as POST; the change applies at once', async () => {
      const policy = await grant({ entity: 'project', action: 'create', roles: ['staff'] });
      expect((await server.post(`/api/${app}/project`, { ...as('staff'), body: { name: 'S' } })).status).toBe(201);
      const put = await server.put(`${url()}/${policy.id}`, {
        token: admin,
        body: { entity: 'project', action: 'create', roles: ['clerk'] },
      });
      expect(put.status).toBe(200);
      expect(put.body.data).toMatchObject({ id: policy.id, roles: ['clerk'], conditions: [] });
      expect((await server.post(`/api/${app}/project`, { ...as('staff'), body: { name: 'S' } })).status).toBe(403);
      const bad = await server.put(`${url()}/${policy.id}`, {
        token: admin,
        body: { entity: 'project', action: 'edit' },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'action must be read, create, update, delete, or comment',
        details: [
          {
            field: 'action',
            rule: 'invalid_value',
            message: 'action must be read, create, update, delete, or comment',
          },
        ],
      });
    });

    it.each<[string, object, object[]]>([
      ['entity missing', { action: 'read' }, [{ field: 'entity', rule: 'required', message: 'entity is required' }]],
      [
        'entity unknown',
        { entity: 'ghost', action: 'read' },
        [{ field: 'entity', rule: 'not_found', message: 'entity not found: ghost' }],
      ],
      ['action missing', { entity: 'doc' }, [{ field: 'action', rule: 'required', message: 'action is required' }]],
      [
        'roles',
        { entity: 'doc', action: 'read', roles: ['has space'] },
        [{ field: 'roles', rule: 'invalid_value', message: expect.any(String) }],
      ],
      [
        'conditions not a list',
        { entity: 'doc', action: 'read', conditions: 'department = finance' },
        [{ field: 'conditions', rule: 'invalid_value', message: expect.any(String) }],
      ],
      [
        'a condition that is not a triple',
        { entity: 'doc', action: 'read', conditions: [['department', 'eq', 'x']] },
        [{ field: 'conditions[0]', rule: 'invalid_value', message: 'a condition is {field, operator, value}' }],
      ],
      [
        'undeclared field',
        { entity: 'doc', action: 'read', conditions: [{ field: 'salary', operator: 'eq', value: 1 }] },
        [{ field: 'conditions[0].field', rule: 'not_found', message: 'field not found: salary' }],
      ],
      [
        'unknown operator',
        { entity: 'doc', action: 'read', conditions: [{ field: 'title', operator: 'starts', value: 'a' }] },
        [{ field: 'conditions[0].operator', rule: 'invalid_value', message: 'unsupported operator: starts' }],
      ],
      [
        'not_in without a list',
        { entity: 'doc', action: 'read', conditions: [{ field: 'title', operator: 'not_in', value: 'a' }] },
        [{ field: 'conditions[0].value', rule: 'invalid_value', message: 'operator not_in needs a list value' }],
      ],
      [
        'like on an int',
        { entity: 'doc', action: 'read', conditions: [{ field: 'pages', operator: 'like', value: '1%' }] },
        [{ field: 'conditions[0].value', rule: 'invalid_value', message: expect.stringContaining('like') }],
      ],
      [
        'a bad template',
        { entity: 'doc', action: 'read', conditions: [{ field: 'title', operator: 'eq', value: '{{ usr.email }}' }] },
        [{ field: 'conditions[0].value', rule: 'expression_identifier', message: expect.stringContaining("'usr'") }],
      ],
    ])('%s → 422', async (_label, body, details) => {
      const res = await server.post(url(), { token: admin, body });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual(details);
    });

    it('unknown or malformed ids → 404; non-admins → 403; non-object bodies → 400', async () => {
      const unknown = randomUUID();
      for (const res of [
        await server.get(`${url()}/${unknown}`, { token: admin }),
        await server.put(`${url()}/${unknown}`, { token: admin, body: { entity: 'doc', action: 'read' } }),
        await server.delete(`${url()}/${unknown}`, { token: admin }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe(`Permission not found: ${unknown}`);
      }
      expect((await server.get(`${url()}/nope`, { token: admin })).body.error.message).toBe(
        'Permission not found: nope',
      );
      const denied = await server.get(url(), as('staff'));
      expect([denied.status, denied.body.error.message]).toEqual([403, 'Admin access required']);
      expect((await server.post(url(), { token: admin, body: [] })).status).toBe(400);
    });

    it('every change moves the metadata version', async () => {
      const [before] = await server.sql(db(), 'SELECT version FROM _meta_version');
      const policy = await grant({ entity: 'doc', action: 'comment', roles: ['x'] });
      await server.delete(`${url()}/${policy.id}`, { token: admin });
      const [after] = await server.sql(db(), 'SELECT version FROM _meta_version');
      expect(Number(after.version)).toBe(Number(before.version) + 2);
    });

    it('deleting an entity deletes its policies (01 §6)', async () => {
      await defineSchema(server, app, admin, [
        { name: 'temp', table: 'temps', primary_key: uuidPk, fields: [idField] },
      ]);
      await grant({ entity: 'temp', action: 'read', roles: ['staff'] });
      expect((await server.delete(`/api/${app}/_admin/entities/temp`, { token: admin })).status).toBe(200);
      expect(await server.sql(db(), "SELECT count(*)::int AS n FROM _permissions WHERE entity = 'temp'")).toEqual([
        { n: 0 },
      ]);
    });

    it('the table has the action check constraint and the field-level columns', async () => {
      await expect(
        server.sql(db(), "INSERT INTO _permissions (entity, action) VALUES ('doc', 'write')"),
      ).rejects.toThrow(/_permissions_action_check/);
      const columns = await server.sql(
        db(),
        "SELECT column_name FROM information_schema.columns WHERE table_name = '_permissions' ORDER BY column_name",
      );
      expect(columns.map((c) => c.column_name)).toEqual([
        'action',
        'conditions',
        'created_at',
        'entity',
        'field_rules',
        'fields',
        'id',
        'masks',
        'roles',
        'updated_at',
      ]);
    });
  });

  describe('export and import (01 §8)', () => {
    it('exports policies and imports them into another app, skipping duplicates', async () => {
      const exported = await server.get(`/api/${app}/_admin/export`, { token: admin });
      expect(exported.status).toBe(200);
      const policies = exported.body.data.permissions;
      expect(policies.length).toBeGreaterThan(5);
      expect(Object.keys(policies[0]).sort()).toEqual([
        'action',
        'conditions',
        'entity',
        'field_rules',
        'fields',
        'masks',
        'roles',
      ]);
      expect(policies).toContainEqual(
        expect.objectContaining({
          entity: 'note',
          action: 'read',
          roles: ['member'],
          conditions: [{ field: 'owner_id', operator: 'eq', value: '{{ user.id }}' }],
        }),
      );

      const other = await server.createApp();
      const otherAdmin = (await server.appLogin(other)).access_token;
      const first = await server.post(`/api/${other}/_admin/import`, { token: otherAdmin, body: exported.body });
      expect(first.status).toBe(200);
      expect(first.body.data.summary.permissions).toBe(policies.length);
      const stored = await server.get(`/api/${other}/_admin/permissions`, { token: otherAdmin });
      expect(stored.body.data).toHaveLength(policies.length);

      // Same entity, action and conditions but other roles is another policy; the rest are duplicates.
      const again = {
        ...exported.body.data,
        permissions: [
          ...policies,
          { ...policies[0], roles: ['someone_else'] },
          { ...policies[0], roles: [...policies[0].roles].reverse() },
        ],
      };
      const second = await server.post(`/api/${other}/_admin/import`, { token: otherAdmin, body: again });
      expect(second.status).toBe(200);
      expect(second.body.data.summary.permissions).toBe(1);
      expect(second.body.data.skipped.permissions).toBe(policies.length + 1);
    });

    it('validates imported policies against existing ∪ imported entities', async () => {
      const other = await server.createApp();
      const otherAdmin = (await server.appLogin(other)).access_token;
      const res = await server.post(`/api/${other}/_admin/import`, {
        token: otherAdmin,
        body: {
          version: 1,
          entities: [{ name: 'memo', table: 'memos', primary_key: uuidPk, fields: [idField] }],
          permissions: [
            { entity: 'memo', action: 'read', roles: ['a'] },
            { entity: 'ghost', action: 'read', roles: ['a'] },
          ],
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        { field: 'permissions[1].entity', rule: 'not_found', message: 'entity not found: ghost' },
      ]);
    });
  });
});
