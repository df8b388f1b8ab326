import { Module } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { MetadataModule } from '@rocket/metadata';
import { PermissionsModule } from '@rocket/permissions';
import { QueryModule } from '@rocket/query';
import { WritePipelineModule } from '@rocket/write-pipeline';
import { RecordsController } from './records.controller';

/** The dynamic REST API; imported last so fixed app routes are registered first. */
@Module({
  imports: [AuthModule, MetadataModule, PermissionsModule, QueryModule, WritePipelineModule],
  controllers: [RecordsController],
})
export class RestModule {}
