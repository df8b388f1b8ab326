import { defineSchema } from './support/schema';
import { TestServer } from './support/test-server';

/** `POST /api/:app/_admin/expressions/check` (03 §13) through the real server. */
describe('expression check endpoint', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  const url = () => `/api/${app}/_admin/expressions/check`;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, [
      {
        name: 'invoice',
        table: 'invoices',
        primary_key: { field: 'id', type: 'uuid', generated: true },
        fields: [
          { name: 'id', type: 'uuid' },
          { name: 'total', type: 'decimal', precision: 2 },
          { name: 'status', type: 'string' },
        ],
      },
    ]);
  });
  afterAll(() => server.close());

  it('evaluates a valid rule expression against sample data', async () => {
    const res = await server.post(url(), {
      token,
      body: {
        expression: 'record.total > 100 && record.status == "draft"',
        kind: 'rule',
        entity: 'invoice',
        env: { record: { total: 150, status: 'draft' } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ valid: true, result: true });
  });

  it('reports syntax errors with a position, never a 500', async () => {
    const res = await server.post(url(), {
      token,
      body: { expression: 'record.total >', kind: 'rule', entity: 'invoice' },
    });
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toMatch(/expression_syntax|column/);
  });

  it('refuses sandbox escapes', async () => {
    for (const expression of ['record.constructor', 'record.__proto__', 'record.total.toString()']) {
      const res = await server.post(url(), { token, body: { expression, kind: 'rule', entity: 'invoice' } });
      expect(res.status).toBeLessThan(500);
      expect(res.body.data?.valid === true && res.body.data?.error === undefined).toBe(false);
    }
  });

  it('is for admins', async () => {
    expect((await server.post(url(), { body: { expression: '1 == 1', kind: 'rule' } })).status).toBe(401);
  });
});
