import { defineSchema } from './support/schema';
import { TestServer } from './support/test-server';

const GADGET = {
  name: 'gadget',
  table: 'gadgets',
  primary_key: { field: 'id', type: 'int', generated: true },
  fields: [
    { name: 'id', type: 'int', required: true },
    { name: 'name', type: 'string', required: true },
    { name: 'count', type: 'int' },
  ],
};

/**
 * Get-by-id, and list pages whose shape is in regular use, run as named
 * prepared statements on the app's pool. A schema change that alters the
 * row type (a widened column, a new field) must never meet a statement
 * prepared for the old table on a pooled connection.
 */
describe('prepared record lookups and list pages across schema changes', () => {
  let server: TestServer;
  let app: string;
  let token: string;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, [GADGET]);
  });
  afterAll(() => server.close());

  it('keeps answering after a column is widened and a field added', async () => {
    const created = await server.post(`/api/${app}/gadget`, { token, body: { name: 'g', count: 7 } });
    const url = `/api/${app}/gadget/${created.body.data.id}`;
    // Concurrent reads spread the prepared statement over several pooled connections.
    const before = await Promise.all(Array.from({ length: 8 }, () => server.get(url, { token })));
    expect(before.map((r) => r.body.data.count)).toEqual(Array(8).fill(7));

    const changed = await server.put(`/api/${app}/_admin/entities/gadget`, {
      token,
      body: {
        ...GADGET,
        fields: [...GADGET.fields.slice(0, 2), { name: 'count', type: 'bigint' }, { name: 'colour', type: 'string' }],
      },
    });
    expect(changed.status).toBe(200);
    await server.put(url, { token, body: { count: 9007199254740991, colour: 'red' } });

    const after = await Promise.all(Array.from({ length: 8 }, () => server.get(url, { token })));
    for (const res of after) {
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ count: 9007199254740991, colour: 'red' });
    }
    const [type] = await server.sql(
      `rocket_${app}`,
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'gadgets' AND column_name = 'count'",
    );
    expect(type.data_type).toBe('bigint');
  });

  it('a list shape used again and again answers each request’s own values, before and after a schema change', async () => {
    for (let n = 1; n <= 12; n++) await server.post(`/api/${app}/gadget`, { token, body: { name: `n${n}`, count: n } });
    const page = (min: number, perPage: number) =>
      server.get(`/api/${app}/gadget?filter[count.gte]=${min}&filter[count.lte]=12&sort=-count&per_page=${perPage}`, {
        token,
      });
    // Past its third use the shape runs prepared; every use still binds its own values.
    for (let min = 1; min <= 8; min++) {
      const res = await page(min, 3);
      expect(res.status).toBe(200);
      expect(res.body.data.map((r: { count: number }) => r.count)).toEqual([12, 11, 10]);
      expect(res.body.meta.total).toBe(13 - min);
    }
    const concurrent = await Promise.all(Array.from({ length: 8 }, (_, i) => page(i + 1, 2)));
    expect(concurrent.map((r) => r.body.meta.total)).toEqual([12, 11, 10, 9, 8, 7, 6, 5]);

    const changed = await server.put(`/api/${app}/_admin/entities/gadget`, {
      token,
      body: {
        ...GADGET,
        fields: [
          ...GADGET.fields.slice(0, 2),
          { name: 'count', type: 'bigint' },
          { name: 'colour', type: 'string' },
          { name: 'size', type: 'int' },
        ],
      },
    });
    expect(changed.status).toBe(200);
    const after = await Promise.all(Array.from({ length: 8 }, () => page(10, 5)));
    for (const res of after) {
      expect(res.status).toBe(200);
      expect(res.body.meta.total).toBe(3);
      expect(res.body.data[0]).toMatchObject({ count: 12, size: null });
    }
  });
});
