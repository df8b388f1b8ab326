import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppAuthGuard } from '@rocket/auth';
import { Errors } from '@rocket/errors';
import { RegistryService, resolveEntity } from '@rocket/metadata';
import { QueryService, RawQuery } from '@rocket/query';
import { hasRole, TenancyService } from '@rocket/tenancy';
import { WriteService } from '@rocket/write-pipeline';

/**
 * The five dynamic endpoints of every entity (02 §0). Registered after the
 * fixed app routes; static segments win in Fastify's router anyway. Described
 * per app by `/api/:app/_openapi.json`, not in the fixed document.
 */
@ApiExcludeController()
@UseGuards(AppAuthGuard)
@Controller('api/:app/:entity')
export class RecordsController {
  constructor(
    private readonly reads: QueryService,
    private readonly writes: WriteService,
    private readonly registry: RegistryService,
    private readonly tenancy: TenancyService,
  ) {}

  @Get()
  async list(@Param('entity') entity: string, @Query() query: RawQuery) {
    this.authorize(entity);
    return this.reads.list(entity, query);
  }

  @Get(':id')
  async get(@Param('entity') entity: string, @Param('id') id: string, @Query() query: RawQuery) {
    this.authorize(entity);
    return { data: await this.reads.get(entity, id, query) };
  }

  @Post()
  async create(@Param('entity') entity: string, @Body() body: unknown) {
    this.authorize(entity);
    return { data: await this.writes.create(entity, body) };
  }

  @Put(':id')
  async update(@Param('entity') entity: string, @Param('id') id: string, @Body() body: unknown) {
    this.authorize(entity);
    return { data: await this.writes.update(entity, id, body) };
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Param('entity') entity: string, @Param('id') id: string) {
    this.authorize(entity);
    return { data: await this.writes.delete(entity, id) };
  }

  /**
   * Entity first (404 UNKNOWN_ENTITY), then permission (02 §0). Policies
   * arrive with the permissions module; until then the whitelist is empty,
   * so only admins pass (07 §6: no policy = denied).
   */
  private authorize(entityName: string): void {
    resolveEntity(this.registry.current(), entityName);
    if (!hasRole(this.tenancy.currentScope()?.principal, 'admin')) throw Errors.forbidden('Permission denied');
  }
}
