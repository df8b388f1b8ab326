import { Errors } from '@rocket/errors';
import { RuleFilter } from '../rules.repository';

const TEXT_FILTERS = ['entity', 'hook', 'type'] as const;

/**
 * The query filters of `GET /rules` (04 §1.9): `entity`, `hook`, `type`
 * match exactly, `active` is `true` or `false`. A repeated or malformed
 * parameter is a 400 (00-README); other parameters are not ours.
 */
export function parseRuleFilter(query: Record<string, unknown>): RuleFilter {
  const filter: RuleFilter = {};
  for (const key of TEXT_FILTERS) {
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw Errors.invalidPayload(`Query parameter ${key} must be given once`);
    filter[key] = value;
  }
  const active = query.active;
  if (active !== undefined) {
    if (active !== 'true' && active !== 'false')
      throw Errors.invalidPayload('Query parameter active must be true or false');
    filter.active = active === 'true';
  }
  return filter;
}
