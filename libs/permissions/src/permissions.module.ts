import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { SystemSchema } from '@rocket/database';
import { MetadataModule } from '@rocket/metadata';
import { SchemaTransferModule } from '@rocket/schema-transfer';
import { WritePipelineModule } from '@rocket/write-pipeline';
import { PermissionAdminService } from './admin/permission-admin.service';
import { PermissionsController } from './admin/permissions.controller';
import { PERMISSIONS_DDL } from './permissions.schema';
import { PermissionsRepository } from './permissions.repository';
import { PermissionsWriteHook } from './permissions-write-hook';
import { PolicyStore } from './policy-store.service';
import { ReadAccess } from './read-access.service';
import { PermissionsKind } from './transfer/permissions.kind';

@Injectable()
class PermissionsSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    // After metadata (order 5): the entity-delete trigger sits on _entities.
    this.schema.contribute({ scope: 'app', name: 'permissions', order: 50, ddl: PERMISSIONS_DDL });
  }
}

/**
 * Permissions (07 §6, §8): the `_permissions` table, its admin API, the
 * per-app compiled policies, the read checks and filters the REST API asks
 * for (ReadAccess), the write hook (order 0) and the `permissions` transfer
 * kind. Needs, from the app root: TenancyModule, DatabaseModule, LoggingModule.
 */
@Module({
  imports: [AuthModule, MetadataModule, WritePipelineModule, SchemaTransferModule],
  controllers: [PermissionsController],
  providers: [
    PermissionsSchema,
    PermissionsRepository,
    PolicyStore,
    ReadAccess,
    PermissionsWriteHook,
    PermissionAdminService,
    PermissionsKind,
  ],
  exports: [ReadAccess, PolicyStore],
})
export class PermissionsModule {}
