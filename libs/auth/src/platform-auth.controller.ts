import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Errors } from '@rocket/errors';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { RocketRequest } from '@rocket/tenancy';
import { ChangePasswordDto, LoginDto, MessageResponse, RefreshDto, TokenPairResponse } from './dto/auth.dto';
import { PlatformAuthGuard } from './guards';
import { RealmsService } from './realms.service';
import { SessionService } from './session.service';

/** Sign-in for platform operators (08 §2). */
@ApiTags('Platform auth')
@Controller('api/_platform/auth')
export class PlatformAuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly realms: RealmsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in as a platform operator' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 429)
  async login(@Body() body: unknown) {
    return { data: await this.sessions.login(this.realms.platform(), requireObjectBody(body)) };
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a platform refresh token' })
  @ApiBody({ type: RefreshDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401)
  async refresh(@Body() body: unknown) {
    return { data: await this.sessions.refresh(this.realms.platform(), requireObjectBody(body)) };
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a platform session' })
  @ApiBody({ type: RefreshDto })
  @ApiOkResponse({ type: MessageResponse })
  @ApiErrors(400, 401)
  logout(@Body() body: unknown) {
    return this.sessions.logout(this.realms.platform(), requireObjectBody(body));
  }

  @Post('change-password')
  @HttpCode(200)
  @UseGuards(PlatformAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the own platform password; ends every other session' })
  @ApiBody({ type: ChangePasswordDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 422, 429)
  async changePassword(@Req() req: RocketRequest, @Body() body: unknown) {
    const id = req.rocketPrincipal?.id;
    if (!id) throw Errors.unauthorized('Invalid or expired token');
    return { data: await this.sessions.changePassword(this.realms.platform(), id, requireObjectBody(body)) };
  }
}
