import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LoadedConfig } from '@rocket/config';
import { DatabaseService, SystemSchema } from '@rocket/database';
import { configureFastify, createFastifyAdapter } from '@rocket/http';
import { Logger, PinoNestLogger } from '@rocket/logging';
import { AppModule } from './app.module';
import { setupOpenApi } from './openapi';

/**
 * Builds the whole server without listening: used by main.ts and by the
 * end-to-end tests, so both run exactly the same wiring.
 */
export async function createServer(loaded: LoadedConfig, logger: Logger): Promise<NestFastifyApplication> {
  for (const warning of loaded.warnings) logger.warn(warning);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(loaded, logger),
    createFastifyAdapter(loaded.config),
    { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false },
  );
  configureFastify(app, loaded.config, logger);
  setupOpenApi(app);
  await app.init();
  // All modules have contributed their tables: bring the management database up to date.
  await app.get(SystemSchema).bootstrap(app.get(DatabaseService).management.db, { scope: 'management' });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
