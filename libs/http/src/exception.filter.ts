import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { toErrorResponse } from './error-response';

/** The one place errors thrown inside Nest handlers, guards and pipes become responses. */
@Catch()
export class RocketExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.config, this.logger);
  }
}

export function sendError(
  err: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
  config: RocketConfig,
  logger: Logger,
): void {
  const response = toErrorResponse(err, String(req.id), config.server.body_limit_bytes);
  if (response.unexpected) {
    logger.error({ req_id: req.id, err, method: req.method, path: req.routeOptions?.url }, 'Unhandled error');
  }
  if (reply.sent) return;
  void reply.headers(response.headers).status(response.status).send(response.body);
}
