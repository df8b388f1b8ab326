import { buildPageQuery, buildCountQuery, RowFilter } from '@rocket/query';
import { Principal } from '@rocket/tenancy';
import { PolicySet } from '../compile/policy-set';
import { StoredCondition } from '../permission.types';
import { entityOf, policy, registry, USER_ID } from '../testing/fixtures';
import { sqlOnlyDb } from '@rocket/database';
import { policiesFilter } from './condition-sql';
import { grantFor } from './grant';
import { resolvePolicies, templateScope } from './resolve-conditions';

const db = sqlOnlyDb();
const NOW = new Date('2025-06-01T12:00:00.000Z');
const user: Principal = { kind: 'app', id: USER_ID, email: 'ann@example.com', roles: ['staff', 'auditor'] };

/** The row filter a caller gets for `doc` reads under the given policies. */
function filterFor(policies: { roles: string[]; conditions: StoredCondition[] }[], who: Principal = user): RowFilter {
  const set = PolicySet.compile(
    registry,
    policies.map((p) => policy('doc', 'read', p.roles, p.conditions)),
  );
  const grant = grantFor(set, who, 'doc', 'read');
  if (grant.all) throw new Error('expected a conditional grant');
  return policiesFilter(resolvePolicies(grant.policies, templateScope(who, NOW)));
}

function where(filter: RowFilter) {
  const { sql, parameters } = db.selectFrom('docs').select('id').where(filter).compile();
  return { sql: sql.replace(/^select "id" from "docs" where /, ''), parameters };
}

const one = (conditions: StoredCondition[]) => where(filterFor([{ roles: ['staff'], conditions }]));

describe('read filters as SQL (07 §6.2)', () => {
  it.each<[string, StoredCondition, string, unknown[]]>([
    ['eq', { field: 'department', operator: 'eq', value: 'finance' }, '"department" = $1', ['finance']],
    ['eq null → IS NULL', { field: 'owner_id', operator: 'eq', value: null }, '"owner_id" is null', []],
    ['neq', { field: 'department', operator: 'neq', value: 'ops' }, '"department" <> $1', ['ops']],
    ['neq null → IS NOT NULL', { field: 'owner_id', operator: 'neq', value: null }, '"owner_id" is not null', []],
    ['gt (numeric text → number)', { field: 'pages', operator: 'gt', value: '10' }, '"pages" > $1', [10]],
    ['gte', { field: 'price', operator: 'gte', value: 9.5 }, '"price" >= $1', [9.5]],
    ['lt on a date', { field: 'due', operator: 'lt', value: '2025-03-01' }, '"due" < $1', ['2025-03-01']],
    [
      'lte on a timestamp (canonical UTC)',
      { field: 'published_at', operator: 'lte', value: '2025-01-01T10:00:00+02:00' },
      '"published_at" <= $1',
      ['2025-01-01T08:00:00.000Z'],
    ],
    ['eq on a boolean', { field: 'secret', operator: 'eq', value: false }, '"secret" = $1', [false]],
    [
      'in → one array parameter',
      { field: 'department', operator: 'in', value: ['finance', 'ops'] },
      '"department" = ANY($1)',
      [['finance', 'ops']],
    ],
    [
      'not_in excludes NULL rows, even for an empty list',
      { field: 'department', operator: 'not_in', value: ['hr', null] },
      '("department" IS NOT NULL AND "department" <> ALL($1))',
      [['hr']],
    ],
    ['like', { field: 'title', operator: 'like', value: 'Q_ %' }, '"title" like $1', ['Q_ %']],
    [
      'like on a uuid compares its text',
      { field: 'owner_id', operator: 'like', value: '5b7c%' },
      '"owner_id"::text LIKE $1',
      ['5b7c%'],
    ],
  ])('%s', (_label, condition, sql, parameters) => {
    expect(one([condition])).toEqual({ sql, parameters });
  });

  it('ANDs the conditions of a policy and ORs the policies (not the upstream AND of everything)', () => {
    const filter = filterFor([
      {
        roles: ['staff'],
        conditions: [
          { field: 'department', operator: 'eq', value: 'finance' },
          { field: 'secret', operator: 'eq', value: false },
        ],
      },
      { roles: ['auditor'], conditions: [{ field: 'pages', operator: 'lte', value: 3 }] },
      { roles: ['nobody'], conditions: [{ field: 'title', operator: 'eq', value: 'never applies' }] },
    ]);
    expect(where(filter)).toMatchInlineSnapshot(`
{
  "parameters": [
    "finance",
    false,
    3,
  ],
  "sql": "(("department" = $1 and "secret" = $2) or "pages" <= $3)",
}
`);
  });

  it('is ANDed after the soft-delete test and the request filters, in the page and the COUNT alike', () => {
    const filter = filterFor([
      { roles: ['staff'], conditions: [{ field: 'department', operator: 'eq', value: 'finance' }] },
    ]);
    const doc = entityOf('doc');
    const filters = [{ field: doc.fieldsByName.get('pages')!, op: 'gt' as const, value: 1 }];
    const page = buildPageQuery(db, doc, { filters, sort: [], page: 1, perPage: 25 }, filter).compile();
    const count = buildCountQuery(db, doc, filters, filter).compile();
    expect(page.sql).toContain('where "deleted_at" is null and "pages" > $1 and "department" = $2 order by');
    expect(count.sql).toBe(
      'select count(*) as "total" from "docs" where "deleted_at" is null and "pages" > $1 and "department" = $2',
    );
    expect(count.parameters).toEqual([1, 'finance']);
  });

  it('resolves {{ user.id }} into a parameter: owner-only access', () => {
    expect(one([{ field: 'owner_id', operator: 'eq', value: '{{ user.id }}' }])).toEqual({
      sql: '"owner_id" = $1',
      parameters: [USER_ID],
    });
    expect(one([{ field: 'department', operator: 'in', value: '{{ user.roles }}' }])).toEqual({
      sql: '"department" = ANY($1)',
      parameters: [['staff', 'auditor']],
    });
  });

  it.each<[string, StoredCondition, Principal]>([
    [
      'a template resolving to null (no user id)',
      { field: 'owner_id', operator: 'eq', value: '{{ user.id }}' },
      { ...user, id: null },
    ],
    ['a template result the column cannot hold', { field: 'pages', operator: 'eq', value: '{{ user.email }}' }, user],
    ['a template failing at run time', { field: 'title', operator: 'eq', value: '{{ user.roles[5].x }}' }, user],
  ])('%s makes the condition false', (_label, condition, who) => {
    expect(where(filterFor([{ roles: ['staff'], conditions: [condition] }], who))).toEqual({
      sql: 'false',
      parameters: [],
    });
  });

  it('a policy with a false condition drops out; the others still grant', () => {
    const filter = filterFor([
      { roles: ['staff'], conditions: [{ field: 'gone', operator: 'eq', value: 1 }] },
      { roles: ['staff'], conditions: [{ field: 'title', operator: 'eq', value: 'x' }] },
    ]);
    expect(where(filter)).toEqual({ sql: '"title" = $1', parameters: ['x'] });
  });
});
