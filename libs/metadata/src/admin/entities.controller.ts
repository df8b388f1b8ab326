import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { EntityDefinitionDoc } from './admin-docs';
import { EntityAdminService } from './entity-admin.service';

/** `/api/:app/_admin/entities` (01 §6), admins only. */
@ApiTags('Admin: entities')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/entities')
export class EntitiesController {
  constructor(private readonly entities: EntityAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List entity definitions by name' })
  @ApiErrors(401, 403, 404)
  async list() {
    return { data: await this.entities.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One entity definition' })
  @ApiErrors(401, 403, 404)
  async get(@Param('name') name: string) {
    return { data: await this.entities.get(name) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an entity and its table' })
  @ApiBody({ type: EntityDefinitionDoc })
  @ApiResponse({ status: 201, description: 'The normalised definition' })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async create(@Body() body: unknown) {
    return { data: await this.entities.create(requireObjectBody(body)) };
  }

  @Put(':name')
  @ApiOperation({ summary: 'Replace an entity definition; the table is migrated (columns are never dropped)' })
  @ApiBody({ type: EntityDefinitionDoc })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('name') name: string, @Body() body: unknown) {
    return { data: await this.entities.update(name, requireObjectBody(body)) };
  }

  @Delete(':name')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete an entity definition and its relations (the table stays)' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('name') name: string) {
    return { data: await this.entities.delete(name) };
  }
}
