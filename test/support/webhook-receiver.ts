import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** One request as the receiver saw it. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Raw body text (what the signature covers). */
  raw: string;
  /** Parsed JSON body, or undefined. */
  body: any;
  /** The status the receiver answered, once it answered. */
  answered?: number;
}

/** What a route answers: a status and body, or `hang` (never answer). */
export type Reply = { status: number; body?: unknown } | 'hang';
export type Responder = (req: Received, nth: number) => Reply | Promise<Reply>;

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: records every
 * request, answers per path (default 200 `{"ok":true}`), can hold requests
 * open, and verifies Rocket's signatures.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly routes = new Map<string, Responder>();
  private readonly counts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const holder: { self?: WebhookReceiver } = {};
    const server = createServer((req, res) => void holder.self!.handle(req, res));
    server.on('connection', (s: Socket) => {
      holder.self?.sockets.add(s);
      s.on('close', () => holder.self?.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    holder.self = new WebhookReceiver(server, (server.address() as AddressInfo).port);
    return holder.self;
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  on(path: string, responder: Responder): void {
    this.routes.set(path, responder);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Drops every open connection (requests held by `hang`). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  async waitFor(check: () => boolean, ms = 15000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise((r) => this.server.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const entry: Received = { method: req.method ?? '', path, headers: req.headers, raw, body };
    this.received.push(entry);
    const nth = (this.counts.get(path) ?? 0) + 1;
    this.counts.set(path, nth);
    const reply = await (this.routes.get(path) ?? (() => ({ status: 200, body: { ok: true } })))(entry, nth);
    if (reply === 'hang') return;
    entry.answered = reply.status;
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }
}

/** Checks `X-Rocket-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, "<t>.<body>")>`. */
export function signatureValid(received: Received, keyBase64: string): boolean {
  const header = String(received.headers['x-rocket-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', Buffer.from(keyBase64, 'base64'))
    .update(`${match[1]}.${received.raw}`)
    .digest('hex');
  return expected === match[2];
}
