import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformAdminGuard, PlatformAuthGuard } from '@rocket/auth';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { Errors } from '@rocket/errors';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { AppsRepository } from '@rocket/tenancy';
import { validateAppCreate } from './app-create.validation';
import { toAppInfo } from './app-info';
import { AppLifecycleService } from './app-lifecycle.service';
import { AppDeletedResponse, AppListResponse, AppResponse, CreateAppDto } from './dto/app.dto';

/** App lifecycle for platform admins (08 §3). */
@ApiTags('Platform apps')
@ApiBearerAuth()
@UseGuards(PlatformAuthGuard, PlatformAdminGuard)
@Controller('api/_platform/apps')
export class AppsController {
  constructor(
    private readonly apps: AppsRepository,
    private readonly lifecycle: AppLifecycleService,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List every app, all statuses, by name' })
  @ApiOkResponse({ type: AppListResponse })
  @ApiErrors(401, 403)
  async list() {
    return { data: (await this.apps.list()).map(toAppInfo) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an app: its database, system tables and seeded admin' })
  @ApiBody({ type: CreateAppDto })
  @ApiCreatedResponse({ type: AppResponse })
  @ApiErrors(400, 401, 403, 409, 422)
  async create(@Body() body: unknown) {
    const input = validateAppCreate(requireObjectBody(body), this.config.apps.allowed_drivers);
    return { data: toAppInfo(await this.lifecycle.create(input)) };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One app' })
  @ApiOkResponse({ type: AppResponse })
  @ApiErrors(401, 403, 404)
  async get(@Param('name') name: string) {
    const app = await this.apps.find(name);
    if (!app) throw Errors.notFound('App not found');
    return { data: toAppInfo(app) };
  }

  @Delete(':name')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete an app, its database and its files' })
  @ApiOkResponse({ type: AppDeletedResponse })
  @ApiErrors(401, 403, 404)
  async delete(@Param('name') name: string) {
    await this.lifecycle.delete(name);
    return { message: 'App deleted' };
  }
}
