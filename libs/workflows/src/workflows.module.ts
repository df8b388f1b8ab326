import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { SystemSchema } from '@rocket/database';
import { JobsModule } from '@rocket/jobs';
import { MetadataModule } from '@rocket/metadata';
import { OutboundModule } from '@rocket/outbound';
import { SchemaTransferModule } from '@rocket/schema-transfer';
import { WritePipelineModule } from '@rocket/write-pipeline';
import { WorkflowAdminService } from './api/workflow-admin.service';
import { WorkflowInstancesController } from './api/workflow-instances.controller';
import { WorkflowInstancesService } from './api/workflow-instances.service';
import { WorkflowsAdminController } from './api/workflows-admin.controller';
import { InstanceAdvancer } from './runtime/instance-advancer';
import { InstancesRepository } from './runtime/instances.repository';
import { WorkflowActions } from './runtime/workflow-actions';
import { WorkflowRunnerQueue } from './runtime/workflow-runner.queue';
import { WorkflowStore } from './runtime/workflow-store';
import { WorkflowTriggerHook } from './runtime/workflow-trigger.hook';
import { WorkflowsKind } from './transfer/workflows.kind';
import { WORKFLOWS_DDL } from './workflows.schema';
import { WorkflowsRepository } from './workflows.repository';

@Injectable()
class WorkflowsSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    this.schema.contribute({ scope: 'app', name: 'workflows', order: 45, ddl: WORKFLOWS_DDL });
  }
}

/**
 * Workflows (05): the tables, the admin API, the trigger hook (instance
 * rows written at 04 §3.1 step 13), the runner on the durable-work engine,
 * the runtime endpoints for approvals and the export/import kind. Needs,
 * from the app root: TenancyModule, DatabaseModule, LoggingModule,
 * ConfigModule; the webhook dispatcher (WebhooksModule) sends the
 * deliveries its `webhook` actions queue.
 */
@Module({
  imports: [AuthModule, MetadataModule, WritePipelineModule, SchemaTransferModule, JobsModule, OutboundModule],
  controllers: [WorkflowInstancesController, WorkflowsAdminController],
  providers: [
    WorkflowsSchema,
    WorkflowsRepository,
    InstancesRepository,
    WorkflowStore,
    WorkflowTriggerHook,
    WorkflowActions,
    InstanceAdvancer,
    WorkflowRunnerQueue,
    WorkflowAdminService,
    WorkflowInstancesService,
    WorkflowsKind,
  ],
})
export class WorkflowsModule {}
