import { run } from '../testing/run.fixture';

/** 03 §5.1: the null rules apply first. */
describe('null rules', () => {
  const env = { record: { a: null, n: 5, s: 'x' }, old: null };

  it.each([
    // Member and index access on null is null.
    ['old.status', null],
    ['old?.status', null],
    ['old.a.b.c', null],
    ["old['x']", null],
    ['old[0]', null],
    ['record.missing', null],
    ['record.missing.deeper', null],
    // Arithmetic with null is null.
    ['record.a + 1', null],
    ['1 - record.a', null],
    ['record.a * 2', null],
    ['record.a / 2', null],
    ['record.a % 2', null],
    ['-record.a', null],
    ['+record.a', null],
    ["record.a + 'x'", null],
    // Ordering with null is false.
    ['record.a < 1', false],
    ['record.a <= 1', false],
    ['record.a > 1', false],
    ['record.a >= 1', false],
    ['1 < record.a', false],
    ['record.a < record.a', false],
    // Equality.
    ['nil == null', true],
    ['null == undefined', true],
    ['record.a == nil', true],
    ['record.missing == nil', true],
    ['record.a == 0', false],
    ["record.a == ''", false],
    ['record.a == false', false],
    ['record.a != nil', false],
    ['record.n != nil', true],
    ['old == nil', true],
    // Membership and string tests.
    ['1 in record.a', false],
    ["record.a contains 'x'", false],
    ["record.a startsWith 'x'", false],
    ["record.a endsWith 'x'", false],
    ["record.a matches 'x'", false],
    ['record.s startsWith record.a', false],
    ['record.s contains record.a', false],
    ['1 not in record.a', true],
    // Logic and ?: treat null as false.
    ['record.a && true', false],
    ['true && record.a', false],
    ['record.a || true', true],
    ['record.a || record.a', false],
    ['!record.a', true],
    ['not record.a', true],
    ["record.a ? 'yes' : 'no'", 'no'],
    // ?? replaces null only.
    ['record.a ?? 7', 7],
    ['record.n ?? 7', 5],
    ['false ?? 7', false],
    ['0 ?? 7', 0],
    // Functions.
    ['len(record.a)', 0],
    ['lower(record.a)', null],
    ['string(record.a)', null],
    ['date(record.a)', null],
    ['round(record.a)', null],
  ])('%s → %p', (source, expected) => {
    expect(run(source, env)).toEqual(expected);
  });

  it('a null result of a boolean kind counts as false', () => {
    expect(run('record.a', env, 'rule')).toBe(false);
    expect(run('record.a ?? nil', env, 'guard')).toBe(false);
  });
});
