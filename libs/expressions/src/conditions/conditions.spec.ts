import { scopeOf } from '../testing/scope.fixture';
import { scopeMap } from '../scope/scope-value';
import { conditionProblem } from './condition-validation';
import { resolveConditionValue } from './condition-value';
import { ConditionOperator } from './condition.types';
import { evaluateCondition } from './evaluate-condition';
import { likeMatch } from './like';

const record = scopeMap({
  status: 'paid',
  total: 150,
  author_id: 'u1',
  flag: true,
  nothing: null,
  at: '2026-03-10T12:00:00.000Z',
  day: '2026-03-10',
  name: 'Invoice_42%',
});

const check = (field: string, operator: ConditionOperator, value: unknown, kind?: string) =>
  evaluateCondition({ field, operator, value }, record, kind);

describe('condition triples (03 §11)', () => {
  it.each([
    ['status', 'eq', 'paid', 'string', true],
    ['status', 'eq', 'PAID', 'string', false],
    ['nothing', 'eq', null, 'string', true],
    ['status', 'eq', null, 'string', false],
    ['nothing', 'neq', null, 'string', false],
    ['status', 'neq', null, 'string', true],
    ['status', 'neq', 'draft', 'string', true],
    ['nothing', 'neq', 'draft', 'string', false],
    ['total', 'eq', '150', 'decimal', true],
    ['total', 'eq', '150', undefined, false],
    ['total', 'gt', 100, 'int', true],
    ['total', 'gt', '100', 'int', true],
    ['total', 'gte', 150, 'int', true],
    ['total', 'lt', 150, 'int', false],
    ['total', 'lte', 150, 'int', true],
    ['nothing', 'gt', 1, 'int', false],
    ['total', 'gt', null, 'int', false],
    ['status', 'gt', 'draft', 'string', true],
    ['at', 'gt', '2026-03-10', 'timestamp', true],
    ['at', 'eq', '2026-03-10T13:00:00+01:00', 'timestamp', true],
    ['day', 'lte', '2026-03-10', 'date', true],
    ['day', 'gt', 'not a date', 'date', false],
    ['status', 'in', ['draft', 'paid'], 'string', true],
    ['status', 'in', ['draft'], 'string', false],
    ['total', 'in', ['150', '200'], 'int', true],
    ['nothing', 'in', [null], 'string', false],
    ['status', 'in', 'paid', 'string', false],
    ['status', 'not_in', ['draft'], 'string', true],
    ['status', 'not_in', ['paid'], 'string', false],
    ['nothing', 'not_in', ['paid'], 'string', false],
    ['name', 'like', 'Invoice%', 'string', true],
    ['name', 'like', 'invoice%', 'string', false],
    ['name', 'like', 'Invoice\\_42\\%', 'string', true],
    ['name', 'like', 'Invoice_4_%', 'string', true],
    ['total', 'like', '1%', 'int', false],
    ['flag', 'gt', false, 'boolean', false],
    ['missing', 'eq', null, 'string', false],
    ['missing', 'neq', 'x', 'string', false],
  ] as const)('%s %s %p (%s) → %p', (field, operator, value, kind, expected) => {
    expect(check(field, operator, value, kind)).toBe(expected);
  });

  it('is false on a record that is not a map', () => {
    expect(evaluateCondition({ field: 'a', operator: 'eq', value: null }, null)).toBe(false);
  });
});

describe('likeMatch', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'a%', true],
    ['abc', '%c', true],
    ['abc', '%b%', true],
    ['abc', 'a_c', true],
    ['abc', 'a_', false],
    ['abc', '%', true],
    ['', '%', true],
    ['', '_', false],
    ['a%c', 'a\\%c', true],
    ['abc', 'a\\%c', false],
    ['😀x', '_x', true],
    ['aaa', '%a%a%a%', true],
    ['aa', '%a%a%a%', false],
  ])('%p LIKE %p → %p', (text, pattern, expected) => {
    expect(likeMatch(text, pattern)).toBe(expected);
  });

  it('stays fast on adversarial patterns', () => {
    const started = performance.now();
    expect(likeMatch('a'.repeat(5000), `${'%a'.repeat(50)}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('conditionProblem (saved conditions, 03 §11)', () => {
  it.each([
    ['eq', 'x', 'string', null],
    ['eq', null, 'string', null],
    ['gt', 5, 'int', null],
    ['gt', '5.5', 'decimal', null],
    ['in', ['a', 'b'], 'string', null],
    ['lt', '2026-01-01', 'timestamp', null],
    ['eq', '{{ user.id }}', 'uuid', null],
    ['like', 'a%', 'text', null],
    ['nope', 1, 'int', 'unknown operator: nope'],
    ['gt', true, 'boolean', 'operator gt is not allowed on a boolean field'],
    ['eq', {}, 'json', 'operator eq is not allowed on a json field'],
    ['like', '1%', 'int', 'operator like needs a string, text or uuid field'],
    ['in', 'a', 'string', 'operator in needs a list value'],
    ['in', [{}], 'string', 'operator in needs a scalar value'],
    ['eq', 'abc', 'int', 'value must be a number for a int field'],
    ['gt', 'soon', 'date', 'value must be an ISO-8601 date for a date field'],
    ['eq', 'yes', 'boolean', 'value must be a boolean for a boolean field'],
    ['eq', 5, 'string', 'value must be a string for a string field'],
    ['gt', null, 'int', 'operator gt needs a value'],
    ['eq', '{{ record.id }}', 'uuid', "unknown identifier 'record' at column 2; allowed: user, now"],
  ])('%s %p on %s → %p', (operator, value, kind, expected) => {
    expect(conditionProblem(operator, value, kind)).toBe(expected);
  });
});

describe('resolveConditionValue', () => {
  const scope = scopeOf({ user: { id: 'u1', email: 'a@b.co', roles: ['sales'] } });

  it('resolves whole-string templates with {user, now}', () => {
    expect(resolveConditionValue('{{ user.id }}', scope)).toBe('u1');
    expect(resolveConditionValue('{{ user.roles }}', scope)).toEqual(['sales']);
    const value = resolveConditionValue('{{ user.id }}', scope);
    expect(evaluateCondition({ field: 'author_id', operator: 'eq', value }, record, 'uuid')).toBe(true);
  });

  it('leaves other values alone', () => {
    expect(resolveConditionValue('u1', scope)).toBe('u1');
    expect(resolveConditionValue(['a'], scope)).toEqual(['a']);
  });
});
