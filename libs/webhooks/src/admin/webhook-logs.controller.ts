import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors } from '@rocket/http';
import { DELIVERY_SOURCES, DELIVERY_STATUSES } from '../webhook.types';
import { WebhookLogAdminService } from './webhook-log-admin.service';

/** `/api/:app/_admin/webhook-logs` (06 §7.2), admins only. */
@ApiTags('Admin: webhooks')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/webhook-logs')
export class WebhookLogsController {
  constructor(private readonly logs: WebhookLogAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Delivery logs, newest first' })
  @ApiQuery({ name: 'webhook_id', required: false })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'entity', required: false })
  @ApiQuery({ name: 'source', required: false, enum: DELIVERY_SOURCES })
  @ApiQuery({ name: 'record_id', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO-8601, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601, inclusive' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'per_page', required: false, description: 'default 50, at most 200' })
  @ApiErrors(400, 401, 403, 404)
  list(@Query() query: Record<string, unknown>) {
    return this.logs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One delivery log' })
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string) {
    return { data: await this.logs.get(id) };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'One more attempt of a failed or retrying asynchronous delivery, now' })
  @ApiErrors(401, 403, 404, 422)
  async retry(@Param('id') id: string) {
    return { data: await this.logs.retry(id) };
  }
}
