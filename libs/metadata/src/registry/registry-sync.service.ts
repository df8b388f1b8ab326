import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterBus, SystemSchema } from '@rocket/database';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { TenancyService } from '@rocket/tenancy';
import { METADATA_DDL } from '../metadata.schema';
import { METADATA_CHANGED, SchemaChangeService } from '../schema-change.service';
import { RegistryLoader } from './registry-loader';

/**
 * Keeps every open app's registry current: loaded when the app opens,
 * reloaded when another process announces a metadata change, and reloaded
 * for all open apps when the announcement channel had to reconnect.
 */
@Injectable()
export class RegistrySyncService implements OnModuleInit {
  constructor(
    private readonly schema: SystemSchema,
    private readonly tenancy: TenancyService,
    private readonly loader: RegistryLoader,
    private readonly changes: SchemaChangeService,
    private readonly bus: ClusterBus,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.schema.contribute({ scope: 'app', name: 'metadata', order: 5, ddl: METADATA_DDL });
    this.tenancy.onOpen(async (ctx) => {
      this.changes.install(ctx.state, await this.loader.load(ctx.db, ctx.name));
    });
    this.bus.on(METADATA_CHANGED, (m) => {
      if (m.origin === this.bus.processId || !m.app || !this.tenancy.isOpen(m.app)) return;
      void this.reload(m.app);
    });
    this.bus.onReconnect(() => {
      for (const app of this.tenancy.openApps()) void this.reload(app);
    });
  }

  async reload(app: string): Promise<void> {
    try {
      await this.tenancy.run(app, async (ctx) => this.changes.install(ctx.state, await this.loader.load(ctx.db, app)));
    } catch (err) {
      this.logger.warn({ app, err: (err as Error).message }, 'Registry reload failed');
    }
  }
}
