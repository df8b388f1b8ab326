import { Global, Module } from '@nestjs/common';
import { Logger } from 'pino';

/** Injection token for the pino logger. */
export const ROCKET_LOGGER = Symbol('ROCKET_LOGGER');

@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger) {
    return {
      module: LoggingModule,
      providers: [{ provide: ROCKET_LOGGER, useValue: logger }],
      exports: [ROCKET_LOGGER],
    };
  }
}
