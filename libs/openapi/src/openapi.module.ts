import { Module } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { MetadataModule } from '@rocket/metadata';
import { AppOpenApiController } from './app-openapi.controller';

@Module({ imports: [AuthModule, MetadataModule], controllers: [AppOpenApiController] })
export class AppOpenApiModule {}
