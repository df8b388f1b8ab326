import { Module } from '@nestjs/common';
import { DeleteRecordStage } from './delete/delete-record.stage';
import { RecordEventPublisher } from './events/record-event.publisher';
import { ChildRowsWriter } from './nested/child-rows.writer';
import { LinksWriter } from './nested/links.writer';
import { NestedWritesStage } from './nested/nested-writes.stage';
import { RowWriter } from './row-writer';
import { ApplyDefaultsStage } from './stages/apply-defaults.stage';
import { GenerateSlugStage } from './stages/generate-slug.stage';
import { LockRecordStage } from './stages/lock-record.stage';
import { PersistStage } from './stages/persist.stage';
import { ReloadRecordStage } from './stages/reload-record.stage';
import { ValidatePayloadStage } from './stages/validate-payload.stage';
import { WritePipeline } from './write-pipeline';
import { WriteService } from './write.service';
import { WriteHooks } from './write-hooks';

/**
 * Every mutation of tenant data. Needs, from the app root: TenancyModule
 * (global), LoggingModule (global) and `EventEmitterModule.forRoot()` for
 * the record events.
 */
@Module({
  providers: [
    WriteHooks,
    ValidatePayloadStage,
    LockRecordStage,
    ApplyDefaultsStage,
    GenerateSlugStage,
    PersistStage,
    DeleteRecordStage,
    ChildRowsWriter,
    LinksWriter,
    NestedWritesStage,
    RowWriter,
    ReloadRecordStage,
    RecordEventPublisher,
    WritePipeline,
    WriteService,
  ],
  exports: [WriteService, WriteHooks, WritePipeline],
})
export class WritePipelineModule {}
