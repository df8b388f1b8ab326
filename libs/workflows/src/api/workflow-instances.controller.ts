import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors } from '@rocket/http';
import { DecisionBodyDoc } from './workflow-docs';
import { WorkflowInstancesService } from './workflow-instances.service';

/** `/api/:app/_workflows` (05 §6): instances, approvals. Fixed paths before `/:id`. */
@ApiTags('Workflows')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard)
@Controller('api/:app/_workflows')
export class WorkflowInstancesController {
  constructor(private readonly instances: WorkflowInstancesService) {}

  @Get('pending')
  @ApiOperation({
    summary: 'Running instances waiting for an approval the caller may decide (admins: all), newest first',
  })
  @ApiQuery({ name: 'workflow', required: false })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'per_page', required: false, description: 'Default 50, at most 200' })
  @ApiErrors(400, 401, 404)
  async pending(@Query() query: Record<string, unknown>) {
    return this.instances.pending(query);
  }

  @Get()
  @UseGuards(AdminGuard)
  @ApiOperation({ summary: 'All instances, newest first (admins)' })
  @ApiQuery({ name: 'status', required: false, enum: ['running', 'completed', 'failed', 'cancelled'] })
  @ApiQuery({ name: 'workflow', required: false })
  @ApiQuery({ name: 'entity', required: false })
  @ApiQuery({ name: 'record_id', required: false })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'per_page', required: false, description: 'Default 50, at most 200' })
  @ApiErrors(400, 401, 403, 404)
  async list(@Query() query: Record<string, unknown>) {
    return this.instances.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One instance (admins, its possible deciders, earlier deciders)' })
  @ApiErrors(401, 404)
  async get(@Param('id') id: string) {
    return { data: await this.instances.get(id) };
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve the current approval step, then advance the instance' })
  @ApiBody({ type: DecisionBodyDoc, required: false })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async approve(@Param('id') id: string, @Body() body: unknown) {
    return { data: await this.instances.decide(id, 'approved', body) };
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject the current approval step, then advance the instance' })
  @ApiBody({ type: DecisionBodyDoc, required: false })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async reject(@Param('id') id: string, @Body() body: unknown) {
    return { data: await this.instances.decide(id, 'rejected', body) };
  }

  @Delete(':id')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  @ApiOperation({ summary: 'Delete an instance (admins)' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('id') id: string) {
    return { data: await this.instances.delete(id) };
  }
}
