import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { slugify, slugSourceFor, uniqueSlug } from '../slug';
import { WriteContext } from '../write-context';
import { writeShapeOf } from '../write-shape';
import { WriteStage } from './write-stage';

/**
 * 04 §3.1 step 9: slug generation (02 §6.4) from the slug source on create,
 * and on update with `regenerate_on_update` when the source changed. A
 * generated slug is unique among live rows (the record itself excluded).
 */
@Injectable()
export class GenerateSlugStage implements WriteStage {
  async run(ctx: WriteContext): Promise<void> {
    const slug = writeShapeOf(ctx.entity).slug;
    if (!slug || ctx.action === 'delete') return;
    const text = slugSourceFor(slug, { action: ctx.action, values: ctx.values, current: ctx.current });
    if (text !== undefined) {
      const exclude = ctx.action === 'update' ? ctx.requirePk() : undefined;
      ctx.values.set(slug.field.name, await uniqueSlug(ctx.trx, ctx.entity, slug.field, slugify(text), exclude));
      return;
    }
    // Exempt from the create-time `required` check because it has a source
    // (01 §2.6) — but with an empty source there is nothing to derive it from.
    const given = ctx.values.get(slug.field.name);
    if (ctx.action === 'create' && slug.field.effectivelyRequired && (given == null || given === '')) {
      const name = slug.field.name;
      throw Errors.validation([{ field: ctx.pathOf(name), rule: 'required', message: `${name} is required` }]);
    }
  }
}
