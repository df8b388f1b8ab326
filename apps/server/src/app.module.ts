import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule } from '@rocket/auth';
import { ConfigModule, LoadedConfig } from '@rocket/config';
import { DatabaseModule } from '@rocket/database';
import { HealthModule } from '@rocket/health';
import { HttpModule, RocketExceptionFilter } from '@rocket/http';
import { Logger, LoggingModule } from '@rocket/logging';
import { MetadataModule } from '@rocket/metadata';
import { AppOpenApiModule } from '@rocket/openapi';
import { PermissionsModule } from '@rocket/permissions';
import { RestModule } from '@rocket/rest';
import { RulesModule } from '@rocket/rules';
import { SchemaTransferModule } from '@rocket/schema-transfer';
import { StateMachineModule } from '@rocket/state-machine';
import { WebhooksModule } from '@rocket/webhooks';
import { WorkflowsModule } from '@rocket/workflows';
import { EventsModule } from '@rocket/events';
import { ExpressionsModule } from '@rocket/expressions';
import { FilesModule } from '@rocket/files';
import { PlatformModule } from '@rocket/platform';
import { TenancyModule, TenantGuard } from '@rocket/tenancy';
import { UsersModule } from '@rocket/users';

/** Wiring only: every behaviour lives in a lib. */
@Module({})
export class AppModule {
  static forRoot(loaded: LoadedConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(loaded),
        LoggingModule.forRoot(logger),
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        DatabaseModule,
        TenancyModule,
        HttpModule,
        HealthModule,
        AuthModule,
        PlatformModule,
        MetadataModule,
        AppOpenApiModule,
        SchemaTransferModule,
        WebhooksModule,
        EventsModule,
        ExpressionsModule,
        StateMachineModule,
        RulesModule,
        UsersModule,
        PermissionsModule,
        FilesModule,
        WorkflowsModule,
        // Last: its `/api/:app/:entity` routes come after every fixed app route.
        RestModule,
      ],
      providers: [
        // useExisting keeps the enhancers overridable in tests (STYLE.md).
        { provide: APP_FILTER, useExisting: RocketExceptionFilter },
        { provide: APP_GUARD, useExisting: TenantGuard },
      ],
    };
  }
}
