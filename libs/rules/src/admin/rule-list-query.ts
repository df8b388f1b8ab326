import { booleanParam, singleParam } from '@rocket/http';
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
    const value = singleParam(query, key);
    if (value !== undefined) filter[key] = value;
  }
  const active = booleanParam(query, 'active');
  if (active !== undefined) filter.active = active;
  return filter;
}
