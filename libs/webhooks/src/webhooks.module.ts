import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { SystemSchema } from '@rocket/database';
import { JobsModule } from '@rocket/jobs';
import { MetadataModule } from '@rocket/metadata';
import { OutboundModule } from '@rocket/outbound';
import { SchemaTransferModule } from '@rocket/schema-transfer';
import { WritePipelineModule } from '@rocket/write-pipeline';
import { WebhookAdminService } from './admin/webhook-admin.service';
import { WebhookLogAdminService } from './admin/webhook-log-admin.service';
import { WebhookLogsController } from './admin/webhook-logs.controller';
import { WebhooksController } from './admin/webhooks.controller';
import { DeliveryQueue } from './runtime/delivery.queue';
import { WebhookLogRetention } from './runtime/log-retention.task';
import { WebhookSender } from './runtime/webhook-sender';
import { WebhookStore } from './runtime/webhook-store';
import { WebhooksWriteHook } from './runtime/webhooks.write-hook';
import { WebhooksKind } from './transfer/webhooks.kind';
import { WebhookLogsRepository } from './webhook-logs.repository';
import { WEBHOOKS_DDL } from './webhooks.schema';
import { WebhooksRepository } from './webhooks.repository';

@Injectable()
class WebhooksSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    // After metadata (order 5): _webhooks references _entities.
    this.schema.contribute({ scope: 'app', name: 'webhooks', order: 40, ddl: WEBHOOKS_DDL });
  }
}

/**
 * Webhooks (06 Part A): the tables, the admin APIs, the write hook (sync
 * calls and outbox rows at 04 §3.1 step 13 / §3.2 steps 6–7), the
 * delivery queue on the durable-work engine — which also sends the
 * state-machine and workflow `webhook` action rows — log retention and the
 * export/import kind. Needs, from the app root: TenancyModule,
 * DatabaseModule, LoggingModule, ConfigModule.
 */
@Module({
  imports: [AuthModule, MetadataModule, WritePipelineModule, SchemaTransferModule, JobsModule, OutboundModule],
  controllers: [WebhooksController, WebhookLogsController],
  providers: [
    WebhooksSchema,
    WebhooksRepository,
    WebhookLogsRepository,
    WebhookStore,
    WebhookSender,
    DeliveryQueue,
    WebhookLogRetention,
    WebhooksWriteHook,
    WebhookAdminService,
    WebhookLogAdminService,
    WebhooksKind,
  ],
  exports: [WebhookSender, WebhookLogsRepository],
})
export class WebhooksModule {}
