import { Principal } from '@rocket/tenancy';
import { PolicySet } from '../compile/policy-set';
import { StoredCondition } from '../permission.types';
import { entityOf, policy, registry, USER_ID } from '../testing/fixtures';
import { grantFor } from './grant';
import { resolvePolicies, templateScope } from './resolve-conditions';
import { rowMatches } from './row-match';

const user: Principal = { kind: 'app', id: USER_ID, email: 'ann@example.com', roles: ['staff'] };
const NOW = new Date('2025-06-01T12:00:00.000Z');

function matcher(policies: StoredCondition[][], who: Principal = user) {
  const set = PolicySet.compile(
    registry,
    policies.map((conditions) => policy('doc', 'update', ['staff'], conditions)),
  );
  const grant = grantFor(set, who, 'doc', 'update');
  if (grant.all) throw new Error('expected conditions');
  const resolved = resolvePolicies(grant.policies, templateScope(who, NOW));
  return (row: Record<string, unknown>) => rowMatches(resolved, entityOf('doc'), row);
}

describe('rowMatches: the in-memory twin of the read filter (07 §6.3–6.4)', () => {
  it('checks the row it is given: the stored row, not what the payload would make of it', () => {
    const draftsOnly = matcher([[{ field: 'department', operator: 'eq', value: 'draft' }]]);
    expect(draftsOnly({ department: 'draft' })).toBe(true);
    expect(draftsOnly({ department: 'published' })).toBe(false);
  });

  it('ANDs within a policy and ORs across policies', () => {
    const match = matcher([
      [
        { field: 'department', operator: 'eq', value: 'finance' },
        { field: 'pages', operator: 'lt', value: 10 },
      ],
      [{ field: 'secret', operator: 'eq', value: true }],
    ]);
    expect(match({ department: 'finance', pages: 3, secret: false })).toBe(true);
    expect(match({ department: 'finance', pages: 30, secret: false })).toBe(false);
    expect(match({ department: 'ops', pages: 30, secret: true })).toBe(true);
  });

  it('a field absent from the row makes its condition false (a create payload without it)', () => {
    const match = matcher([[{ field: 'owner_id', operator: 'eq', value: null }]]);
    expect(match({ owner_id: null })).toBe(true);
    expect(match({ title: 'no owner key' })).toBe(false);
  });

  it('owner-only through {{ user.id }}; a principal without an id owns nothing', () => {
    const ownerOnly = [[{ field: 'owner_id', operator: 'eq', value: '{{ user.id }}' } as StoredCondition]];
    expect(matcher(ownerOnly)({ owner_id: USER_ID })).toBe(true);
    expect(matcher(ownerOnly)({ owner_id: '11111111-1111-4111-8111-111111111111' })).toBe(false);
    expect(matcher(ownerOnly, { ...user, id: null })({ owner_id: null })).toBe(false);
  });

  it('reads driver values as their types (03 §4.1): NUMERIC text, Date objects, dates', () => {
    const match = matcher([
      [
        { field: 'price', operator: 'gte', value: 10 },
        { field: 'published_at', operator: 'lt', value: '2025-01-02' },
        { field: 'due', operator: 'eq', value: '2025-03-01' },
        { field: 'size', operator: 'in', value: ['7', 8] },
      ],
    ]);
    const row = { price: '10.50', published_at: new Date('2025-01-01T23:59:59Z'), due: '2025-03-01', size: '7' };
    expect(match(row)).toBe(true);
    expect(match({ ...row, price: '9.99' })).toBe(false);
  });

  it('not_in and neq never match a null column, as in SQL', () => {
    expect(matcher([[{ field: 'department', operator: 'not_in', value: ['hr'] }]])({ department: null })).toBe(false);
    expect(matcher([[{ field: 'department', operator: 'neq', value: 'hr' }]])({ department: null })).toBe(false);
    expect(matcher([[{ field: 'department', operator: 'neq', value: 'hr' }]])({ department: 'ops' })).toBe(true);
  });

  it('like is case-sensitive with % and _', () => {
    const match = matcher([[{ field: 'title', operator: 'like', value: 'Q_ %' }]]);
    expect(match({ title: 'Q1 report' })).toBe(true);
    expect(match({ title: 'q1 report' })).toBe(false);
  });
});
