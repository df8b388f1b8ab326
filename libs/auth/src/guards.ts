import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Errors } from '@rocket/errors';
import { hasRole, Principal, RocketRequest, TenancyService, TenantContext } from '@rocket/tenancy';
import { parseBearer } from './bearer';
import { VerifiedTokens } from './verified-tokens';

type GuardedRequest = RocketRequest & { rocketBearer?: string; user?: Principal };

const appTokenCaches = new WeakMap<TenantContext, VerifiedTokens>();
const platformTokens = new VerifiedTokens();

/** The verified-token cache for a request: the app's own, or the platform's. */
function tokenCache(req: GuardedRequest): VerifiedTokens {
  const tenant = req.rocketTenant;
  if (!tenant) return platformTokens;
  let cache = appTokenCaches.get(tenant);
  if (!cache) appTokenCaches.set(tenant, (cache = new VerifiedTokens()));
  return cache;
}

/**
 * Passport guard with the exact 401 messages of 07 §4. A token verified
 * before (same app context, not expired) is taken from the cache.
 */
function bearerGuard(strategy: string) {
  @Injectable()
  class BearerGuard extends AuthGuard(strategy) {
    constructor(readonly tenancy: TenancyService) {
      super();
    }

    override async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = context.switchToHttp().getRequest<GuardedRequest>();
      const token = parseBearer(req.headers.authorization);
      const cache = tokenCache(req);
      let principal = cache.get(token);
      if (!principal) {
        req.rocketBearer = token;
        await super.canActivate(context);
        principal = req.user!;
        cache.set(token, principal);
      }
      req.rocketPrincipal = principal;
      const scope = this.tenancy.currentScope();
      if (scope) scope.principal = principal;
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
