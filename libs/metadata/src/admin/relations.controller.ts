import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { RelationDefinitionDoc } from './admin-docs';
import { RelationAdminService } from './relation-admin.service';

/** `/api/:app/_admin/relations` (01 §7), admins only. */
@ApiTags('Admin: relations')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/relations')
export class RelationsController {
  constructor(private readonly relations: RelationAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List relation definitions by name' })
  @ApiErrors(401, 403, 404)
  async list() {
    return { data: await this.relations.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One relation definition' })
  @ApiErrors(401, 403, 404)
  async get(@Param('name') name: string) {
    return { data: await this.relations.get(name) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a relation (indexes, join table)' })
  @ApiBody({ type: RelationDefinitionDoc })
  @ApiResponse({ status: 201, description: 'The normalised definition' })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async create(@Body() body: unknown) {
    return { data: await this.relations.create(requireObjectBody(body)) };
  }

  @Put(':name')
  @ApiOperation({ summary: 'Replace a relation definition (type, source, target and join keys are immutable)' })
  @ApiBody({ type: RelationDefinitionDoc })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('name') name: string, @Body() body: unknown) {
    return { data: await this.relations.update(name, requireObjectBody(body)) };
  }

  @Delete(':name')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a relation definition (tables stay)' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('name') name: string) {
    return { data: await this.relations.delete(name) };
  }
}
