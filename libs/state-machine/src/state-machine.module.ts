import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { SystemSchema } from '@rocket/database';
import { MetadataModule } from '@rocket/metadata';
import { OutboundModule } from '@rocket/outbound';
import { SchemaTransferModule } from '@rocket/schema-transfer';
import { WritePipelineModule } from '@rocket/write-pipeline';
import { StateMachinesController } from './admin/state-machines.controller';
import { StateMachineAdminService } from './admin/state-machine-admin.service';
import { MachineStore } from './runtime/machine-store';
import { StateMachineHook } from './runtime/state-machine.hook';
import { STATE_MACHINES_DDL } from './state-machines.schema';
import { StateMachinesRepository } from './state-machines.repository';
import { StateMachinesKind } from './transfer/state-machines.kind';

@Injectable()
class StateMachinesSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    // After metadata (order 5): _state_machines references _entities.
    this.schema.contribute({ scope: 'app', name: 'state_machines', order: 40, ddl: STATE_MACHINES_DDL });
  }
}

/**
 * State machines (04 §2): the `_state_machines` table, the admin API, the
 * write hook (order 20, after the rules) and the export/import kind.
 * Needs, from the app root: TenancyModule, DatabaseModule, LoggingModule,
 * ConfigModule (the secret policy of webhook action headers).
 */
@Module({
  imports: [AuthModule, MetadataModule, WritePipelineModule, SchemaTransferModule, OutboundModule],
  controllers: [StateMachinesController],
  providers: [
    StateMachinesSchema,
    StateMachinesRepository,
    MachineStore,
    StateMachineHook,
    StateMachineAdminService,
    StateMachinesKind,
  ],
  exports: [MachineStore],
})
export class StateMachineModule {}
