import { ErrorDetail } from '@rocket/errors';
import { CompiledEntity } from '@rocket/metadata';
import { WriteContext } from '@rocket/write-pipeline';

/**
 * The required fields an active computed rule could fill (04 §1.4). While a
 * snapshot's rule set is still being compiled they are all exempted from the
 * payload's `required` check, and checked once the set is known.
 */
export function possibleComputedTargets(entity: CompiledEntity): string[] {
  return entity.fields
    .filter((f) => f.effectivelyRequired && !f.isPk && !f.auto && f.kind !== 'file' && f.name !== 'deleted_at')
    .map((f) => f.name);
}

/**
 * The `required` check of 02 §6.2 for the provisionally exempted fields
 * that are not computed targets after all, run after the computed rules:
 * creates check the proposed record, updates the payload's keys. Fields
 * that another hook fills (state machines) or a slug source generates are
 * left to them.
 */
export function provisionalRequiredDetails(
  ctx: WriteContext,
  targets: ReadonlySet<string>,
  filledElsewhere: ReadonlySet<string>,
): ErrorDetail[] {
  const slug = ctx.entity.def.slug;
  const details: ErrorDetail[] = [];
  for (const name of possibleComputedTargets(ctx.entity)) {
    if (targets.has(name) || filledElsewhere.has(name) || (slug?.source && slug.field === name)) continue;
    if (ctx.action === 'update' && !ctx.values.has(name)) continue;
    const value = ctx.values.get(name);
    if (value === null || value === undefined || value === '') {
      details.push({ field: ctx.pathOf(name), rule: 'required', message: `${name} is required` });
    }
  }
  return details;
}
