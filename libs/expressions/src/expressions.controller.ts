import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { ExpressionsService } from './expressions.service';

/** `/api/:app/_admin/expressions` (03 §13), admins only. */
@ApiTags('Admin: expressions')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard, AdminGuard)
@Controller('api/:app/_admin/expressions')
export class ExpressionsController {
  constructor(private readonly expressions: ExpressionsService) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compile, and with `env` evaluate, an expression of a given kind' })
  @ApiErrors(400, 401, 403, 422)
  check(@Body() body: unknown) {
    return { data: this.expressions.check(requireObjectBody(body)) };
  }
}
