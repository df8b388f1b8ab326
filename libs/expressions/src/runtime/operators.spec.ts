import { run, runError } from '../testing/run.fixture';

const env = {
  record: {
    n: 10,
    s: 'hello',
    list: [1, 'a', [2, 3], { k: 'v' }],
    map: { a: 1, b: [1, 2] },
    day: '2026-03-10',
    at: '2026-03-10T12:00:00.000Z',
    emoji: 'a😀b',
    flag: true,
  },
  user: { id: 'u1', email: null, roles: ['admin', 'sales'] },
};

describe('operators (03 §5)', () => {
  describe('equality (§5.2)', () => {
    it.each([
      ['1 == 1', true],
      ['1 == 1.0', true],
      ["1 == '1'", false],
      ["'a' == 'A'", false],
      ['true == 1', false],
      ['[1, [2, 3]] == [1, [2, 3]]', true],
      ['[1, 2] == [2, 1]', false],
      ['[1] == [1, 1]', false],
      ['record.map == record.map', true],
      ['record.list[3] == record.map', false],
      ["record.list == [1, 'a', [2, 3], record.list[3]]", true],
      ['record.map != record.list', true],
      ["date('2026-03-10') == record.day", true],
      ["date('2026-03-10') == '2026-03-10T00:00:00Z'", true],
      ["date('2026-03-10') == 'not a date'", false],
      ["date(record.at) == date('2026-03-10T13:00:00+01:00')", true],
      ['date(0) == 0', false],
      ["1 === 1 && 1 !== 2 && 'a' != 'b'", true],
    ])('%s → %p', (source, expected) => {
      expect(run(source, env)).toBe(expected);
    });

    it('compares maps by key set and values', () => {
      expect(run('record.a == record.b', { record: { a: { x: 1, y: [1] }, b: { y: [1], x: 1 } } })).toBe(true);
      expect(run('record.a == record.b', { record: { a: { x: 1 }, b: { x: 1, y: null } } })).toBe(false);
    });
  });

  describe('ordering (§5.2)', () => {
    it.each([
      ['1 < 2', true],
      ['2 <= 2', true],
      ['3 > 2.5', true],
      ['-1 >= 0', false],
      ["'a' < 'b'", true],
      ["'B' < 'a'", true],
      ["'abc' > 'abd'", false],
      ["'2025-01-01' <= '2025-02-01'", true],
      ["date('2026-03-11') > record.day", true],
      ["record.at < date('2026-03-10T12:00:01Z')", true],
      ['now() > date(0)', true],
      ['now == now()', true],
    ])('%s → %p', (source, expected) => {
      expect(run(source, env)).toBe(expected);
    });

    it.each([
      ["1 < '2'", 'cannot order number and string'],
      ['true < false', 'cannot order boolean and boolean'],
      ['[1] < [2]', 'cannot order list and list'],
      ['record.map > record.map', 'cannot order map and map'],
      ["date(0) < 'soon'", "cannot read 'soon' as a date"],
      ['date(0) < 5', 'cannot order datetime and number'],
    ])('%s is an evaluation error', (source, message) => {
      expect(runError(source, env)).toBe(message);
    });
  });

  describe('arithmetic (§5.3)', () => {
    it.each([
      ['1 + 2 * 3', 7],
      ['(1 + 2) * 3', 9],
      ['7 / 2', 3.5],
      ['7 % 3', 1],
      ['-7 % 3', -1],
      ['0.1 + 0.2', 0.1 + 0.2],
      ['-record.n', -10],
      ['+record.n', 10],
      ["'a' + 'b'", 'ab'],
      ["string(date('2026-03-10') + 86400000)", '2026-03-11T00:00:00.000Z'],
      ["string(date('2026-03-10') - 1)", '2026-03-09T23:59:59.999Z'],
      ["date('2026-03-11') - date('2026-03-10')", 86400000],
      ['1e308 - 1e308', 0],
    ])('%s → %p', (source, expected) => {
      expect(run(source, env)).toEqual(expected);
    });

    it.each([
      ["'a' * 2", "cannot apply '*' to string and number"],
      ["'x' + 1", "cannot apply '+' to string and number"],
      ["1 + 'x'", "cannot apply '+' to number and string"],
      ['true + 1', "cannot apply '+' to boolean and number"],
      ['[1] + [2]', "cannot apply '+' to list and list"],
      ['1 / 0', 'division by zero'],
      ['1 % 0', 'division by zero'],
      ['1e308 * 10', 'number out of range'],
      ["-'a'", "cannot apply unary '-' to string"],
      ['date(0) + date(0)', "cannot apply '+' to datetime and datetime"],
      ['1 + date(0)', "cannot apply '+' to number and datetime"],
      ['date(0) + 1e16', 'datetime out of range'],
    ])('%s is an evaluation error', (source, message) => {
      expect(runError(source, env)).toBe(message);
    });
  });

  describe('logic (§5.4)', () => {
    it.each([
      ['true && false', false],
      ['true and true', true],
      ['false || true', true],
      ['false or false', false],
      ['!true', false],
      ['not false', true],
      ["true ? 'a' : 'b'", 'a'],
      ["false ? 'a' : 'b'", 'b'],
      // Short-circuit: the right side is never evaluated.
      ["false && 'x' * 2 == 1", false],
      ["true || 'x' * 2 == 1", true],
      ["true ? 1 : 'x' * 2", 1],
      ["nil ?? 1 ?? 'x' * 2", 1],
    ])('%s → %p', (source, expected) => {
      expect(run(source, env)).toBe(expected);
    });

    it.each([
      ['record.s && true', "operand of '&&' must be boolean or null, got string"],
      ['true && record.n', "operand of '&&' must be boolean or null, got number"],
      ['record.n || false', "operand of '||' must be boolean or null, got number"],
      ['!record.s', "operand of '!' must be boolean or null, got string"],
      ['record.list ? 1 : 2', "operand of '?:' must be boolean or null, got list"],
    ])('no truthiness: %s', (source, message) => {
      expect(runError(source, env)).toBe(message);
    });

    it('a boolean kind refuses a non-boolean result', () => {
      expect(runError('record.n', env, 'rule')).toBe('a rule expression must give a boolean, got number');
      expect(run('record.flag', env, 'rule')).toBe(true);
    });
  });

  describe('membership and string tests (§5.5)', () => {
    it.each([
      ["'admin' in user.roles", true],
      ["'root' in user.roles", false],
      ["'root' not in user.roles", true],
      ['[2, 3] in record.list', true],
      ["'a' in record.map", true],
      ["'z' in record.map", false],
      ['1 in record.map', false],
      ["'constructor' in record.map", false],
      ["'toString' in record.map", false],
      ["record.s contains 'ell'", true],
      ["record.s contains 'xyz'", false],
      ["record.list contains 'a'", true],
      ["record.s startsWith 'he'", true],
      ["record.s endsWith 'lo'", true],
      ["record.s endsWith 'he'", false],
      ["record.s matches 'l+o$'", true],
      ["record.s matches '^l'", false],
    ])('%s → %p', (source, expected) => {
      expect(run(source, env)).toBe(expected);
    });

    it.each([
      ["'a' in 'abc'", "the right operand of 'in' must be a list or a map, got string"],
      ['1 in 5', "the right operand of 'in' must be a list or a map, got number"],
      ["record.n contains 'a'", "'contains' needs a string or a list, got number"],
      ['record.s contains 1', "'contains' needs a string to look for, got number"],
      ["record.n startsWith 'a'", "'startsWith' needs two strings, got number and string"],
      ["record.n matches 'a'", "'matches' needs a string, got number"],
    ])('%s is an evaluation error', (source, message) => {
      expect(runError(source, env)).toBe(message);
    });
  });

  describe('member and index access (§5.6)', () => {
    it.each([
      ['record.map.a', 1],
      ["record.map['b'][1]", 2],
      ['record.map?.b', [1, 2]],
      ['record.list[0]', 1],
      ['record.list[2][1]', 3],
      ['record.list[3].k', 'v'],
      ['record.list[4]', null],
      ['record.list[-1]', null],
      ['record.s[1]', 'e'],
      ['record.s[9]', null],
      ['record.emoji[1]', '😀'],
      ['record.emoji[2]', 'b'],
      ["record['map']['a']", 1],
    ])('%s → %p', (source, expected) => {
      expect(run(source, env)).toEqual(expected);
    });

    it.each([
      ['record.n.x', "cannot read member 'x' of a number (use len(x) for lengths)"],
      ['record.flag.x', "cannot read member 'x' of a boolean (use len(x) for lengths)"],
      ['now.year', "cannot read member 'year' of a datetime (use len(x) for lengths)"],
      ['record.list.length', "cannot read member 'length' of a list (use len(x) for lengths)"],
      ['record.s.length', "cannot read member 'length' of a string (use len(x) for lengths)"],
      ['record.n[0]', 'cannot index a number (use len(x) for lengths)'],
      ["record.list['0']", 'an index must be an integer, got string'],
      ['record.list[0.5]', 'an index must be an integer, got number'],
      ['record.map[1]', 'a map key must be a string, got number'],
    ])('%s is an evaluation error', (source, message) => {
      expect(runError(source, env)).toBe(message);
    });
  });
});
