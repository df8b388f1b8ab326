import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

describe('dynamic REST endpoints (02 §1–6)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  const db = () => `rocket_${app}`;

  const product = {
    name: 'product',
    table: 'products',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: true,
    slug: { field: 'slug', source: 'title' },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'title', type: 'string', required: true },
      { name: 'slug', type: 'string', required: true, unique: true },
      { name: 'sku', type: 'string', unique: true },
      { name: 'price', type: 'decimal', precision: 2, default: 0 },
      { name: 'stock', type: 'int', required: true, default: 0 },
      { name: 'big', type: 'bigint' },
      { name: 'released', type: 'date' },
      { name: 'status', type: 'string', enum: ['draft', 'live'], default: 'draft' },
      { name: 'attrs', type: 'json' },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
      { name: 'updated_at', type: 'timestamp', auto: 'update' },
    ],
  };
  const counter = {
    name: 'counter',
    table: 'counters',
    primary_key: { field: 'id', type: 'int', generated: true },
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'label', type: 'string', required: true },
      { name: 'n', type: 'int' },
    ],
  };
  const code = {
    name: 'code',
    table: 'codes',
    primary_key: { field: 'code', type: 'string' },
    fields: [
      { name: 'code', type: 'string', required: true },
      { name: 'label', type: 'string' },
    ],
  };

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, [product, counter, code]);
  });
  afterAll(() => server.close());

  describe('create and representation', () => {
    it('creates a record and answers it exactly as 02 §1 says', async () => {
      const res = await server.post(`/api/${app}/product`, {
        token,
        body: {
          title: 'Crème Brûlée Deluxe',
          price: '12.5',
          big: '9007199254740991',
          released: '2024-02-29',
          attrs: { size: 'L' },
        },
      });
      expect(res.status).toBe(201);
      const r = res.body.data;
      expect(r).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: 'Crème Brûlée Deluxe',
        slug: 'creme-brulee-deluxe',
        sku: null,
        price: 12.5,
        stock: 0,
        big: 9007199254740991,
        released: '2024-02-29',
        status: 'draft',
        attrs: { size: 'L' },
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        updated_at: expect.stringMatching(/Z$/),
        deleted_at: null,
      });
      const again = await server.post(`/api/${app}/product`, { token, body: { title: 'Crème Brûlée Deluxe' } });
      expect(again.body.data.slug).toBe('creme-brulee-deluxe-2');
    });

    it('collects every payload problem into one 422', async () => {
      const res = await server.post(`/api/${app}/product`, {
        token,
        body: { price: 'lots', stock: 1.5, released: '2024-02-30', status: 'gone', nickname: 'q', big: 2 ** 60 },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toBe('Validation failed');
      const byField = Object.fromEntries(res.body.error.details.map((d: any) => [d.field, d.rule]));
      expect(byField).toMatchObject({
        title: 'required',
        price: 'type',
        stock: 'type',
        released: 'type',
        status: 'enum',
        nickname: 'unknown',
        big: 'type',
      });
      const count = await server.sql(db(), 'SELECT count(*)::int AS n FROM products');
      expect(count[0].n).toBe(2);
    });

    it('ignores generated PKs, auto fields and deleted_at in the body; refuses prototype keys as unknown', async () => {
      const res = await server.post(`/api/${app}/product`, {
        token,
        raw: JSON.stringify({
          title: 'Safe',
          id: '00000000-0000-4000-8000-000000000000',
          created_at: '2000-01-01T00:00:00Z',
          deleted_at: '2000-01-01T00:00:00Z',
        }),
      });
      expect(res.status).toBe(201);
      expect(res.body.data.id).not.toBe('00000000-0000-4000-8000-000000000000');
      expect(res.body.data.created_at.startsWith('2000')).toBe(false);
      expect(res.body.data.deleted_at).toBeNull();
      const proto = await server.post(`/api/${app}/product`, {
        token,
        raw: '{"title":"P","__proto__":{"admin":true},"constructor":1}',
      });
      expect(proto.status).toBe(422);
      expect(proto.body.error.details.map((d: any) => d.rule)).toEqual(['unknown', 'unknown']);
    });

    it('maps unique violations to 409 with the field, without echoing the value', async () => {
      await server.post(`/api/${app}/product`, { token, body: { title: 'U1', sku: 'SKU-1' } });
      const res = await server.post(`/api/${app}/product`, { token, body: { title: 'U2', sku: 'SKU-1' } });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({
        code: 'CONFLICT',
        message: 'A record with this value already exists',
        details: [{ field: 'sku', rule: 'unique', message: 'sku must be unique' }],
      });
      expect(JSON.stringify(res.body)).not.toContain('SKU-1');
    });

    it('refuses bodies that are not objects', async () => {
      for (const raw of ['[]', '1', '"x"', '{"title":']) {
        const res = await server.post(`/api/${app}/product`, { token, raw });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('INVALID_PAYLOAD');
      }
    });

    it('uses client keys for string PKs and identity for int PKs', async () => {
      const c = await server.post(`/api/${app}/code`, { token, body: { code: 'EU', label: 'Europe' } });
      expect(c.status).toBe(201);
      const missing = await server.post(`/api/${app}/code`, { token, body: { label: 'none' } });
      expect(missing.status).toBe(422);
      expect(missing.body.error.details[0]).toMatchObject({ field: 'code', rule: 'required' });
      const reserved = await server.post(`/api/${app}/code`, { token, body: { code: '_bulk' } });
      expect(reserved.status).toBe(422);
      expect(reserved.body.error.details[0].rule).toBe('reserved');
      const [a, b] = await insertRecords(server, app, token, 'counter', [{ label: 'a' }, { label: 'b' }]);
      expect(typeof a.id).toBe('number');
      expect(b.id).toBe(a.id + 1);
    });
  });

  describe('get, update, delete', () => {
    let item: any;
    beforeAll(async () => {
      item = (await server.post(`/api/${app}/product`, { token, body: { title: 'Lookup Me', stock: 5 } })).body.data;
    });

    it('finds by PK and by slug; malformed or unknown ids are 404 without a query', async () => {
      expect((await server.get(`/api/${app}/product/${item.id}`, { token })).body.data.title).toBe('Lookup Me');
      expect((await server.get(`/api/${app}/product/${item.id.toUpperCase()}`, { token })).body.data.id).toBe(item.id);
      expect((await server.get(`/api/${app}/product/lookup-me`, { token })).body.data.id).toBe(item.id);
      const miss = await server.get(`/api/${app}/product/00000000-0000-4000-8000-000000000000`, { token });
      expect(miss.status).toBe(404);
      expect(miss.body.error).toEqual({
        code: 'NOT_FOUND',
        message: 'product with id 00000000-0000-4000-8000-000000000000 not found',
      });
      for (const bad of ['not-a-uuid', "1'%20OR%20'1'='1", '%00']) {
        expect((await server.get(`/api/${app}/counter/${bad}`, { token })).status).toBe(404);
      }
      expect((await server.get(`/api/${app}/counter/99999999999`, { token })).status).toBe(404);
    });

    it('updates partially, bumps auto:update, refuses nulling required fields', async () => {
      await new Promise((r) => setTimeout(r, 10));
      const res = await server.put(`/api/${app}/product/lookup-me`, { token, body: { stock: '7' } });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ id: item.id, title: 'Lookup Me', stock: 7, created_at: item.created_at });
      expect(Date.parse(res.body.data.updated_at)).toBeGreaterThan(Date.parse(item.updated_at));
      const bumped = await server.put(`/api/${app}/product/${item.id}`, { token, body: {} });
      expect(bumped.status).toBe(200);
      const nulled = await server.put(`/api/${app}/product/${item.id}`, { token, body: { title: null, stock: '' } });
      expect(nulled.status).toBe(422);
      expect(nulled.body.error.details.map((d: any) => [d.field, d.rule])).toEqual([
        ['title', 'required'],
        ['stock', 'required'],
      ]);
      expect(
        (await server.put(`/api/${app}/product/00000000-0000-4000-8000-000000000000`, { token, body: {} })).status,
      ).toBe(404);
    });

    it('soft-deletes and hides the row everywhere; hard-deletes entities without soft delete', async () => {
      const doomed = (await server.post(`/api/${app}/product`, { token, body: { title: 'Doomed' } })).body.data;
      const del = await server.delete(`/api/${app}/product/doomed`, { token });
      expect(del.status).toBe(200);
      expect(del.body).toEqual({ data: { id: doomed.id } });
      const [row] = await server.sql(db(), 'SELECT deleted_at FROM products WHERE id = $1', [doomed.id]);
      expect(row.deleted_at).not.toBeNull();
      expect((await server.get(`/api/${app}/product/${doomed.id}`, { token })).status).toBe(404);
      expect((await server.put(`/api/${app}/product/${doomed.id}`, { token, body: {} })).status).toBe(404);
      expect((await server.delete(`/api/${app}/product/${doomed.id}`, { token })).status).toBe(404);
      const list = await server.get(`/api/${app}/product?per_page=100`, { token });
      expect(list.body.data.map((r: any) => r.id)).not.toContain(doomed.id);
      // The slug of a soft-deleted row can be used again.
      expect((await server.post(`/api/${app}/product`, { token, body: { title: 'Doomed' } })).body.data.slug).toBe(
        'doomed',
      );

      const [c] = await insertRecords(server, app, token, 'counter', [{ label: 'gone' }]);
      const hard = await server.delete(`/api/${app}/counter/${c.id}`, { token });
      expect(hard.body).toEqual({ data: { id: c.id } });
      expect(await server.sql(db(), 'SELECT 1 FROM counters WHERE id = $1', [c.id])).toHaveLength(0);
    });
  });

  describe('pagination and sort', () => {
    beforeAll(async () => {
      await insertRecords(
        server,
        app,
        token,
        'counter',
        Array.from({ length: 30 }, (_, i) => ({ label: `c${String(i % 7)}`, n: i % 4 })),
      );
    });

    it('pages with defaults, clamps per_page, ignores malformed values, answers pages past the end', async () => {
      const total = (await server.sql(db(), 'SELECT count(*)::int AS n FROM counters'))[0].n;
      const first = await server.get(`/api/${app}/counter`, { token });
      expect(first.body.meta).toEqual({ page: 1, per_page: 25, total });
      expect(first.body.data).toHaveLength(Math.min(25, total));
      const clamped = await server.get(`/api/${app}/counter?per_page=1000`, { token });
      expect(clamped.body.meta.per_page).toBe(100);
      for (const q of ['page=abc&per_page=x', 'page=0&per_page=0', 'page=-1&per_page=1.5', 'page=1e2']) {
        const res = await server.get(`/api/${app}/counter?${q}`, { token });
        expect(res.status).toBe(200);
        expect(res.body.meta).toEqual({ page: 1, per_page: 25, total });
      }
      const past = await server.get(`/api/${app}/counter?page=99`, { token });
      expect(past.body).toEqual({ data: [], meta: { page: 99, per_page: 25, total } });
      const second = await server.get(`/api/${app}/counter?page=2&per_page=10`, { token });
      expect(second.body.data[0].id).toBe(first.body.data[10].id);
    });

    it('sorts by several fields with the PK as tie-breaker', async () => {
      const res = await server.get(`/api/${app}/counter?sort=-n,label&per_page=100`, { token });
      const data = res.body.data;
      // PostgreSQL sorts NULL as the largest value: first when descending.
      const n = (r: any) => (r.n === null ? Infinity : r.n);
      const expected = [...data].sort(
        (x: any, y: any) => n(y) - n(x) || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0) || x.id - y.id,
      );
      expect(data.map((r: any) => r.id)).toEqual(expected.map((r: any) => r.id));
      const byPk = await server.get(`/api/${app}/counter?per_page=100`, { token });
      const ids = byPk.body.data.map((r: any) => r.id);
      expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    });

    it.each([
      ['sort=colour', 'UNKNOWN_FIELD', 'Unknown sort field: colour'],
      ['sort=,label,,', 'none', undefined],
      ['sort=-', 'UNKNOWN_FIELD', 'Unknown sort field: '],
      ['sort=attrs', 'INVALID_PAYLOAD', undefined],
    ])('%s', async (q, errorCode, message) => {
      const entity = q.includes('attrs') ? 'product' : 'counter';
      const res = await server.get(`/api/${app}/${entity}?${q}`, { token });
      if (errorCode === 'none') return expect(res.status).toBe(200);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(errorCode);
      if (message) expect(res.body.error.message).toBe(message);
    });

    it('a field named total is data, not the COUNT that travels with the page', async () => {
      const tally = {
        name: 'tally',
        table: 'tallies',
        primary_key: { field: 'id', type: 'int', generated: true },
        fields: [
          { name: 'id', type: 'int', required: true },
          { name: 'total', type: 'int' },
        ],
      };
      await defineSchema(server, app, token, [tally]);
      await insertRecords(server, app, token, 'tally', [{ total: 100 }, { total: 200 }, { total: 300 }]);
      const page = await server.get(`/api/${app}/tally?filter[total.gte]=150&sort=-total&per_page=1`, { token });
      expect(page.body).toEqual({
        data: [{ id: expect.any(Number), total: 300 }],
        meta: { page: 1, per_page: 1, total: 2 },
      });
      const second = await server.get(`/api/${app}/tally?filter[total.gte]=150&sort=-total&per_page=1&page=2`, {
        token,
      });
      expect(second.body.data).toEqual([{ id: expect.any(Number), total: 200 }]);
      expect(second.body.meta.total).toBe(2);
      const none = await server.get(`/api/${app}/tally?filter[total.gt]=300`, { token });
      expect(none.body).toEqual({ data: [], meta: { page: 1, per_page: 25, total: 0 } });
    });

    it('skips the count with total=false', async () => {
      const res = await server.get(`/api/${app}/counter?total=false&per_page=5`, { token });
      expect(res.body.meta).toEqual({ page: 1, per_page: 5 });
    });

    it.each([
      ['a full middle page (only a COUNT could tell the total)', 'page=2&per_page=10'],
      ['a partial last page', 'page=4&per_page=8'],
      ['a page past the end', 'page=9&per_page=10'],
      ['a filtered, sorted page', 'filter[n]=1&sort=-label&per_page=3&page=2'],
    ])('total=false on %s: the same rows, meta without total', async (_what, q) => {
      const counted = await server.get(`/api/${app}/counter?${q}`, { token });
      const uncounted = await server.get(`/api/${app}/counter?${q}&total=false`, { token });
      expect(uncounted.status).toBe(200);
      expect(uncounted.body.data).toEqual(counted.body.data);
      const { total, ...rest } = counted.body.meta;
      expect(typeof total).toBe('number');
      expect(uncounted.body.meta).toEqual(rest);
      expect('total' in uncounted.body.meta).toBe(false);
    });

    it('the app’s OpenAPI document describes total=false on the list', async () => {
      const doc = (await server.get(`/api/${app}/_openapi.json`, { token })).body;
      const list = doc.paths[`/api/${app}/counter`].get;
      const param = list.parameters.find((p: any) => p.name === 'total');
      expect(param).toMatchObject({ in: 'query', schema: { type: 'boolean' } });
      expect(param.description).toContain('`meta.total` is then omitted');
      const meta = list.responses['200'].content['application/json'].schema.properties.meta;
      expect(meta.required ?? []).not.toContain('total');
      expect(meta.properties.total.description).toContain('total=false');
    });

    it.each(['true', '0', 'FALSE', ''])('total=%s keeps the count', async (value) => {
      const res = await server.get(`/api/${app}/counter?per_page=5&total=${value}`, { token });
      expect(typeof res.body.meta.total).toBe('number');
    });
  });

  describe('names that try SQL injection', () => {
    const attacks = [
      'x;drop table counters',
      'counters"--',
      "label'",
      'label) OR (1=1',
      'label;select pg_sleep(5)',
      '__proto__',
      'constructor',
      '../etc',
      'LABEL',
    ];

    it('refuses them in entity, field, sort, filter and include positions and executes nothing', async () => {
      const before = (await server.sql(db(), 'SELECT count(*)::int AS n FROM counters'))[0].n;
      for (const attack of attacks) {
        const e = encodeURIComponent(attack);
        const entity = await server.get(`/api/${app}/${e}`, { token });
        expect(entity.status).toBe(404);
        expect(entity.body.error.code).toBe('UNKNOWN_ENTITY');
        for (const q of [`filter[${e}]=1`, `sort=${e}`, `sort=-${e}`, `include=${e}`, `filter[label.${e}]=1`]) {
          const res = await server.get(`/api/${app}/counter?${q}`, { token });
          expect([400]).toContain(res.status);
          expect(['UNKNOWN_FIELD', 'INVALID_PAYLOAD']).toContain(res.body.error.code);
        }
        const write = await server.post(`/api/${app}/counter`, { token, body: { label: 'ok', [attack]: 1 } });
        expect(write.status).toBe(422);
      }
      // Values are parameters: a quote in a value is just data.
      const v = await server.get(`/api/${app}/counter?filter[label]=${encodeURIComponent("x' OR '1'='1")}`, { token });
      expect(v.body.data).toEqual([]);
      expect((await server.sql(db(), 'SELECT count(*)::int AS n FROM counters'))[0].n).toBe(before);
      expect(await server.sql(db(), "SELECT 1 FROM pg_tables WHERE tablename = 'counters'")).toHaveLength(1);
    });
  });

  it('answers unknown entities with UNKNOWN_ENTITY and needs authentication', async () => {
    const res = await server.get(`/api/${app}/widget`, { token });
    expect(res.body.error).toEqual({ code: 'UNKNOWN_ENTITY', message: 'Unknown entity: widget' });
    expect((await server.get(`/api/${app}/product`)).status).toBe(401);
  });

  it('denies non-admins while no permission policy exists (07 §6)', async () => {
    const bcrypt = await import('bcryptjs');
    await server.sql(db(), "INSERT INTO _users (email, password_hash, roles) VALUES ('u@localhost', $1, '{staff}')", [
      await bcrypt.hash('staff-pass', 10),
    ]);
    const user = await server.appLogin(app, 'u@localhost', 'staff-pass');
    const res = await server.get(`/api/${app}/product`, { token: user.access_token });
    expect(res.status).toBe(403);
  });
});
