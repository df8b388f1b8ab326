import { Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { SystemSchema } from '@rocket/database';
import { HealthModule, ReadinessChecks } from '@rocket/health';
import { AppLifecycleService, PlatformModule } from '@rocket/platform';
import { WritePipelineModule } from '@rocket/write-pipeline';
import { FileFieldsWriteHook } from './file-fields.write-hook';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FILES_DDL } from './files.schema';
import { FilesService } from './files.service';
import { MultipartSetup } from './multipart.setup';
import { FILE_STORAGE, FileStorage } from './storage/file-storage';
import { createFileStorage } from './storage/storage.factory';

/** What the files module adds to the rest of the server: its table, app-deletion purge, readiness probe. */
@Injectable()
class FilesSetup implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly schema: SystemSchema,
    private readonly lifecycle: AppLifecycleService,
    private readonly readiness: ReadinessChecks,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.schema.contribute({ scope: 'app', name: 'files', order: 40, ddl: FILES_DDL });
    // 08 §3.3 step 5: after the database is dropped, before the `_apps` row goes.
    this.lifecycle.onDelete((app) => this.storage.deletePrefix(`${app}/`));
    this.readiness.register('storage', () => this.storage.probe());
  }

  onApplicationShutdown(): void {
    this.storage.close?.();
  }
}

/**
 * Files (08 §10): the storage port and its configured adapter, `_files`, the
 * upload/download/admin endpoints under `/api/:app/_files`, and the write
 * hook that resolves `file` field values. Needs, from the app root:
 * ConfigModule, LoggingModule, DatabaseModule, TenancyModule.
 */
@Module({
  imports: [AuthModule, PlatformModule, HealthModule, WritePipelineModule],
  controllers: [FilesController],
  providers: [
    {
      provide: FILE_STORAGE,
      inject: [ROCKET_CONFIG],
      useFactory: (config: RocketConfig) => createFileStorage(config.storage),
    },
    FilesSetup,
    MultipartSetup,
    FilesRepository,
    FilesService,
    FileFieldsWriteHook,
  ],
  exports: [FILE_STORAGE, FilesService],
})
export class FilesModule {}
