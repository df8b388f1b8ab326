import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { OutboundError, OutboundHttp, OutboundRequest } from './outbound-http';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, res) => res.end('ok');

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const open = new OutboundHttp({ blockPrivateNetworks: false, allowedHosts: [] });

function request(overrides: Partial<OutboundRequest> = {}): OutboundRequest {
  return {
    url: `${base}/hook?x=1`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"a":1}',
    timeoutMs: 2000,
    maxBodyBytes: 1024,
    overflow: 'truncate',
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(OutboundError);
    return e as OutboundError;
  }
  throw new Error('expected a failure');
}

describe('OutboundHttp (09 §2)', () => {
  it('sends method, path, headers and body; returns status and body', async () => {
    let seen: { method?: string; url?: string; header?: string; body?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, url: req.url, header: req.headers['content-type'], body };
      res.statusCode = 201;
      res.end('created');
    };
    const res = await open.send(request());
    expect(seen).toEqual({ method: 'POST', url: '/hook?x=1', header: 'application/json', body: '{"a":1}' });
    expect([res.status, res.body.toString(), res.truncated]).toEqual([201, 'created', false]);
  });

  it('does not follow redirects', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: `${base}/elsewhere` });
      res.end();
    };
    expect((await open.send(request())).status).toBe(302);
  });

  it('keeps the first bytes of a large body when truncating', async () => {
    handler = (_req, res) => res.end('x'.repeat(5000));
    const res = await open.send(request({ maxBodyBytes: 100 }));
    expect([res.status, res.body.length, res.truncated]).toEqual([200, 100, true]);
  });

  it('fails a too large body when asked to', async () => {
    handler = (_req, res) => res.end('x'.repeat(5000));
    expect((await failure(open.send(request({ maxBodyBytes: 100, overflow: 'error' })))).message).toBe(
      'response too large',
    );
  });

  it('times out', async () => {
    handler = (_req, res) => setTimeout(() => res.end('late'), 500);
    const err = await failure(open.send(request({ timeoutMs: 100 })));
    expect([err.kind, err.message]).toEqual(['timeout', 'timeout after 100 ms']);
  });

  it('reports connection failures', async () => {
    const err = await failure(open.send(request({ url: 'http://127.0.0.1:9/x' })));
    expect(err.kind).toBe('network');
  });

  it.each(['ftp://example.com/x', 'http://user:pw@example.com/x', 'not a url'])('refuses %s', async (url) => {
    expect((await failure(open.send(request({ url })))).kind).toBe('invalid_url');
  });

  it('can be aborted', async () => {
    handler = (_req, res) => setTimeout(() => res.end('late'), 500);
    const controller = new AbortController();
    const pending = open.send(request({ signal: controller.signal }));
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
  });
});

describe('OutboundHttp private-network block', () => {
  const blocked = new OutboundHttp({ blockPrivateNetworks: true, allowedHosts: [] });

  it.each(['http://127.0.0.1:9/x', 'http://[::1]:9/x', 'http://localhost:9/x', 'http://169.254.169.254/latest'])(
    'refuses %s before connecting',
    async (url) => {
      const err = await failure(blocked.send(request({ url })));
      expect(err.kind).toBe('policy');
      expect(err.message).toMatch(/^destination not allowed: /);
    },
  );

  it('lets listed hosts and networks through', async () => {
    handler = (_req, res) => res.end('ok');
    for (const entry of ['127.0.0.1', '127.0.0.0/8', `127.0.0.1:${new URL(base).port}`]) {
      const allowed = new OutboundHttp({ blockPrivateNetworks: true, allowedHosts: [entry] });
      expect((await allowed.send(request())).status).toBe(200);
    }
    const byName = new OutboundHttp({ blockPrivateNetworks: true, allowedHosts: ['localhost'] });
    expect((await byName.send(request({ url: base.replace('127.0.0.1', 'localhost') }))).status).toBe(200);
  });

  it('checks resolved names too', async () => {
    const cidrOnly = new OutboundHttp({ blockPrivateNetworks: true, allowedHosts: ['10.0.0.0/8'] });
    const err = await failure(cidrOnly.send(request({ url: base.replace('127.0.0.1', 'localhost') })));
    expect(err.message).toBe('destination not allowed: localhost');
  });
});
