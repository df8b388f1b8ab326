import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { AcceptInviteDto } from '../dto/users.dto';
import { AcceptInviteService } from './accept-invite.service';

/** `POST /api/:app/auth/accept-invite` (07 §9.5): public, like login. */
@ApiTags('App auth')
@ApiParam({ name: 'app', description: 'App name' })
@Controller('api/:app/auth')
export class AcceptInviteController {
  constructor(private readonly invites: AcceptInviteService) {}

  @Post('accept-invite')
  @ApiOperation({ summary: 'Accept an invite with a password: the user is created and signed in' })
  @ApiBody({ type: AcceptInviteDto })
  @ApiResponse({ status: 201, description: 'A token pair (07 §2.3)' })
  @ApiErrors(400, 404, 409, 422)
  async accept(@Param('app') _app: string, @Body() body: unknown) {
    return { data: await this.invites.accept(requireObjectBody(body)) };
  }
}
