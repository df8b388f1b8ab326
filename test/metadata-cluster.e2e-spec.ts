import SwaggerParser from '@apidevtools/swagger-parser';
import { TestServer } from './support/test-server';

/** Two server processes (two instances here) serving one app from the same databases. */
describe('metadata across server processes (01 §5) and the per-app OpenAPI document', () => {
  let a: TestServer;
  let b: TestServer;
  let app: string;
  let token: string;

  beforeAll(async () => {
    a = await TestServer.start();
    b = await TestServer.start({}, a.managementDb);
    app = await a.createApp();
    token = (await a.appLogin(app)).access_token;
    // B opens the app before the change, so it holds an old snapshot.
    expect((await b.get(`/api/${app}/_openapi.json`, { token })).status).toBe(200);
  });
  afterAll(async () => {
    await b.close({ dropAll: false });
    await a.close();
  });

  it('reaches the other process within a second of a change', async () => {
    const created = await a.post(`/api/${app}/_admin/entities`, {
      token,
      body: {
        name: 'note',
        table: 'notes',
        primary_key: { field: 'id', type: 'int', generated: true },
        soft_delete: true,
        fields: [
          { name: 'id', type: 'int', required: true },
          { name: 'body', type: 'text', required: true },
          { name: 'score', type: 'decimal', precision: 2 },
          { name: 'kind', type: 'string', enum: ['a', 'b'], default: 'a' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const started = Date.now();
    let doc: any;
    while (Date.now() - started < 1000) {
      doc = (await b.get(`/api/${app}/_openapi.json`, { token })).body;
      if (doc.paths[`/api/${app}/note`]) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(doc.paths[`/api/${app}/note`]).toBeDefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('serves a valid OpenAPI 3 document describing each entity and its five endpoints', async () => {
    const res = await a.get(`/api/${app}/_openapi.json`, { token });
    expect(res.status).toBe(200);
    const doc = res.body;
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    expect(Object.keys(doc.paths[`/api/${app}/note`])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths[`/api/${app}/note/{id}`])).toEqual(['get', 'put', 'delete']);
    expect(doc.components.schemas.note.properties).toMatchObject({
      id: { type: 'integer' },
      body: { type: 'string' },
      score: { type: 'number' },
      kind: { type: 'string', enum: ['a', 'b'], default: 'a' },
      deleted_at: { type: 'string', format: 'date-time', nullable: true },
    });
    expect(doc.components.schemas.note_input.required).toEqual(['body']);
    const params = doc.paths[`/api/${app}/note`].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(
      expect.arrayContaining(['page', 'per_page', 'sort', 'include', 'filter[body]', 'filter[score]']),
    );
  });

  it('is for admins only', async () => {
    expect((await a.get(`/api/${app}/_openapi.json`)).status).toBe(401);
    expect((await a.get(`/api/${app}/_openapi.json`, { token: await a.platformToken() })).status).toBe(200);
  });
});
