import { PolicySet } from './policy-set';
import { policy, registry } from '../testing/fixtures';
import { PermissionRow } from '../permission.types';

function compile(rows: PermissionRow[]) {
  const warnings: string[] = [];
  const set = PolicySet.compile(registry, rows, (row, reason) =>
    warnings.push(`${row.entity}/${row.action}: ${reason}`),
  );
  return { set, warnings };
}

describe('PolicySet.compile (07 §6.1, compiled once per registry snapshot)', () => {
  it('groups policies by entity and action in policy order, roles in lower case', () => {
    const late = policy('doc', 'read', ['Auditor']);
    const early = policy('doc', 'read', ['ACCOUNTANT', 'sales']);
    early.created_at = new Date('2020-01-01T00:00:00Z');
    const { set, warnings } = compile([late, policy('doc', 'update', ['x']), early]);
    expect(set.policies('doc', 'read').map((p) => [p.id, [...p.roles]])).toEqual([
      [early.id, ['accountant', 'sales']],
      [late.id, ['auditor']],
    ]);
    expect(set.policies('doc', 'update')).toHaveLength(1);
    expect(set.policies('doc', 'delete')).toEqual([]);
    expect(set.policies('comment', 'read')).toEqual([]);
    expect(set.registry).toBe(registry);
    expect(warnings).toEqual([]);
  });

  it('skips policies of entities the snapshot does not have', () => {
    const { set } = compile([policy('ghost', 'read', ['a'])]);
    expect(set.policies('ghost', 'read')).toEqual([]);
  });

  it('resolves fields, normalises literal values and compiles templates', () => {
    const { set } = compile([
      policy(
        'doc',
        'read',
        ['a'],
        [
          { field: 'pages', operator: 'gt', value: '10' },
          { field: 'owner_id', operator: 'eq', value: '{{ user.id }}' },
          { field: 'department', operator: 'in', value: ['finance', null, 'ops'] },
          { field: 'published_at', operator: 'gte', value: '2025-01-01T01:00:00+01:00' },
          { field: 'due', operator: 'lt', value: '2025-03-01' },
          { field: 'owner_id', operator: 'eq', value: 'AAAAAAAA-0000-4000-8000-000000000001' },
        ],
      ),
    ]);
    const [compiled] = set.policies('doc', 'read');
    expect(
      compiled.conditions.map((c) => (c.kind === 'literal' ? [c.field.name, c.operator, c.operand] : c.kind)),
    ).toEqual([
      ['pages', 'gt', 10],
      'template',
      ['department', 'in', ['finance', 'ops']],
      ['published_at', 'gte', '2025-01-01T00:00:00.000Z'],
      ['due', 'lt', '2025-03-01'],
      ['owner_id', 'eq', 'aaaaaaaa-0000-4000-8000-000000000001'],
    ]);
  });

  it.each<[string, unknown, string]>([
    ['a field no longer declared', { field: 'gone', operator: 'eq', value: 1 }, 'field not found: gone'],
    ['an unknown operator', { field: 'title', operator: 'contains', value: 'x' }, 'unsupported operator: contains'],
    ['a value of the wrong type', { field: 'pages', operator: 'eq', value: 'many' }, 'value must be a number'],
    ['a value the column cannot hold', { field: 'owner_id', operator: 'eq', value: 'not-a-uuid' }, 'cannot match'],
    ['an int out of range', { field: 'pages', operator: 'eq', value: 2 ** 40 }, 'cannot match'],
    [
      'a template that does not compile',
      { field: 'title', operator: 'eq', value: '{{ record.x }}' },
      "unknown identifier 'record'",
    ],
    ['a json field', { field: 'meta', operator: 'eq', value: 'x' }, 'not allowed on a json field'],
    ['something that is not a condition', 'owner_id = 1', 'not a condition'],
  ])('%s never holds (fail closed) and is reported', (_label, stored, reason) => {
    const { set, warnings } = compile([policy('doc', 'read', ['a'], [stored as never])]);
    expect(set.policies('doc', 'read')[0].conditions).toEqual([
      { kind: 'never', reason: expect.stringContaining(reason) },
    ]);
    expect(warnings).toEqual([expect.stringContaining(reason)]);
  });

  it('a conditions column that is not a list denies', () => {
    const row = policy('doc', 'read', ['a']);
    (row as { conditions: unknown }).conditions = { field: 'x' };
    const { set } = compile([row]);
    expect(set.policies('doc', 'read')[0].conditions).toEqual([{ kind: 'never', reason: 'conditions is not a list' }]);
  });
});
