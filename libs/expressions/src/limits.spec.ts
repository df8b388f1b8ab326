import { compileExpression } from './compile/compile';
import { LIMITS } from './compile/limits';
import { evaluate, tryEvaluate } from './runtime/evaluate';
import { SafeRegex } from './regex/safe-regex';
import { run, runError } from './testing/run.fixture';
import { scopeOf } from './testing/scope.fixture';

/** 03 §12.4: the run-time bounds (definition-time bounds are in compile.spec.ts). */
describe('run-time limits', () => {
  it('has the values of the spec', () => {
    expect(LIMITS).toMatchObject({
      sourceLength: 2000,
      subExpressionLength: 500,
      astNodes: 500,
      depth: 50,
      listLiteral: 1000,
      steps: 10_000,
      stringLength: 65_536,
      regexPattern: 500,
      regexSubject: 100_000,
    });
  });

  describe('evaluation steps: 10,000 node visits, sub-expressions counting per element', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ q: i }));
    // Per element: 7 nodes (3 additions, 4 variables); plus the call, its list argument and the root.
    const source = "sum(related.items, 'q + q + q + q')";

    it('allows work within the budget', () => {
      expect(run(source, { related: { items: items(1000) } })).toBe(4 * 499_500);
    });

    it('refuses work beyond it', () => {
      expect(runError(source, { related: { items: items(1500) } })).toBe('expression too expensive');
    });

    it('callers may lower the budget, never raise it', () => {
      const compiled = compileExpression(source, { kind: 'computed' });
      const scope = scopeOf({ related: { items: items(10) } });
      expect(tryEvaluate(compiled, scope, { maxSteps: 50 })).toEqual({ ok: false, error: 'expression too expensive' });
      expect(tryEvaluate(compiled, scope, { maxSteps: 100 })).toEqual({ ok: true, value: 180 });
      const big = scopeOf({ related: { items: items(1500) } });
      expect(tryEvaluate(compiled, big, { maxSteps: 1e9 }).ok).toBe(false);
    });

    it('nested sub-expressions multiply and are still bounded', () => {
      const rows = Array.from({ length: 100 }, () => ({ parts: items(100) }));
      expect(runError('sum(related.rows, \'sum(parts, "q")\')', { related: { rows } })).toBe(
        'expression too expensive',
      );
    });
  });

  it('string results: 65,536 characters', () => {
    const s = 'x'.repeat(32_768);
    expect(run('len(record.s + record.s)', { record: { s } })).toBe(65_536);
    expect(runError("record.s + record.s + 'x'", { record: { s } })).toBe('string result longer than 65536 characters');
    expect(runError('upper(record.t)', { record: { t: 'ß'.repeat(40_000) } })).toBe(
      'string result longer than 65536 characters',
    );
  });

  describe('regular expressions', () => {
    it('a subject over 100,000 characters never matches', () => {
      const compiled = compileExpression("record.s matches 'a'", { kind: 'rule' });
      expect(evaluate(compiled, scopeOf({ record: { s: 'a'.repeat(100_000) } }))).toBe(true);
      expect(evaluate(compiled, scopeOf({ record: { s: 'a'.repeat(100_001) } }))).toBe(false);
    });

    it('patterns longer than 500 characters are refused', () => {
      expect(() => SafeRegex.compile('a'.repeat(500))).not.toThrow();
      expect(() => SafeRegex.compile('a'.repeat(501))).toThrow('pattern is longer than 500 characters');
    });

    it('programs are bounded after counted repetitions are expanded', () => {
      expect(() => SafeRegex.compile('(a{1000}){10}')).toThrow('regular expression is too large');
    });

    it('the thread work of one search is bounded', () => {
      const regex = SafeRegex.compile('[a-z]{0,1000}!x');
      const started = performance.now();
      expect(() => regex.test(`${'a'.repeat(99_000)}!`)).toThrow('regular expression too expensive for this text');
      expect(performance.now() - started).toBeLessThan(3000);
    });
  });
});
