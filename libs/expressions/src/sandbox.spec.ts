import { compileExpression } from './compile/compile';
import { EXPRESSION_KINDS } from './compile/kinds';
import { ExpressionEvaluationError } from './errors/evaluation-error';
import { ExpressionError } from './errors/expression-error';
import { evaluate } from './runtime/evaluate';
import { scopeMap, toScopeValue } from './scope/scope-value';
import { run, runError } from './testing/run.fixture';
import { FIXED_NOW, scopeOf } from './testing/scope.fixture';

/** 03 §12.5: nothing in an expression reaches JavaScript. */
describe('sandbox', () => {
  const ESCAPES = [
    'constructor',
    'record.constructor',
    "record['__proto__']",
    'this',
    'globalThis',
    'process.exit(1)',
    "require('fs')",
    '(() => 1)()',
    "Function('return 1')()",
    'record.toString()',
    "'x'.constructor.constructor('return process')()",
    "import('fs')",
    // More of the same family.
    'record.__proto__',
    'record.prototype',
    "record['constructor']['constructor']",
    'record.valueOf()',
    "record.hasOwnProperty('a')",
    'eval("1")',
    'new Function("return 1")',
    'window',
    'global',
    'module',
    'arguments',
    'setTimeout',
    "len.call(nil, 'x')",
    'len.constructor',
    'x = 1',
    'record.a = 1',
    "[].constructor.constructor('return 1')()",
    '`${1}`',
    '/a+/.test(record.a)',
    'void 0',
    'typeof record',
    'delete record.a',
    'a => 1',
  ];

  it.each(ESCAPES)('%s fails at definition time in every kind', (source) => {
    for (const kind of EXPRESSION_KINDS) {
      expect(() => compileExpression(source, { kind })).toThrow(ExpressionError);
    }
  });

  describe('computed member names never reach a prototype', () => {
    const env = { record: { a: 1, key: '__proto__', ctor: 'constructor', ts: 'toString', h: 'hasOwnProperty' } };

    it.each([
      ["record['__pro' + 'to__']", null],
      ['record[record.key]', null],
      ['record[record.ctor]', null],
      ['record[record.ts]', null],
      ['record[record.h]', null],
      ["record['valueOf']", null],
      ["user['toString']", null],
      ['record[record.ctor][record.ctor]', null],
      ['record.key in record', false],
      ["'toString' in record", false],
      ["'a' in record", true],
      ["related['constructor' + '']", null],
    ])('%s → %p', (source, expected) => {
      expect(run(source, { ...env, user: { id: 'u' } })).toBe(expected);
    });

    it('lists do not expose their methods or length through indexes', () => {
      expect(runError("record.l['length']", { record: { l: [1] } })).toBe('an index must be an integer, got string');
      expect(runError("record.l['map']", { record: { l: [1] } })).toBe('an index must be an integer, got string');
      expect(runError("'abc'['length']", {})).toBe('an index must be an integer, got string');
      expect(runError("'abc'[record.k]", { record: { k: 'length' } })).toBe('an index must be an integer, got string');
    });
  });

  describe('scope data', () => {
    it('a JSON __proto__ key stays data and pollutes nothing', () => {
      const payload: unknown = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
      const scope = scopeOf({ record: payload });
      expect(run('record.polluted == nil && record.a == 1', { record: payload })).toBe(true);
      expect(evaluate(compileExpression('record.polluted', { kind: 'computed' }), scope)).toBeNull();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('copies are null-prototype maps, detached from the caller’s objects', () => {
      const original = { a: { b: [1, { c: 2 }] } };
      const copy = toScopeValue(original) as { a: { b: unknown[] } };
      expect(Object.getPrototypeOf(copy)).toBeNull();
      expect(Object.getPrototypeOf(copy.a)).toBeNull();
      expect(Object.getPrototypeOf(copy.a.b[1])).toBeNull();
      expect(copy.a).not.toBe(original.a);
    });

    it('functions, symbols and class instances are refused when copying', () => {
      expect(() => toScopeValue({ f: () => 1 })).toThrow(ExpressionEvaluationError);
      expect(() => toScopeValue({ s: Symbol('x') })).toThrow(ExpressionEvaluationError);
      expect(() => toScopeValue({ r: /x/ })).toThrow(ExpressionEvaluationError);
      expect(() => toScopeValue({ m: new (class Foo {})() })).toThrow(ExpressionEvaluationError);
    });

    it('a function smuggled into a raw scope is never called', () => {
      const spy = jest.fn(() => 'called');
      const scope = scopeMap({ record: scopeMap({ f: spy, a: 1 }), now: FIXED_NOW });
      for (const source of ['record.f', 'record.f == nil', 'string(record)', 'len(record.f)', "record.f + 'x'"]) {
        const compiled = compileExpression(source, { kind: 'computed' });
        expect(() => evaluate(compiled, scope)).toThrow('unsupported value in expression scope');
      }
      expect(evaluate(compileExpression('record.a', { kind: 'computed' }), scope)).toBe(1);
      expect(spy).not.toHaveBeenCalled();
    });

    it('a class instance in a raw scope is refused before any getter runs', () => {
      const getter = jest.fn(() => 1);
      class Secret {
        get x() {
          return getter();
        }
      }
      const scope = scopeMap({ record: new Secret(), now: FIXED_NOW });
      expect(() => evaluate(compileExpression('record.x', { kind: 'computed' }), scope)).toThrow(
        'unsupported value in expression scope',
      );
      expect(getter).not.toHaveBeenCalled();
    });

    it('evaluation never writes to the scope (deep-frozen data evaluates the same)', () => {
      const data = { record: { a: 1, items: [{ q: 1 }, { q: 2 }], tags: ['x'] }, old: { a: 0 } };
      const scope = deepFreeze(scopeOf(data));
      const before = JSON.stringify(scope);
      for (const source of [
        "sum(record.items, 'q') + len(record.tags)",
        'string(record) + string(old)',
        "record.a != old.a && 'x' in record.tags",
        'max(record.items[0].q, record.items[1].q)',
      ]) {
        expect(() => evaluate(compileExpression(source, { kind: 'computed' }), scope)).not.toThrow();
      }
      expect(JSON.stringify(scope)).toBe(before);
    });
  });

  describe('huge and deeply nested input', () => {
    it('deep nesting is refused when copied into a scope', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 200; i++) deep = [deep];
      expect(() => toScopeValue({ deep })).toThrow('scope data nested too deeply');
    });

    it('deep nesting that bypasses the copy is bounded in comparison and conversion', () => {
      let a: unknown = 1;
      let b: unknown = 1;
      for (let i = 0; i < 5000; i++) {
        a = [a];
        b = [b];
      }
      const scope = scopeMap({ record: scopeMap({ a, b }), now: FIXED_NOW });
      expect(() => evaluate(compileExpression('record.a == record.b', { kind: 'computed' }), scope)).toThrow(
        'values nested too deeply to compare',
      );
      expect(() => evaluate(compileExpression('string(record.a)', { kind: 'computed' }), scope)).toThrow(
        ExpressionEvaluationError,
      );
    });

    it('large data costs work units, and too much work is refused', () => {
      const big = Array.from({ length: 600_000 }, (_, i) => i);
      const env = { record: { a: big, b: [...big] } };
      expect(runError('record.a == record.b && record.b == record.a', env)).toBe('expression too expensive');
      expect(run('len(record.a)', env)).toBe(600_000);
    });

    it('large strings: lengths are fine, produced strings are bounded', () => {
      const s = 'a'.repeat(40_000);
      expect(run('len(record.s)', { record: { s } })).toBe(40_000);
      expect(runError('record.s + record.s', { record: { s } })).toBe('string result longer than 65536 characters');
      expect(runError('string([record.s, record.s])', { record: { s } })).toBe(
        'string result longer than 65536 characters',
      );
    });
  });

  describe('catastrophic regular expressions (03 §12.4)', () => {
    it("'aaaa…!' matches '^(a+)+$' is false in under 50 ms", () => {
      const compiled = compileExpression("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' matches '^(a+)+$'", {
        kind: 'rule',
      });
      const started = performance.now();
      expect(evaluate(compiled, scopeOf())).toBe(false);
      expect(performance.now() - started).toBeLessThan(50);
    });

    it.each(['^(a+)+$', '(a|a)*b', '(a*)*b', '(.*a){20}$', '^(a|aa)+$x', '(\\w+\\s?)+$!'])(
      '%s stays linear on a 99,999-character subject',
      (pattern) => {
        const compiled = compileExpression(`record.s matches '${pattern.replace(/\\/g, '\\\\')}'`, { kind: 'rule' });
        const scope = scopeOf({ record: { s: `${'a'.repeat(99_998)}!` } });
        const started = performance.now();
        expect(evaluate(compiled, scope)).toBe(false);
        expect(performance.now() - started).toBeLessThan(2000);
      },
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
