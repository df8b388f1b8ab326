import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors } from '@rocket/http';
import { TransferService } from './transfer.service';

/** `/api/:app/_admin/export` and `/import` (01 §8), admins only. */
@ApiTags('Admin: export / import')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin')
export class TransferController {
  constructor(private readonly transfer: TransferService) {}

  @Get('export')
  @ApiOperation({ summary: 'Every kind of metadata of the app as one JSON document (no ids, no data)' })
  @ApiErrors(401, 403, 404)
  async export() {
    return { data: await this.transfer.export() };
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import an export document (up to 10 MiB): validated first, applied in one transaction, idempotent',
  })
  @ApiBody({ schema: { type: 'object', properties: { version: { type: 'integer', example: 1 } } } })
  @ApiErrors(400, 401, 403, 404, 413, 422)
  async import(@Body() body: unknown) {
    return { data: await this.transfer.import(body) };
  }
}
