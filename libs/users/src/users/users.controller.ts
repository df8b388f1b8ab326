import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { CreateUserDto, UpdateUserDto, UserResponse } from '../dto/users.dto';
import { UsersAdminService } from './users-admin.service';

/** `/api/:app/_admin/users` (07 §7), admins only. */
@ApiTags('Admin: users')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/users')
export class UsersController {
  constructor(private readonly users: UsersAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List users by e-mail' })
  @ApiErrors(401, 403, 404)
  async list() {
    return { data: await this.users.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string) {
    return { data: await this.users.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiBody({ type: CreateUserDto })
  @ApiResponse({ status: 201, type: UserResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async create(@Body() body: unknown) {
    return { data: await this.users.create(requireObjectBody(body)) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a user (partial); e-mail, password, roles or active changes end its sessions' })
  @ApiBody({ type: UpdateUserDto })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('id') id: string, @Body() body: unknown) {
    return { data: await this.users.update(id, requireObjectBody(body)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a user (the last active admin cannot go)' })
  @ApiErrors(401, 403, 404, 409)
  async delete(@Param('id') id: string) {
    return { data: await this.users.delete(id) };
  }
}
