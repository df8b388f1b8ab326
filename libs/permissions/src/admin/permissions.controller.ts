import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { PermissionAdminService } from './permission-admin.service';
import { PermissionBodyDoc } from './permission-docs';

/** `/api/:app/_admin/permissions` (07 §8), admins only. */
@ApiTags('Admin: permissions')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/permissions')
export class PermissionsController {
  constructor(private readonly permissions: PermissionAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List policies by entity, action, created_at' })
  @ApiErrors(401, 403, 404)
  async list() {
    return { data: await this.permissions.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One policy' })
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string) {
    return { data: await this.permissions.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a policy (validated against the entity before it is stored)' })
  @ApiBody({ type: PermissionBodyDoc })
  @ApiResponse({ status: 201, description: 'The stored policy' })
  @ApiErrors(400, 401, 403, 404, 422)
  async create(@Body() body: unknown) {
    return { data: await this.permissions.create(requireObjectBody(body)) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a policy' })
  @ApiBody({ type: PermissionBodyDoc })
  @ApiErrors(400, 401, 403, 404, 422)
  async update(@Param('id') id: string, @Body() body: unknown) {
    return { data: await this.permissions.update(id, requireObjectBody(body)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a policy' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('id') id: string) {
    return { data: await this.permissions.delete(id) };
  }
}
