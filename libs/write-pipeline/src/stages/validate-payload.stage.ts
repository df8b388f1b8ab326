import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { planWrite } from '../nested/write-planner';
import { requirePayloadObject } from '../payload-validator';
import { WriteContext } from '../write-context';
import { WriteStage } from './write-stage';
import { WriteHooks } from '../write-hooks';

/**
 * 04 §3.1 step 3: the body is a JSON object (else 400), then every key and
 * value of the whole payload tree is classified, coerced and checked and the
 * nested writes are planned (02 §7.2 phase 1); all problems → one 422.
 */
@Injectable()
export class ValidatePayloadStage implements WriteStage {
  constructor(private readonly hooks: WriteHooks) {}

  run(ctx: WriteContext): void {
    if (ctx.action === 'delete') throw new Error('A delete has no payload to validate');
    const body = requirePayloadObject(ctx.body);
    const registry = ctx.target.registry;
    const { plan, problems } = planWrite(registry, ctx.entity, body, {
      mode: ctx.action,
      requiredExempt: (entity) => this.hooks.requiredExempt(entity, registry),
    });
    if (problems.length > 0) throw Errors.validation([...problems]);
    ctx.usePlan(plan);
  }
}
