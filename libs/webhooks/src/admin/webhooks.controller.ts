import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { WEBHOOK_HOOKS } from '../webhook.types';
import { WebhookAdminService } from './webhook-admin.service';
import { WebhookBodyDoc } from './webhook-docs';

/** `/api/:app/_admin/webhooks` (06 §7.1), admins only. */
@ApiTags('Admin: webhooks')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List webhooks by entity, hook, created_at' })
  @ApiQuery({ name: 'entity', required: false })
  @ApiQuery({ name: 'hook', required: false, enum: WEBHOOK_HOOKS })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiErrors(400, 401, 403, 404)
  async list(@Query() query: Record<string, unknown>) {
    return { data: await this.webhooks.list(query) };
  }

  @Get('signing-key')
  @ApiOperation({ summary: 'The key receivers use to verify X-Rocket-Signature' })
  @ApiErrors(401, 403, 404)
  signingKey() {
    return { data: this.webhooks.signingKey() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook' })
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string) {
    return { data: await this.webhooks.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a webhook (validated, condition compiled, before it is stored)' })
  @ApiBody({ type: WebhookBodyDoc })
  @ApiResponse({ status: 201, description: 'The stored webhook' })
  @ApiErrors(400, 401, 403, 404, 422)
  async create(@Body() body: unknown) {
    return { data: await this.webhooks.create(requireObjectBody(body)) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a webhook (missing keys take their defaults)' })
  @ApiBody({ type: WebhookBodyDoc })
  @ApiErrors(400, 401, 403, 404, 422)
  async update(@Param('id') id: string, @Body() body: unknown) {
    return { data: await this.webhooks.update(id, requireObjectBody(body)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a webhook; its queued deliveries are marked failed' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('id') id: string) {
    return { data: await this.webhooks.delete(id) };
  }
}
