import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { SystemSchema } from '@rocket/database';
import { WEBHOOKS_DDL } from './webhooks.schema';

@Injectable()
class WebhooksSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    // After metadata (order 5): _webhooks references _entities.
    this.schema.contribute({ scope: 'app', name: 'webhooks', order: 40, ddl: WEBHOOKS_DDL });
  }
}

/** The webhook tables; delivery and the admin API come with the webhooks phase. */
@Module({ providers: [WebhooksSchema] })
export class WebhooksModule {}
