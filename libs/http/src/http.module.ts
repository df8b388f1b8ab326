import { Global, Module } from '@nestjs/common';
import { RocketExceptionFilter } from './exception.filter';

@Global()
@Module({ providers: [RocketExceptionFilter], exports: [RocketExceptionFilter] })
export class HttpModule {}
