import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { BulkInviteDto, CreateInviteDto } from '../dto/users.dto';
import { InvitesService } from './invites.service';

/** `/api/:app/_admin/invites` (07 §9.2–9.4), admins only. */
@ApiTags('Admin: invites')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Get()
  @ApiOperation({ summary: 'List invites, newest first, with their status (never their tokens)' })
  @ApiErrors(401, 403, 404)
  async list() {
    return { data: await this.invites.list() };
  }

  @Post()
  @ApiOperation({ summary: 'Invite an e-mail; the token is in this answer only' })
  @ApiBody({ type: CreateInviteDto })
  @ApiResponse({ status: 201, description: 'The invite with its token' })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async create(@Body() body: unknown) {
    return { data: await this.invites.create(requireObjectBody(body)) };
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Invite up to 500 e-mails; each is created or skipped with a reason' })
  @ApiBody({ type: BulkInviteDto })
  @ApiResponse({ status: 200, description: '{created, skipped, summary}' })
  @ApiErrors(400, 401, 403, 404, 422)
  async bulk(@Body() body: unknown) {
    return { data: await this.invites.bulk(requireObjectBody(body)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an invite (any state)' })
  @ApiErrors(401, 403, 404)
  async delete(@Param('id') id: string) {
    return { data: await this.invites.delete(id) };
  }
}
