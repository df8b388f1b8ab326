import { Module } from '@nestjs/common';
import { MetadataModule } from '@rocket/metadata';
import { QueryService } from './query.service';

/** Reads of tenant data; RegistryService comes from MetadataModule, TenancyService from the global TenancyModule. */
@Module({
  imports: [MetadataModule],
  providers: [QueryService],
  exports: [QueryService],
})
export class QueryModule {}
