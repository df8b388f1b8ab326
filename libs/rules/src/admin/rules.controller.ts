import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { RuleBodyDoc } from './rule-docs';
import { RuleAdminService } from './rule-admin.service';

/** `/api/:app/_admin/rules` (04 §1.9), admins only. */
@ApiTags('Admin: rules')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/rules')
export class RulesController {
  constructor(private readonly rules: RuleAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List rules by entity, priority, created_at' })
  @ApiQuery({ name: 'entity', required: false })
  @ApiQuery({ name: 'hook', required: false, enum: ['before_write', 'before_delete'] })
  @ApiQuery({ name: 'type', required: false, enum: ['field', 'expression', 'computed'] })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiErrors(400, 401, 403, 404)
  async list(@Query() query: Record<string, unknown>) {
    return { data: await this.rules.list(query) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rule' })
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string) {
    return { data: await this.rules.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a rule (validated and compiled before it is stored)' })
  @ApiBody({ type: RuleBodyDoc })
  @ApiResponse({ status: 201, description: 'The stored rule' })
  @ApiErrors(400, 401, 403, 404, 422)
  async create(@Body() body: unknown) {
    return { data: await this.rules.create(requireObjectBody(body)) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a rule (missing keys take their defaults)' })
  @ApiBody({ type: RuleBodyDoc })
  @ApiErrors(400, 401, 403, 404, 422)
  async update(@Param('id') id: string, @Body() body: unknown) {
    return { data: await this.rules.update(id, requireObjectBody(body)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a rule' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('id') id: string) {
    return { data: await this.rules.delete(id) };
  }
}
