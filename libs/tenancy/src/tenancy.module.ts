import { Global, Module } from '@nestjs/common';
import { AppsRepository } from './apps.repository';
import { TenancyService } from './tenancy.service';
import { TenantGuard } from './tenant.guard';
import { TenantInterceptor } from './tenant.interceptor';

@Global()
@Module({
  providers: [AppsRepository, TenancyService, TenantGuard, TenantInterceptor],
  exports: [AppsRepository, TenancyService, TenantGuard, TenantInterceptor],
})
export class TenancyModule {}
