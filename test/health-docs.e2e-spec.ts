import { TestServer } from './support/test-server';

describe('health and OpenAPI (08 §9)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.close());

  it('GET /health is public and unwrapped', async () => {
    const res = await server.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready checks the database and the file storage', async () => {
    const res = await server.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok' } });
  });

  it('serves Swagger UI and a document describing every fixed endpoint', async () => {
    const ui = await server.get('/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
    const doc = (await server.get('/docs-json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const expected: Array<[string, string]> = [
      ['/health', 'get'],
      ['/health/ready', 'get'],
      ['/api/_platform/auth/login', 'post'],
      ['/api/_platform/auth/refresh', 'post'],
      ['/api/_platform/auth/logout', 'post'],
      ['/api/_platform/auth/change-password', 'post'],
      ['/api/_platform/apps', 'get'],
      ['/api/_platform/apps', 'post'],
      ['/api/_platform/apps/{name}', 'get'],
      ['/api/_platform/apps/{name}', 'delete'],
      ['/api/{app}/auth/login', 'post'],
      ['/api/{app}/auth/refresh', 'post'],
      ['/api/{app}/auth/logout', 'post'],
      ['/api/{app}/auth/me', 'get'],
      ['/api/{app}/auth/change-password', 'post'],
      ['/api/{app}/_files/upload', 'post'],
      ['/api/{app}/_files', 'get'],
      ['/api/{app}/_files/{id}', 'get'],
      ['/api/{app}/_files/{id}', 'delete'],
      ['/api/{app}/_admin/workflows', 'get'],
      ['/api/{app}/_admin/workflows', 'post'],
      ['/api/{app}/_admin/workflows/{id}', 'put'],
      ['/api/{app}/_admin/workflows/{id}', 'delete'],
      ['/api/{app}/_workflows/pending', 'get'],
      ['/api/{app}/_workflows', 'get'],
      ['/api/{app}/_workflows/{id}', 'get'],
      ['/api/{app}/_workflows/{id}/approve', 'post'],
      ['/api/{app}/_workflows/{id}/reject', 'post'],
      ['/api/{app}/_workflows/{id}', 'delete'],
    ];
    for (const [path, method] of expected) {
      expect(doc.paths[path]?.[method]).toBeDefined();
    }
    const create = doc.paths['/api/_platform/apps'].post;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '409', '422']));
    expect(create.requestBody.content['application/json'].schema.$ref).toMatch(/CreateAppDto/);
    expect(doc.components.schemas.ErrorEnvelopeDoc).toBeDefined();
    expect(doc.paths['/api/{app}/auth/login'].post.security).toBeUndefined();
  });
});
