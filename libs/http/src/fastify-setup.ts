import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RocketConfig } from '@rocket/config';
import { Logger } from '@rocket/logging';
import { RocketRequestState, TenancyService } from '@rocket/tenancy';
import { parseJsonBody } from './json-body-parser';
import { Errors } from '@rocket/errors';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Routes allowed a larger JSON body than `server.body_limit_bytes` (01 §8.2: import 10 MiB). */
export const LARGE_BODY_ROUTES: Readonly<Record<string, number>> = {
  '/api/:app/_admin/import': 10 * 1024 * 1024,
};
const LARGEST_BODY = Math.max(...Object.values(LARGE_BODY_ROUTES));

/**
 * Route config flag, set with `@RouteConfig({ [STREAMED_BODY]: true })`: the
 * route reads its body as a stream and enforces its own limit (uploads,
 * 08 §10.4), so the JSON body limit below does not apply to it.
 */
export const STREAMED_BODY = 'rocketStreamedBody';

declare module 'fastify' {
  interface FastifyContextConfig {
    [STREAMED_BODY]?: boolean;
  }
}

function bodyLimitOf(routeUrl: string | undefined, config: RocketConfig): number {
  return (routeUrl && LARGE_BODY_ROUTES[routeUrl]) || config.server.body_limit_bytes;
}

/**
 * The Fastify instance under Nest, with the input limits of 02 §0 and 13 §8:
 * body size, header size (431), parameter length, duplicate slashes kept
 * distinct (so `//api/...` is a 404), and a trusted request id.
 */
export function createFastifyAdapter(config: RocketConfig): FastifyAdapter {
  return new FastifyAdapter({
    logger: false,
    // Fastify reads up to the largest route limit; each route's own limit is enforced below.
    bodyLimit: Math.max(config.server.body_limit_bytes, LARGEST_BODY),
    routerOptions: {
      maxParamLength: config.server.max_param_length,
      ignoreTrailingSlash: false,
      ignoreDuplicateSlashes: false,
    },
    keepAliveTimeout: config.server.keep_alive_timeout_ms,
    requestTimeout: config.server.request_timeout_ms,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
      createServer({ maxHeaderSize: config.server.max_header_bytes }, handler),
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => writeClientError(err, socket),
  });
}

/** Errors before a request exists (header overflow, garbage bytes): answered on the raw socket. */
function writeClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    error: tooLarge
      ? { code: 'HEADERS_TOO_LARGE', message: 'Request headers too large' }
      : { code: 'INVALID_PAYLOAD', message: 'Malformed HTTP request' },
  });
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Hooks and parsers that must be on the Fastify instance before it is ready. */
export function configureFastify(app: NestFastifyApplication, config: RocketConfig, logger: Logger): void {
  const fastify = app.getHttpAdapter().getInstance();

  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    try {
      const limit = bodyLimitOf(req.routeOptions?.url, config);
      if (Buffer.byteLength(body) > limit) throw Errors.payloadTooLarge(limit);
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  // Every request runs in its own async-local scope, which the guards fill in (tenant, principal).
  const tenancy = app.get(TenancyService);
  fastify.addHook('preHandler', (_req, _reply, done) => tenancy.enterRequest(done));

  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    // Refuse a declared oversized body before reading it.
    if (req.routeOptions?.config?.[STREAMED_BODY]) return done();
    const limit = bodyLimitOf(req.routeOptions?.url, config);
    if (Number(req.headers['content-length'] ?? 0) > limit) return done(Errors.payloadTooLarge(limit));
    done();
  });

  // One structured line per request; the query string is left out (it may carry tokens).
  fastify.addHook('onResponse', (req: FastifyRequest & RocketRequestState, reply: FastifyReply, done) => {
    // Below info the line is dropped anyway: skip building it (about 1 % of a get-by-id, bench/README.md).
    if (!logger.isLevelEnabled('info')) return done();
    logger.info(
      {
        req_id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
        app: req.rocketTenant?.name,
        status: reply.statusCode,
        latency_ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request',
    );
    done();
  });
}
