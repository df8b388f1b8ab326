import { request as httpRequest } from 'node:http';
import { TestServer } from './support/test-server';

/** Sends bytes exactly as given (fetch would normalise the path). */
function rawRequest(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const url = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('errors and input limits (02 §0, §9)', () => {
  let server: TestServer;
  let app: string;
  const login = () => `/api/${app}/auth/login`;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
  });
  afterAll(() => server.close());

  it.each([
    ['{"email":', 'truncated JSON'],
    ['{email: "x"}', 'unquoted key'],
    ['{"a":1}}', 'trailing bracket'],
    ['', 'empty body'],
  ])('malformed JSON %j (%s) → 400 INVALID_PAYLOAD', async (raw) => {
    const res = await server.post(login(), { raw });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'INVALID_PAYLOAD', message: 'Invalid JSON body' } });
  });

  it('wrong content types → 400 INVALID_PAYLOAD', async () => {
    for (const type of ['application/xml', 'text/plain', 'application/x-www-form-urlencoded']) {
      const res = await server.post(login(), { raw: 'email=a', headers: { 'content-type': type } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_PAYLOAD');
    }
  });

  it('a body over the limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const raw = JSON.stringify({ email: 'a'.repeat(1024 * 1024 + 10), password: 'x' });
    const res = await server.post(login(), { raw });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('nesting deeper than 64 levels → 400; 64 levels are fine', async () => {
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const tooDeep = await server.post(login(), { raw: deep(65) });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.code).toBe('INVALID_PAYLOAD');
    const ok = await server.post(login(), { raw: deep(64) });
    expect(ok.status).toBe(401); // parsed, then refused for missing credentials
  });

  it('keeps __proto__ inert', async () => {
    const res = await server.post(login(), { raw: '{"__proto__":{"email":"admin@localhost","password":"changeme"}}' });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('Email and password are required');
    expect(({} as Record<string, unknown>).email).toBeUndefined();
  });

  it.each([
    ['GET', '/nope'],
    ['GET', '/api'],
    ['GET', '//api/_platform/apps'],
    ['GET', '/api/_platform//apps'],
    ['PATCH', '/health'],
    ['DELETE', '/api/_platform/auth/login'],
    ['PUT', '/api/_platform/auth/login'],
  ])('%s %s → 404 Route not found in the envelope', async (method, path) => {
    const res = await rawRequest(server, method, path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Route not found' } });
  });

  it('encoded slashes and odd app names never reach an app', async () => {
    for (const path of [
      '/api/demo%2Fx/auth/me',
      '/api/..%2F..%2Fetc/auth/me',
      '/api/UPPER/auth/me',
      "/api/x'%20OR%201=1/auth/me",
    ]) {
      const res = await rawRequest(server, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('APP_NOT_FOUND');
    }
  });

  it('oversized headers → 431 in the envelope', async () => {
    const res = await rawRequest(server, 'GET', '/health', { 'x-filler': 'a'.repeat(20000) });
    expect(res.status).toBe(431);
    expect(res.body.error.code).toBe('HEADERS_TOO_LARGE');
  });

  it('tags every response with a request id, echoing a safe given one', async () => {
    const given = await server.get('/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const unsafe = await server.get('/health', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
