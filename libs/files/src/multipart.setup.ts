import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { FileErrors } from './files.errors';
import { UPLOAD_LIMITS } from './upload-limits';

/**
 * Route config flag (`@RouteConfig({ [MULTIPART_ONLY]: true })`): anything
 * but `multipart/form-data` is refused before Fastify looks for a body
 * parser, with the upload's own message (08 §10.4).
 */
export const MULTIPART_ONLY = 'rocketMultipartOnly';

declare module 'fastify' {
  interface FastifyContextConfig {
    [MULTIPART_ONLY]?: boolean;
  }
}

const MULTIPART = /^multipart\/form-data(?:\s*;|\s*$)/i;

/**
 * Puts `@fastify/multipart` on the Fastify instance: it adds a parser for
 * `multipart/form-data` only (the JSON parser of libs/http is untouched) and
 * leaves the body unread until the upload handler streams it, with the
 * limits of 08 §10.4.
 */
@Injectable()
export class MultipartSetup implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    // Queued, not awaited: loading plugins now would settle the routes' contexts before Nest
    // installs its error handler (after the init hooks), so hook errors would miss the envelope.
    void fastify.register(multipart, {
      limits: { ...UPLOAD_LIMITS, fileSize: this.config.storage.max_file_size },
    });
    fastify.addHook('onRequest', (req, _reply, done) => {
      if (req.routeOptions?.config?.[MULTIPART_ONLY] && !MULTIPART.test(req.headers['content-type'] ?? '')) {
        return done(FileErrors.missingFile());
      }
      done();
    });
  }
}
