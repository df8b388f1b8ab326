import { Module } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { EntitiesController } from './admin/entities.controller';
import { EntityAdminService } from './admin/entity-admin.service';
import { RelationAdminService } from './admin/relation-admin.service';
import { RelationsController } from './admin/relations.controller';
import { MetadataRepository } from './metadata.repository';
import { RegistryLoader } from './registry/registry-loader';
import { RegistryService } from './registry/registry.service';
import { RegistrySyncService } from './registry/registry-sync.service';
import { SchemaChangeService } from './schema-change.service';

/** Entities, relations, auto-migration and the compiled per-app registry. */
@Module({
  imports: [AuthModule],
  controllers: [EntitiesController, RelationsController],
  providers: [
    MetadataRepository,
    RegistryLoader,
    RegistryService,
    RegistrySyncService,
    SchemaChangeService,
    EntityAdminService,
    RelationAdminService,
  ],
  exports: [RegistryService, SchemaChangeService, MetadataRepository, RegistryLoader],
})
export class MetadataModule {}
