import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

const uuidPk = { field: 'id', type: 'uuid', generated: true };
const idField = { name: 'id', type: 'uuid', required: true };

/**
 * A nested write holds one pooled connection for its whole transaction and
 * must never wait for a second one (every statement on the transaction): 32
 * at once against the default pool of 5 all finish, none with 503 or 500.
 */
describe('nested writes under concurrency (default app pool)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  let shared: any;

  const sql = (text: string, params: unknown[] = []) => server.sql(`rocket_${app}`, text, params);
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0].n);

  beforeAll(async () => {
    server = await TestServer.start();
    expect(server.env.ROCKET_APP_POOL_SIZE).toBeUndefined(); // the default: 5 connections
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(
      server,
      app,
      token,
      [
        {
          name: 'order',
          table: 'orders',
          primary_key: uuidPk,
          soft_delete: true,
          slug: { field: 'slug', source: 'title' },
          fields: [
            idField,
            { name: 'title', type: 'string', required: true },
            { name: 'slug', type: 'string', required: true, unique: true },
          ],
        },
        {
          name: 'line',
          table: 'lines',
          primary_key: uuidPk,
          fields: [
            idField,
            { name: 'order_id', type: 'uuid', required: true },
            { name: 'qty', type: 'int', required: true },
          ],
        },
        {
          name: 'label',
          table: 'labels',
          primary_key: uuidPk,
          soft_delete: true,
          fields: [idField, { name: 'name', type: 'string' }],
        },
      ],
      [
        {
          name: 'lines',
          type: 'one_to_many',
          source: 'order',
          target: 'line',
          target_key: 'order_id',
          on_delete: 'cascade',
        },
        {
          name: 'labels',
          type: 'many_to_many',
          source: 'order',
          target: 'label',
          join_table: 'order_labels',
          source_join_key: 'order_id',
          target_join_key: 'label_id',
          on_delete: 'detach',
        },
      ],
    );
    [shared] = await insertRecords(server, app, token, 'label', [{ name: 'shared' }]);
  });
  afterAll(() => server.close());

  const lines = (n: number) => ({ data: Array.from({ length: n }, (_, i) => ({ qty: i + 1 })) });

  it('32 concurrent creates, each with 5 children and an M:N link: all 201, exact row counts', async () => {
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        server.post(`/api/${app}/order`, {
          token,
          body: { title: `Order ${i}`, lines: lines(5), labels: { data: [{ id: shared.id }] } },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(32).fill(201));
    const ids = results.map((r) => r.body.data.id);
    expect(new Set(ids).size).toBe(32);
    expect([await count('orders'), await count('lines'), await count('order_labels')]).toEqual([32, 160, 32]);
    expect(await count('lines', 'order_id = ANY($1)', [ids])).toBe(160);
    expect(await count('order_labels', 'label_id = $1 AND order_id = ANY($2)', [shared.id, ids])).toBe(32);
    // The app never opened more than its pool: the 32 writes queued for 5 connections.
    const appConnections = await server.sql(
      'postgres',
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'rocket:%'`,
      [`rocket_${app}`],
    );
    expect(appConnections[0].n).toBeGreaterThan(0);
    expect(appConnections[0].n).toBeLessThanOrEqual(5);
  });

  it('16 concurrent nested updates of one parent serialise on its row lock', async () => {
    const order = (await server.post(`/api/${app}/order`, { token, body: { title: 'Hot', lines: lines(2) } })).body
      .data;
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        server.put(`/api/${app}/order/${order.id}`, {
          token,
          body: {
            lines: { _write_mode: 'append', data: [{ qty: 100 + i }] },
            labels: { _write_mode: i % 2 ? 'replace' : 'append', data: [{ id: shared.id }] },
          },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(200));
    expect(await count('lines', 'order_id = $1', [order.id])).toBe(18);
    expect(await count('order_labels', 'order_id = $1', [order.id])).toBe(1);
  });
});
