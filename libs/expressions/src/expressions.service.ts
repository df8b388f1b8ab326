import { Injectable } from '@nestjs/common';
import { RegistryService } from '@rocket/metadata';
import { CheckResult, checkExpression } from './check/check-expression';

/** The check endpoint's logic against the current app's registry (03 §13). */
@Injectable()
export class ExpressionsService {
  constructor(private readonly registry: RegistryService) {}

  check(body: Record<string, unknown>): CheckResult {
    const entities = this.registry.current().entities;
    return checkExpression(body, (name) => entities.get(name));
  }
}
