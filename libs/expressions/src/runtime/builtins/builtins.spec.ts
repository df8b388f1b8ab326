import { compileExpression } from '../../compile/compile';
import { FUNCTION_SIGNATURES } from '../../compile/functions';
import { evaluate } from '../evaluate';
import { run, runError } from '../../testing/run.fixture';
import { FIXED_NOW } from '../../testing/scope.fixture';
import { BUILTINS } from '.';
import { roundHalfAwayFromZero } from './round';

const env = {
  record: {
    s: '  Hello World  ',
    n: -3.7,
    items: [
      { q: 2, p: 5 },
      { q: 1, p: 3 },
      { q: null, p: 9 },
    ],
    tags: ['a', 'b'],
  },
};

describe('built-in functions (03 §7)', () => {
  it('the checker and the runtime know the same functions', () => {
    expect(Object.keys(BUILTINS).sort()).toEqual(Object.keys(FUNCTION_SIGNATURES).sort());
    expect(Object.getPrototypeOf(BUILTINS)).toBeNull();
  });

  it.each([
    ['len', "len('abc')", 3],
    ['len', "len('a😀')", 2],
    ['len', "len('é')", 1],
    ['len', 'len([1, 2, 3])', 3],
    ['len', 'len(record)', 4],
    ['len', 'len(nil)', 0],
    ['len', "len('')", 0],
    ['lower', "lower('AbC')", 'abc'],
    ['upper', "upper('straße')", 'STRASSE'],
    ['trim', 'trim(record.s)', 'Hello World'],
    ['string', 'string(1.50)', '1.5'],
    ['string', 'string(100)', '100'],
    ['string', 'string(-0)', '0'],
    ['string', 'string(1e21)', '1e+21'],
    ['string', 'string(true)', 'true'],
    ['string', "string('x')", 'x'],
    ['string', "string(date('2026-03-10'))", '2026-03-10T00:00:00.000Z'],
    ['string', "string([1, 'a', nil, [true]])", '[1,"a",null,[true]]'],
    ['string', 'string(record.items[0])', '{"q":2,"p":5}'],
    ['string', "string([date('2026-03-10')])", '["2026-03-10T00:00:00.000Z"]'],
    ['number', 'number(5)', 5],
    ['number', "number('12.5')", 12.5],
    ['number', "number('-1e3')", -1000],
    ['number', "number('.5')", 0.5],
    ['number', 'number(nil)', null],
    ['int', "int('12.9')", 12],
    ['int', 'int(-12.9)', -12],
    ['int', 'int(-0.5)', 0],
    ['abs', 'abs(record.n)', 3.7],
    ['floor', 'floor(record.n)', -4],
    ['ceil', 'ceil(record.n)', -3],
    ['ceil', 'ceil(-0.5)', 0],
    ['round', 'round(2.5)', 3],
    ['round', 'round(-2.5)', -3],
    ['round', 'round(2.4)', 2],
    ['round', 'round(1.005, 2)', 1.01],
    ['round', 'round(-1.005, 2)', -1.01],
    ['round', 'round(1.2345, 10)', 1.2345],
    ['round', 'round(123.456, 1)', 123.5],
    ['round', 'round(-0.4)', 0],
    ['min', 'min(3, 1, 2)', 1],
    ['min', 'min([3, nil, 1])', 1],
    ['min', "min('b', 'a')", 'a'],
    ['min', 'min(nil, nil)', null],
    ['min', 'min([])', null],
    ['min', 'min(7)', 7],
    ['max', 'max(3, 1, 2)', 3],
    ['max', 'max([1, 5, nil])', 5],
    ['max', "string(max(date('2026-01-01'), date('2025-01-01')))", '2026-01-01T00:00:00.000Z'],
    ['sum', 'sum([1, 2, nil, 3])', 6],
    ['sum', 'sum([])', 0],
    ['sum', 'sum(nil)', 0],
    ['sum', "sum(record.items, 'q * p')", 13],
    ['sum', "sum(record.items, 'it.q')", 3],
    ['avg', 'avg([1, 2, 3, nil])', 2],
    ['avg', 'avg([])', null],
    ['avg', "avg(record.items, 'p')", 17 / 3],
    ['count', 'count(record.items)', 3],
    ['count', "count(record.items, 'p > 4')", 2],
    ['count', 'count(record.tags, \'it == "a"\')', 1],
    ['count', 'count(nil)', 0],
    ['any', "any(record.items, 'q == nil')", true],
    ['any', "any(record.items, 'p > 100')", false],
    ['any', "any([], 'true')", false],
    ['all', "all(record.items, 'p > 1')", true],
    ['all', "all(record.items, 'q > 0')", false],
    ['all', "all([], 'false')", true],
    ['all', "all(nil, 'false')", true],
    ['date', "string(date('2026-03-10'))", '2026-03-10T00:00:00.000Z'],
    ['date', "string(date('2026-03-10T10:00'))", '2026-03-10T10:00:00.000Z'],
    ['date', "string(date('2026-03-10T10:00:00+02:00'))", '2026-03-10T08:00:00.000Z'],
    ['date', "string(date('2026-03-10 10:00:00.123456Z'))", '2026-03-10T10:00:00.123Z'],
    ['date', 'string(date(86400000))', '1970-01-02T00:00:00.000Z'],
    ['date', 'string(date(date(0)))', '1970-01-01T00:00:00.000Z'],
    ['date', "string(new Date('2026-03-10'))", '2026-03-10T00:00:00.000Z'],
    ['now', 'string(now())', FIXED_NOW.toISOString()],
  ])('%s: %s → %p', (_name, source, expected) => {
    expect(run(source, env)).toEqual(expected);
  });

  it('sub-expressions see element keys and it, not outer variables', () => {
    expect(run("count(record.items, 'record == nil')", env)).toBe(3);
    expect(run("any(record.tags, 'len(it) == 1 && q == nil')", env)).toBe(true);
  });

  it.each([
    ['len(5)', 'len() needs a string, list or map, got number'],
    ['lower(1)', 'lower() needs a string, got number'],
    ["number('12abc')", "'12abc' is not a number"],
    ["number('')", "'' is not a number"],
    ['number(true)', 'number() needs a number or a numeric string, got boolean'],
    ["abs('1')", 'abs() needs a number, got string'],
    ['round(1, 11)', 'round() takes 0 to 10 decimals'],
    ['round(1, 1.5)', 'round() takes 0 to 10 decimals'],
    ["min(1, 'a')", 'cannot order string and number'],
    ["sum(['1'])", 'sum() needs numbers, got string'],
    ['sum(record.items, \'p + "x"\')', "cannot apply '+' to number and string"],
    ["count(record.items, 'p')", 'count() predicate must be boolean, got number'],
    ["any('abc', 'true')", 'any() needs a list, got string'],
    ["date('2026-02-30')", "cannot read '2026-02-30' as a date"],
    ["date('yesterday')", "cannot read 'yesterday' as a date"],
    ['date(true)', 'date() needs an ISO-8601 string, epoch milliseconds or a datetime'],
  ])('%s is an evaluation error', (source, message) => {
    expect(runError(source, env)).toBe(message);
  });

  it('now() fails where the scope has no instant', () => {
    const compiled = compileExpression('now()', { kind: 'computed' });
    expect(() => evaluate(compiled, Object.create(null))).toThrow('now is not available here');
  });
});

describe('roundHalfAwayFromZero', () => {
  it.each([
    [0.5, 0, 1],
    [1.5, 0, 2],
    [-1.5, 0, -2],
    [0.05, 1, 0.1],
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [5e-7, 6, 0.000001],
    [1.5e-7, 2, 0],
    [1e21, 0, 1e21],
    [123456789.987654321, 3, 123456789.988],
    [9.995, 2, 10],
    [0, 3, 0],
  ])('round(%p, %p) = %p', (n, d, expected) => {
    expect(roundHalfAwayFromZero(n, d)).toBe(expected);
  });
});
