import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors } from '@rocket/http';
import { Registry, RegistryService } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { buildAppOpenApi } from './app-openapi';

/** `GET /api/:app/_openapi.json` for admins and platform admins; cached per registry version. */
@ApiTags('App OpenAPI')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_openapi.json')
export class AppOpenApiController {
  private readonly cache = new WeakMap<Registry, Record<string, unknown>>();

  constructor(
    private readonly registries: RegistryService,
    private readonly tenancy: TenancyService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The app's own OpenAPI document, generated from its metadata" })
  @ApiOkResponse({ description: 'OpenAPI 3.0 document' })
  @ApiErrors(401, 403, 404)
  document() {
    const registry = this.registries.current();
    let doc = this.cache.get(registry);
    if (!doc) this.cache.set(registry, (doc = buildAppOpenApi(this.tenancy.current().name, registry)));
    return doc;
  }
}
