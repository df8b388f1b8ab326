import { scopeMap } from '@rocket/expressions';
import { FieldKind } from '@rocket/metadata';
import {
  buildFieldTest,
  checksAbsent,
  FieldOperator,
  operatorKindProblem,
  operatorValueProblem,
} from './field-operators';

const env = {
  templateScope: () => scopeMap({ user: scopeMap({ id: 'u1', email: null, roles: ['admin'] }), now: new Date() }),
};

/** [operator, field kind, rule value, record value, passes] — record values normalised as 03 §4.1. */
const RUNS: Array<[FieldOperator, FieldKind, unknown, unknown, boolean]> = [
  ['required', 'string', true, 'x', true],
  ['required', 'string', true, '', false],
  ['required', 'string', true, null, false],
  ['required', 'int', true, 0, true],
  ['required', 'boolean', true, false, true],
  ['min', 'int', 0, 0, true],
  ['min', 'int', 0, -1, false],
  ['min', 'decimal', 10.5, 10.49, false],
  ['min', 'bigint', 5, 9007199254740991, true],
  ['min', 'date', '2026-01-01', '2026-01-01', true],
  ['min', 'date', '2026-01-01', '2025-12-31', false],
  ['min', 'timestamp', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.001Z', true],
  ['min', 'timestamp', '2026-01-01', '2025-12-31T23:59:59.999Z', false],
  ['max', 'float', 1.5, 1.5, true],
  ['max', 'float', 1.5, 1.51, false],
  ['max', 'date', '2026-03-10T12:00:00Z', '2026-03-10', true],
  ['max', 'timestamp', '2026-01-01T00:00:00+02:00', '2025-12-31T22:00:00.000Z', true],
  ['max', 'timestamp', '2026-01-01T00:00:00+02:00', '2025-12-31T22:00:00.001Z', false],
  ['min_length', 'string', 5, 'abcde', true],
  ['min_length', 'string', 5, 'abcd', false],
  ['min_length', 'text', 2, '😀😀', true], // code points, not UTF-16 units
  ['max_length', 'string', 3, '😀😀😀', true],
  ['max_length', 'string', 3, 'abcd', false],
  ['min_length', 'json', 1, [], false],
  ['max_length', 'json', 2, [1, 2], true],
  ['min_length', 'json', 0, { a: 1 }, false], // an object has no length
  ['pattern', 'string', '^[a-z0-9]+(-[a-z0-9]+)*$', 'my-post-1', true],
  ['pattern', 'string', '^[a-z0-9]+(-[a-z0-9]+)*$', 'My Post', false],
  ['pattern', 'string', '^[a-z0-9]+(-[a-z0-9]+)*$', 'a--b', false],
  ['pattern', 'text', '^[^@]+@[^@]+\\.[^@]+$', 'a@b.co', true],
  ['pattern', 'text', '^[^@]+@[^@]+\\.[^@]+$', 'a@b', false],
  ['pattern', 'string', 'b', 'abc', true], // unanchored search
  ['pattern', 'uuid', '^0000', '00000000-0000-4000-8000-000000000000', true],
  ['enum', 'string', ['a', 'b'], 'b', true],
  ['enum', 'string', ['a', 'b'], 'c', false],
  ['enum', 'int', [1, 2], 2, true],
  ['enum', 'decimal', [1.5], 1.5, true],
  ['enum', 'bigint', [3], '3', true],
  ['eq', 'string', 'x', 'x', true],
  ['eq', 'string', 'x', 'y', false],
  ['eq', 'int', '5', 5, true], // a numeric string value is a number for a numeric field (03 §11)
  ['eq', 'boolean', true, false, false],
  ['eq', 'date', '2026-01-01', '2026-01-01', true],
  ['eq', 'timestamp', '2026-01-01T02:00:00+02:00', '2026-01-01T00:00:00.000Z', true],
  ['neq', 'string', 'x', 'y', true],
  ['neq', 'string', 'x', 'x', false],
  ['neq', 'string', null, 'x', true],
  ['eq', 'string', null, 'x', false],
  ['gt', 'int', 3, 4, true],
  ['gt', 'int', 3, 3, false],
  ['gte', 'decimal', 0, 0, true],
  ['gte', 'decimal', 0, -0.01, false],
  ['lt', 'string', 'm', 'a', true],
  ['lt', 'date', '2026-01-01', '2026-01-02', false],
  ['lte', 'timestamp', '2026-01-01', '2026-01-01T00:00:00.000Z', true],
  ['in', 'string', ['a', 'b'], 'a', true],
  ['in', 'string', ['a', 'b'], 'z', false],
  ['in', 'int', [1, 2], 2, true],
  ['not_in', 'string', ['a', 'b'], 'z', true],
  ['not_in', 'string', ['a', 'b'], 'a', false],
  ['like', 'string', 'INV-%', 'INV-001', true],
  ['like', 'string', 'INV-%', 'inv-001', false], // case-sensitive
  ['like', 'text', 'a_c', 'abc', true],
  ['like', 'string', '100\\%', '100%', true],
  ['eq', 'uuid', '{{ user.id }}', 'u1', true], // 03 §11 template values, resolved in {user, now}
  ['eq', 'uuid', '{{ user.id }}', 'u2', false],
];

describe('field-rule operators (04 §1.3)', () => {
  it.each(RUNS)('%s on %s, value %j: %j passes = %s', (operator, kind, value, v, expected) => {
    expect(operatorKindProblem(operator, kind)).toBeNull();
    expect(operatorValueProblem(operator, value, kind)).toBeNull();
    expect(buildFieldTest(operator, value, kind)(v, env)).toBe(expected);
  });

  it('only required judges absent values', () => {
    expect(checksAbsent('required')).toBe(true);
    expect(checksAbsent('min')).toBe(false);
    expect(checksAbsent('eq')).toBe(false);
  });

  /** [operator, field kind]: refused when the rule is saved. */
  it.each([
    ['min', 'string'],
    ['max', 'boolean'],
    ['min', 'json'],
    ['min_length', 'int'],
    ['max_length', 'date'],
    ['pattern', 'int'],
    ['pattern', 'json'],
    ['enum', 'boolean'],
    ['enum', 'date'],
    ['enum', 'uuid'],
  ] as Array<[FieldOperator, FieldKind]>)('%s is not allowed on a %s field', (operator, kind) => {
    expect(operatorKindProblem(operator, kind)).toBe(`operator ${operator} is not allowed on a ${kind} field`);
  });

  /** [operator, field kind, bad value, rule of the detail, message part]. */
  it.each([
    ['min', 'int', '5', 'invalid_value', 'value must be a number'],
    ['min', 'int', undefined, 'required', 'value is required for operator min'],
    ['max', 'date', 'yesterday', 'invalid_value', 'ISO-8601'],
    ['max', 'date', 20260101, 'invalid_value', 'ISO-8601'],
    ['min', 'timestamp', '{{ now }}', 'invalid_value', 'ISO-8601'],
    ['min_length', 'string', -1, 'invalid_value', 'integer ≥ 0'],
    ['max_length', 'string', 1.5, 'invalid_value', 'integer ≥ 0'],
    ['pattern', 'string', '(a', 'expression_regex', 'invalid regular expression'],
    ['pattern', 'string', '(a)\\1', 'expression_regex', 'invalid regular expression'],
    ['pattern', 'string', '(?=a)', 'expression_regex', 'invalid regular expression'],
    ['pattern', 'string', 'a'.repeat(501), 'expression_regex', 'longer than 500'],
    ['pattern', 'string', 5, 'expression_regex', 'regular expression string'],
    ['enum', 'string', [], 'invalid_value', 'non-empty list'],
    ['enum', 'string', 'a', 'invalid_value', 'non-empty list'],
    ['enum', 'string', ['a', 1], 'invalid_value', 'every element must be a string'],
    ['enum', 'int', ['1'], 'invalid_value', 'every element must be a number'],
    ['gt', 'boolean', true, 'invalid_value', 'not allowed on a boolean field'],
    ['like', 'int', '1%', 'invalid_value', 'like needs a string'],
    ['eq', 'json', {}, 'invalid_value', 'not allowed on a json field'],
    ['in', 'string', 'a', 'invalid_value', 'needs a list value'],
    ['gt', 'int', 'x', 'invalid_value', 'must be a number'],
    ['eq', 'date', 'soon', 'invalid_value', 'ISO-8601'],
    ['eq', 'string', 3, 'invalid_value', 'must be a string'],
    ['gte', 'int', null, 'invalid_value', 'needs a value'],
    ['eq', 'string', '{{ usr.id }}', 'invalid_value', 'unknown identifier'],
  ] as Array<[FieldOperator, FieldKind, unknown, string, string]>)(
    '%s on %s refuses value %j',
    (operator, kind, value, rule, message) => {
      const problem = operatorValueProblem(operator, value, kind);
      expect(problem?.rule ?? 'invalid_value').toBe(rule);
      expect(problem?.message).toContain(message);
    },
  );

  it('runs field-rule patterns in linear time (03 §12.4)', () => {
    expect(operatorValueProblem('pattern', '^(a+)+$', 'string')).toBeNull();
    const test = buildFieldTest('pattern', '^(a+)+$', 'string');
    const started = Date.now();
    expect(test(`${'a'.repeat(38)}!`, env)).toBe(false);
    expect(Date.now() - started).toBeLessThan(50);
  });
});
