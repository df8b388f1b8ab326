import { Module } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { MetadataModule } from '@rocket/metadata';
import { EntitiesKind } from './kinds/entities.kind';
import { RelationsKind } from './kinds/relations.kind';
import { UiConfigsKind } from './kinds/ui-configs.kind';
import { SampleDataImporter } from './sample-data.importer';
import { TransferController } from './transfer.controller';
import { TransferKinds } from './transfer-kinds';
import { TransferService } from './transfer.service';

/** Schema export/import; other modules add their kinds through TransferKinds. */
@Module({
  imports: [AuthModule, MetadataModule],
  controllers: [TransferController],
  providers: [TransferKinds, TransferService, SampleDataImporter, EntitiesKind, RelationsKind, UiConfigsKind],
  exports: [TransferKinds],
})
export class SchemaTransferModule {}
