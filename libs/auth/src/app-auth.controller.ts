import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Errors } from '@rocket/errors';
import { ApiErrors, requireObjectBody } from '@rocket/http';
import { Principal, RocketRequest, TenancyService } from '@rocket/tenancy';
import {
  ChangePasswordDto,
  LoginDto,
  MeResponse,
  MessageResponse,
  RefreshDto,
  TokenPairResponse,
} from './dto/auth.dto';
import { AppAuthGuard } from './guards';
import { RealmsService } from './realms.service';
import { SessionService } from './session.service';

/** Sign-in for an app's own users (07 §3). */
@ApiTags('App auth')
@ApiParam({ name: 'app', description: 'App name' })
@Controller('api/:app/auth')
export class AppAuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly realms: RealmsService,
    private readonly tenancy: TenancyService,
  ) {}

  private realm() {
    return this.realms.app(this.tenancy.current());
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 404, 429)
  async login(@Param('app') _app: string, @Body() body: unknown) {
    return { data: await this.sessions.login(this.realm(), requireObjectBody(body)) };
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (single use; reuse ends the session)' })
  @ApiBody({ type: RefreshDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 404)
  async refresh(@Body() body: unknown) {
    return { data: await this.sessions.refresh(this.realm(), requireObjectBody(body)) };
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiBody({ type: RefreshDto })
  @ApiOkResponse({ type: MessageResponse })
  @ApiErrors(400, 401, 404)
  logout(@Body() body: unknown) {
    return this.sessions.logout(this.realm(), requireObjectBody(body));
  }

  @Get('me')
  @UseGuards(AppAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in app user' })
  @ApiOkResponse({ type: MeResponse })
  @ApiErrors(401, 403, 404)
  async me(@Req() req: RocketRequest) {
    return { data: await this.sessions.me(this.realm(), appUser(req.rocketPrincipal)) };
  }

  @Post('change-password')
  @HttpCode(200)
  @UseGuards(AppAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the own password; ends every other session' })
  @ApiBody({ type: ChangePasswordDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 403, 422, 429)
  async changePassword(@Req() req: RocketRequest, @Body() body: unknown) {
    const userId = appUser(req.rocketPrincipal);
    return { data: await this.sessions.changePassword(this.realm(), userId, requireObjectBody(body)) };
  }
}

/** `/auth/me` and change-password are for app users only (07 §3.4). */
function appUser(principal: Principal | undefined): string {
  if (principal?.kind !== 'app' || !principal.id) throw Errors.forbidden('App user token required');
  return principal.id;
}
