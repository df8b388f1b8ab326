import { registry } from '../testing/fixtures';
import { checkPermission } from './check-permission';

const check = (body: unknown, prefix?: string) => checkPermission(body, { registry, prefix });
const problems = (body: unknown) => {
  const result = check(body);
  return result.ok ? [] : result.details;
};
const base = { entity: 'doc', action: 'read', roles: ['Accountant'] };

describe('checkPermission (07 §8)', () => {
  it('stores the canonical policy: roles lower-cased and de-duplicated, defaults for the 12 §1.1 keys', () => {
    expect(
      check({
        ...base,
        roles: ['Accountant', 'ACCOUNTANT', 'auditor'],
        conditions: [{ field: 'owner_id', operator: 'eq', value: '{{ user.id }}' }],
        id: 'ignored',
        created_at: 'ignored',
      }),
    ).toEqual({
      ok: true,
      input: {
        entity: 'doc',
        action: 'read',
        roles: ['accountant', 'auditor'],
        conditions: [{ field: 'owner_id', operator: 'eq', value: '{{ user.id }}' }],
        fields: null,
        masks: {},
        field_rules: [],
      },
    });
  });

  it('absent or null roles and conditions mean none; comment is an action', () => {
    expect(check({ entity: 'doc', action: 'comment', roles: null, conditions: null })).toMatchObject({
      ok: true,
      input: { roles: [], conditions: [] },
    });
  });

  it.each<[string, object, { field: string; rule: string; message: string }]>([
    ['entity missing', { action: 'read' }, { field: 'entity', rule: 'required', message: 'entity is required' }],
    [
      'entity unknown',
      { ...base, entity: 'ghost' },
      { field: 'entity', rule: 'not_found', message: 'entity not found: ghost' },
    ],
    ['action missing', { entity: 'doc' }, { field: 'action', rule: 'required', message: 'action is required' }],
    [
      'bad action',
      { ...base, action: 'write' },
      { field: 'action', rule: 'invalid_value', message: 'action must be read, create, update, delete, or comment' },
    ],
    [
      'roles not a list',
      { ...base, roles: 'admin' },
      { field: 'roles', rule: 'invalid_value', message: expect.any(String) },
    ],
    [
      'a bad role name',
      { ...base, roles: ['ok', 'no spaces'] },
      { field: 'roles', rule: 'invalid_value', message: expect.any(String) },
    ],
    [
      '51 roles',
      { ...base, roles: Array.from({ length: 51 }, (_, i) => `r${i}`) },
      { field: 'roles', rule: 'invalid_value', message: expect.any(String) },
    ],
    [
      'a misspelt key',
      { ...base, condition: [] },
      { field: 'condition', rule: 'unknown', message: 'unknown key: condition' },
    ],
    [
      'conditions not a list',
      { ...base, conditions: { field: 'title' } },
      { field: 'conditions', rule: 'invalid_value', message: expect.any(String) },
    ],
    [
      'a condition without value',
      { ...base, conditions: [{ field: 'title', operator: 'eq' }] },
      { field: 'conditions[0]', rule: 'invalid_value', message: 'a condition is {field, operator, value}' },
    ],
    [
      'a condition with extra keys',
      { ...base, conditions: [{ field: 'title', operator: 'eq', value: 'x', op: 'eq' }] },
      { field: 'conditions[0]', rule: 'invalid_value', message: 'a condition is {field, operator, value}' },
    ],
    [
      'a field the entity does not declare',
      { ...base, conditions: [{ field: 'nope', operator: 'eq', value: 1 }] },
      { field: 'conditions[0].field', rule: 'not_found', message: 'field not found: nope' },
    ],
    [
      'an unknown operator',
      { ...base, conditions: [{ field: 'title', operator: 'contains', value: 'x' }] },
      { field: 'conditions[0].operator', rule: 'invalid_value', message: 'unsupported operator: contains' },
    ],
    [
      'in without a list',
      { ...base, conditions: [{ field: 'title', operator: 'in', value: 'x' }] },
      { field: 'conditions[0].value', rule: 'invalid_value', message: 'operator in needs a list value' },
    ],
    [
      'like on a number',
      { ...base, conditions: [{ field: 'pages', operator: 'like', value: '1%' }] },
      {
        field: 'conditions[0].value',
        rule: 'invalid_value',
        message: 'operator like needs a string, text or uuid field',
      },
    ],
    [
      'gt on a boolean',
      { ...base, conditions: [{ field: 'secret', operator: 'gt', value: false }] },
      { field: 'conditions[0].value', rule: 'invalid_value', message: 'operator gt is not allowed on a boolean field' },
    ],
    [
      'a string for an int',
      { ...base, conditions: [{ field: 'pages', operator: 'eq', value: 'many' }] },
      { field: 'conditions[0].value', rule: 'invalid_value', message: 'value must be a number for a int field' },
    ],
    [
      'a value a uuid column cannot hold',
      {
        ...base,
        conditions: [{ field: 'owner_id', operator: 'in', value: ['5b7c1e2a-0000-4000-8000-00000000abcd', 'bob'] }],
      },
      {
        field: 'conditions[0].value',
        rule: 'invalid_value',
        message: 'value "bob" cannot be compared with uuid field owner_id',
      },
    ],
    [
      'a template that does not compile',
      { ...base, conditions: [{ field: 'owner_id', operator: 'eq', value: '{{ user.id == }}' }] },
      { field: 'conditions[0].value', rule: 'expression_syntax', message: expect.stringContaining('column') },
    ],
    [
      'a template naming another variable',
      { ...base, conditions: [{ field: 'owner_id', operator: 'eq', value: '{{ record.owner_id }}' }] },
      { field: 'conditions[0].value', rule: 'expression_identifier', message: expect.stringContaining("'record'") },
    ],
    [
      'field sets (12 §1.1) before field-level permissions exist',
      { ...base, fields: ['title'] },
      { field: 'fields', rule: 'invalid_value', message: 'fields: field-level permissions are not supported yet' },
    ],
    [
      'masks on an update policy',
      { ...base, action: 'update', masks: { title: 'full' } },
      { field: 'masks', rule: 'invalid_value', message: 'masks is not allowed on update policies' },
    ],
    [
      'field rules on a delete policy',
      { ...base, action: 'delete', field_rules: [{}] },
      { field: 'field_rules', rule: 'invalid_value', message: 'field_rules is not allowed on delete policies' },
    ],
  ])('%s → 422 detail', (_label, body, detail) => {
    expect(problems(body)).toEqual([detail]);
  });

  it('reports every problem, prefixed in an import', () => {
    const result = check(
      { entity: 'doc', action: 'x', roles: 'y', conditions: [{ field: 'z', operator: 'eq', value: 1 }] },
      'permissions[2]',
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.details.map((d) => d.field)).toEqual([
        'permissions[2].action',
        'permissions[2].roles',
        'permissions[2].conditions[0].field',
      ]);
  });

  it('accepts the defaults of the field-level keys and a body that is not an object is one problem', () => {
    expect(check({ ...base, fields: null, masks: {}, field_rules: [] }).ok).toBe(true);
    expect(problems([])).toEqual([{ field: '', rule: 'invalid_value', message: 'permission must be an object' }]);
  });
});
