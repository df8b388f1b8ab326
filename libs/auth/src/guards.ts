import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Errors } from '@rocket/errors';
import { hasRole, Principal, RocketRequest } from '@rocket/tenancy';
import { parseBearer } from './bearer';

type GuardedRequest = RocketRequest & { rocketBearer?: string; user?: Principal };

/** Passport guard with the exact 401 messages of 07 §4. */
function bearerGuard(strategy: string) {
  class BearerGuard extends AuthGuard(strategy) {
    override async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = context.switchToHttp().getRequest<GuardedRequest>();
      req.rocketBearer = parseBearer(req.headers.authorization);
      await super.canActivate(context);
      req.rocketPrincipal = req.user;
      return true;
    }

    override handleRequest<T>(err: unknown, user: T): T {
      if (err) throw err instanceof Error ? err : Errors.unauthorized('Invalid or expired token');
      if (!user) throw Errors.unauthorized('Invalid or expired token');
      return user;
    }
  }
  return BearerGuard;
}

/** App routes: this app's token, or a platform admin's token (08 §6). */
@Injectable()
export class AppAuthGuard extends bearerGuard('rocket-app') {}

/** Platform routes: any platform token. */
@Injectable()
export class PlatformAuthGuard extends bearerGuard('rocket-platform') {}

/** After PlatformAuthGuard: the caller must be a platform admin (08 §2). */
@Injectable()
export class PlatformAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<GuardedRequest>().rocketPrincipal;
    if (!hasRole(principal, 'platform_admin')) throw Errors.forbidden('Platform admin access required');
    return true;
  }
}

/** After AppAuthGuard: the caller must hold `admin` (07 §4). */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<GuardedRequest>().rocketPrincipal;
    if (!hasRole(principal, 'admin')) throw Errors.forbidden('Admin access required');
    return true;
  }
}
