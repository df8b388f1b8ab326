import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { ClientRequest, IncomingHttpHeaders, IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { AllowedHosts, isPrivateAddress, stripBrackets } from './address-policy';

export type OutboundErrorKind = 'invalid_url' | 'policy' | 'timeout' | 'network' | 'too_large' | 'aborted';

/** A call that produced no HTTP response; `message` is what logs show (09 §2, 06 §4.4). */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundPolicy {
  /** `outbound.block_private_networks`. */
  readonly blockPrivateNetworks: boolean;
  /** `outbound.allowed_hosts`. */
  readonly allowedHosts: readonly string[];
}

export interface OutboundRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  readonly timeoutMs: number;
  /** How much of the response body is read. */
  readonly maxBodyBytes: number;
  /**
   * Past `maxBodyBytes`: `truncate` keeps the first bytes (webhook logs,
   * 00-README), `error` fails the call with `response too large` (09 §2).
   */
  readonly overflow: 'truncate' | 'error';
  /** Cancels the call (shutdown). */
  readonly signal?: AbortSignal;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly truncated: boolean;
}

/** The 1 MiB read cap of 09 §2 for calls whose response is used. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The one outbound HTTP client (09 §2): `http`/`https` only, no user-info,
 * the private-network check inside the socket's own DNS lookup (so the
 * socket connects to the address that was checked: no rebinding window),
 * redirects never followed (a 3xx is returned as is), TLS verified, a
 * deadline over the whole exchange, bounded response bodies. One socket
 * per call: receivers see `Connection: close`.
 */
export class OutboundHttp {
  private readonly allowed: AllowedHosts;

  constructor(private readonly policy: OutboundPolicy) {
    this.allowed = new AllowedHosts(policy.allowedHosts);
  }

  send(req: OutboundRequest): Promise<OutboundResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return Promise.reject(new OutboundError('invalid_url', 'invalid URL'));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new OutboundError('invalid_url', `unsupported protocol ${url.protocol}`));
    }
    if (url.username || url.password) return Promise.reject(new OutboundError('invalid_url', 'URL has user-info'));
    const host = stripBrackets(url.hostname);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const guarded = this.policy.blockPrivateNetworks && !this.allowed.allowsHost(host, port);
    if (guarded && isIP(host) && !this.addressAllowed(host)) {
      return Promise.reject(notAllowed(host));
    }
    const options: RequestOptions = {
      protocol: url.protocol,
      hostname: host,
      port,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: { ...req.headers, connection: 'close' },
      agent: false,
      lookup: guarded ? this.checkedLookup(host) : undefined,
    };
    return new Promise<OutboundResponse>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, response?: OutboundResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(response!);
      };
      const call: ClientRequest = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) =>
        readBody(res, req, finish),
      );
      const fail = (err: Error) => {
        finish(err);
        call.destroy();
      };
      const timer = setTimeout(
        () => fail(new OutboundError('timeout', `timeout after ${req.timeoutMs} ms`)),
        req.timeoutMs,
      );
      const onAbort = () => fail(new OutboundError('aborted', 'request aborted'));
      if (req.signal?.aborted) return onAbort();
      req.signal?.addEventListener('abort', onAbort, { once: true });
      call.on('error', (err: Error) => finish(err instanceof OutboundError ? err : networkError(err)));
      call.end(req.body);
    });
  }

  private addressAllowed(address: string): boolean {
    return this.allowed.allowsAddress(address) || !isPrivateAddress(address);
  }

  /** dns.lookup, then every address checked; the socket connects to what was checked. */
  private checkedLookup(host: string): LookupFunction {
    return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, options.all ? [] : '', 0);
        const refused = addresses.find((a) => !this.addressAllowed(a.address));
        if (refused || addresses.length === 0) return callback(notAllowed(host), options.all ? [] : '', 0);
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      });
    };
  }
}

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

function readBody(
  res: IncomingMessage,
  req: OutboundRequest,
  finish: (err: Error | undefined, response?: OutboundResponse) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const done = (truncated: boolean) =>
    finish(undefined, {
      status: res.statusCode ?? 0,
      headers: res.headers,
      body: Buffer.concat(chunks, Math.min(size, req.maxBodyBytes)),
      truncated,
    });
  res.on('data', (chunk: Buffer) => {
    if (size >= req.maxBodyBytes) return;
    size += chunk.length;
    chunks.push(chunk);
    if (size > req.maxBodyBytes) {
      if (req.overflow === 'error') finish(new OutboundError('too_large', 'response too large'));
      else done(true);
      res.destroy();
    }
  });
  res.on('end', () => done(false));
  res.on('error', (err) => finish(networkError(err)));
  res.on('aborted', () => finish(new OutboundError('network', 'response aborted')));
}

function notAllowed(host: string): OutboundError {
  return new OutboundError('policy', `destination not allowed: ${host}`);
}

function networkError(err: Error): OutboundError {
  const code = (err as { code?: string }).code;
  const message = err.message || code || 'connection failed';
  return new OutboundError('network', message.slice(0, 500));
}
