import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppAuthGuard } from '@rocket/auth';
import { ReadAccess } from '@rocket/permissions';
import { QueryService, RawQuery } from '@rocket/query';
import { WriteService } from '@rocket/write-pipeline';

/**
 * The five dynamic endpoints of every entity (02 §0). Registered after the
 * fixed app routes; static segments win in Fastify's router anyway. Described
 * per app by `/api/:app/_openapi.json`, not in the fixed document.
 *
 * Permissions (07 §6): reads ask ReadAccess for the whitelist check and the
 * row filters before the query; writes are checked inside the write pipeline
 * (role level first, then the conditions on the locked or proposed row).
 * Both resolve the entity first (404 UNKNOWN_ENTITY, 02 §0).
 */
@ApiExcludeController()
@UseGuards(AppAuthGuard)
@Controller('api/:app/:entity')
export class RecordsController {
  constructor(
    private readonly reads: QueryService,
    private readonly writes: WriteService,
    private readonly access: ReadAccess,
  ) {}

  @Get()
  async list(@Param('entity') entity: string, @Query() query: RawQuery) {
    return this.reads.list(entity, query, await this.access.readOptions(entity, query));
  }

  @Get(':id')
  async get(@Param('entity') entity: string, @Param('id') id: string, @Query() query: RawQuery) {
    return { data: await this.reads.get(entity, id, query, await this.access.readOptions(entity, query)) };
  }

  @Post()
  async create(@Param('entity') entity: string, @Body() body: unknown) {
    return { data: await this.writes.create(entity, body) };
  }

  @Put(':id')
  async update(@Param('entity') entity: string, @Param('id') id: string, @Body() body: unknown) {
    return { data: await this.writes.update(entity, id, body) };
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Param('entity') entity: string, @Param('id') id: string) {
    return { data: await this.writes.delete(entity, id) };
  }
}
