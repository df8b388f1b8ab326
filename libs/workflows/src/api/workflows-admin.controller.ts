import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { WorkflowAdminService } from './workflow-admin.service';
import { WorkflowBodyDoc } from './workflow-docs';

/** `/api/:app/_admin/workflows` (05 §3), admins only. */
@ApiTags('Admin: workflows')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/workflows')
export class WorkflowsAdminController {
  constructor(private readonly workflows: WorkflowAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List workflows by name' })
  @ApiQuery({ name: 'entity', required: false, description: 'Trigger entity' })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiErrors(400, 401, 403, 404)
  async list(@Query() query: Record<string, unknown>) {
    return { data: await this.workflows.list(query) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One workflow' })
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string) {
    return { data: await this.workflows.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a workflow (validated, expressions compiled, before it is stored)' })
  @ApiBody({ type: WorkflowBodyDoc })
  @ApiResponse({
    status: 201,
    description:
      'The stored workflow, gotos in canonical form; `meta.warnings` lists unreachable steps and suspicious cycles',
  })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async create(@Body() body: unknown) {
    return this.workflows.create(requireObjectBody(body));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a workflow (running instances keep the definition they started with)' })
  @ApiBody({ type: WorkflowBodyDoc })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('id') id: string, @Body() body: unknown) {
    return this.workflows.update(id, requireObjectBody(body));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a workflow; its running instances are cancelled' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('id') id: string) {
    return { data: await this.workflows.delete(id) };
  }
}
