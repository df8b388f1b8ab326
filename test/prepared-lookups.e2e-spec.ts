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
 * Get-by-id runs as a named prepared statement on the app's pool. A schema
 * change that alters the row type (a widened column, a new field) must
 * never meet a statement prepared for the old table on a pooled connection.
 */
describe('prepared record lookups across schema changes', () => {
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
});
