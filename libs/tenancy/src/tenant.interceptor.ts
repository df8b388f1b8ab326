import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { RocketRequest } from './request-state';
import { TenancyService } from './tenancy.service';

/** Runs the handler inside the request's tenant scope (async-local storage). */
@Injectable()
export class TenantInterceptor implements NestInterceptor {
  constructor(private readonly tenancy: TenancyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RocketRequest>();
    const tenant = req.rocketTenant;
    if (!tenant) return next.handle();
    const scope = { tenant, principal: req.rocketPrincipal };
    return new Observable((subscriber) => this.tenancy.runInScope(scope, () => next.handle().subscribe(subscriber)));
  }
}
