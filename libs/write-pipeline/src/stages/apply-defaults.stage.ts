import { Injectable } from '@nestjs/common';
import { WriteContext } from '../write-context';
import { writeShapeOf } from '../write-shape';
import { WriteStage } from './write-stage';

/**
 * 04 §3.1 step 6 (create): absent fields with a `default` get it (02 §6.3).
 * An explicit `null` is not absent. The state-machine stage (later issue)
 * runs after this one and puts the initial state over a state field's default.
 */
@Injectable()
export class ApplyDefaultsStage implements WriteStage {
  run(ctx: WriteContext): void {
    if (ctx.action !== 'create') return;
    for (const [name, value] of writeShapeOf(ctx.entity).defaults) {
      if (!ctx.values.has(name)) ctx.values.set(name, typeof value === 'object' ? structuredClone(value) : value);
    }
  }
}
