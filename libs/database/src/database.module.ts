import { Global, Module } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { ClusterBus } from './cluster-bus';
import { DatabaseService } from './database.service';
import { SystemSchema } from './system-schema';

/**
 * The server, the management database and the system-schema registry. The
 * server is started inside the provider factory, so every provider that
 * injects DatabaseService gets a working one.
 */
@Global()
@Module({
  providers: [
    {
      provide: DatabaseService,
      inject: [ROCKET_CONFIG, ROCKET_LOGGER],
      useFactory: async (config: RocketConfig, logger: Logger) => {
        const service = new DatabaseService(config, logger);
        await service.start();
        return service;
      },
    },
    SystemSchema,
    ClusterBus,
  ],
  exports: [DatabaseService, SystemSchema, ClusterBus],
})
export class DatabaseModule {}
