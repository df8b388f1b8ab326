import { Global, Module } from '@nestjs/common';
import { AppsRepository } from './apps.repository';
import { TenancyService } from './tenancy.service';
import { TenantGuard } from './tenant.guard';

@Global()
@Module({
  providers: [AppsRepository, TenancyService, TenantGuard],
  exports: [AppsRepository, TenancyService, TenantGuard],
})
export class TenancyModule {}
