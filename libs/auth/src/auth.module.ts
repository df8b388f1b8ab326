import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { JobsModule } from '@rocket/jobs';
import { AppAuthController } from './app-auth.controller';
import { AppJwtStrategy } from './app-jwt.strategy';
import { AuthSchema } from './auth-schema';
import { CredentialsRepository } from './credentials.repository';
import { AdminGuard, AppAuthGuard, PlatformAdminGuard, PlatformAuthGuard } from './guards';
import { LoginThrottle } from './login-throttle.service';
import { PasswordService } from './password.service';
import { PlatformAuthController } from './platform-auth.controller';
import { PlatformJwtStrategy } from './platform-jwt.strategy';
import { RealmsService } from './realms.service';
import { SessionService } from './session.service';
import { TokenCleanupService } from './token-cleanup.service';
import { TokenService } from './token.service';

/** Identity: users, sessions, tokens and the guards every other module uses. */
@Module({
  imports: [PassportModule, JwtModule.register({}), JobsModule],
  controllers: [PlatformAuthController, AppAuthController],
  providers: [
    AuthSchema,
    CredentialsRepository,
    PasswordService,
    TokenService,
    LoginThrottle,
    SessionService,
    RealmsService,
    AppJwtStrategy,
    PlatformJwtStrategy,
    AppAuthGuard,
    PlatformAuthGuard,
    PlatformAdminGuard,
    AdminGuard,
    TokenCleanupService,
  ],
  exports: [
    PasswordService,
    SessionService,
    RealmsService,
    AppAuthGuard,
    PlatformAuthGuard,
    PlatformAdminGuard,
    AdminGuard,
  ],
})
export class AuthModule {}
