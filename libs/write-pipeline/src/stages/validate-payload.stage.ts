import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { requirePayloadObject, validatePayload } from '../payload-validator';
import { WriteContext } from '../write-context';
import { WriteStage } from './write-stage';

/**
 * 04 §3.1 step 3: the body is a JSON object (else 400), then every key and
 * value is classified, coerced and checked; all problems → one 422.
 */
@Injectable()
export class ValidatePayloadStage implements WriteStage {
  run(ctx: WriteContext): void {
    if (ctx.action === 'delete') throw new Error('A delete has no payload to validate');
    const body = requirePayloadObject(ctx.body);
    const payload = validatePayload(ctx.target.registry, ctx.entity, body, { mode: ctx.action });
    if (payload.problems.length > 0) throw Errors.validation([...payload.problems]);
    ctx.payload = payload;
    for (const [name, value] of payload.values) ctx.values.set(name, value);
  }
}
