import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { Errors } from '@rocket/errors';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { StateMachineDoc } from './state-machine-docs';
import { StateMachineAdminService } from './state-machine-admin.service';

/** `/api/:app/_admin/state-machines` (04 §2.7), admins only. */
@ApiTags('Admin: state machines')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/state-machines')
export class StateMachinesController {
  constructor(private readonly machines: StateMachineAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List state machines by entity and field' })
  @ApiQuery({ name: 'entity', required: false })
  @ApiErrors(400, 401, 403, 404)
  async list(@Query('entity') entity?: unknown) {
    if (entity !== undefined && typeof entity !== 'string') throw Errors.invalidPayload('entity must be given once');
    return { data: await this.machines.list(entity) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One state machine' })
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string) {
    return { data: await this.machines.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a state machine on a string field of an entity' })
  @ApiBody({ type: StateMachineDoc })
  @ApiResponse({ status: 201, description: 'The stored machine' })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async create(@Body() body: unknown) {
    return { data: await this.machines.create(requireObjectBody(body)) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a state machine (stored records keep their states)' })
  @ApiBody({ type: StateMachineDoc })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('id') id: string, @Body() body: unknown) {
    return { data: await this.machines.update(id, requireObjectBody(body)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a state machine (stored records keep their states)' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('id') id: string) {
    return { data: await this.machines.delete(id) };
  }
}
