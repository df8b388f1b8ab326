import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { RocketRequest } from './request-state';
import { TenancyService } from './tenancy.service';

/**
 * Resolves `/api/:app` once per request (before authentication, 08 §4):
 * unknown or inactive apps answer 404 APP_NOT_FOUND. The app is counted as
 * in use until the response is finished, so it is not evicted under us.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(private readonly tenancy: TenancyService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RocketRequest>();
    const app = req.params?.app;
    if (app === undefined || req.rocketTenant) return true;
    // `_platform` and friends are fixed route prefixes, never apps: a method
    // they do not serve is an unknown route, not an unknown app.
    if (app.startsWith('_')) throw Errors.routeNotFound();
    const tenant = await this.tenancy.resolve(app);
    req.rocketTenant = tenant;
    const scope = this.tenancy.currentScope();
    if (scope) scope.tenant = tenant;
    const release = this.tenancy.enter(tenant);
    const raw = context.switchToHttp().getResponse<{ raw: NodeJS.EventEmitter }>().raw;
    raw.once('finish', release);
    raw.once('close', release);
    return true;
  }
}
