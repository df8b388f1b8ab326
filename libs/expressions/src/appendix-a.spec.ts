import { compileExpression } from './compile/compile';
import { evaluate } from './runtime/evaluate';
import { SafeRegex } from './regex/safe-regex';
import { compileContextValue } from './templates/context-mapping';
import { APPENDIX_EXPRESSIONS, APPENDIX_LITERAL_CONTEXT_VALUES, APPENDIX_REGEXES } from './testing/appendix-a.fixture';
import { scopeOf } from './testing/scope.fixture';

/** 03 Appendix A: every upstream expression compiles in its context and gives the stated results. */
describe('03 Appendix A', () => {
  const cases = APPENDIX_EXPRESSIONS.flatMap((c) =>
    c.vectors.map((v, i) => ({ ...c, vector: i, env: v.env, expected: v.expected })),
  );

  it.each(cases)('row $row [$kind] $expression #$vector', ({ kind, expression, env, expected }) => {
    const compiled = compileExpression(expression, { kind });
    expect(evaluate(compiled, scopeOf(env))).toEqual(expected);
  });

  it('covers every row of A.1 and A.2 that holds an expression', () => {
    const rows = new Set(APPENDIX_EXPRESSIONS.map((c) => c.row));
    const expected = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'];
    for (let n = 14; n <= 37; n++) expected.push(String(n));
    expect([...rows].filter((r) => r !== 'design-doc').sort()).toEqual(expected.sort());
  });

  it.each(APPENDIX_REGEXES)('row $row: pattern $pattern', ({ pattern, matching, failing }) => {
    const regex = SafeRegex.compile(pattern);
    for (const text of matching) expect(regex.test(text)).toBe(true);
    for (const text of failing) expect(regex.test(text)).toBe(false);
    const compiled = compileExpression(`record.value matches '${pattern.replace(/\\/g, '\\\\')}'`, { kind: 'rule' });
    for (const text of matching) expect(evaluate(compiled, scopeOf({ record: { value: text } }))).toBe(true);
  });

  it.each(APPENDIX_LITERAL_CONTEXT_VALUES)('row 38: context value %s stays literal', (value) => {
    expect(compileContextValue(value)).toEqual({ template: false, value });
  });

  it('rows 9, 10, 37: context values that are paths compile as expressions', () => {
    for (const path of ['trigger.record_id', 'record.id', 'trigger.record.amount']) {
      expect(compileContextValue(path).template).toBe(true);
    }
  });

  it('row 7 keeps the documented polarity: a valid leave request is a violation as authored', () => {
    const compiled = compileExpression('new Date(record.end_date) < new Date(record.start_date)', { kind: 'rule' });
    expect(evaluate(compiled, scopeOf({ record: { end_date: '2026-03-14', start_date: '2026-03-10' } }))).toBe(false);
  });

  it('compiles the record rows against an entity that has their fields', () => {
    const invoice = {
      name: 'invoice',
      pk: { name: 'id' },
      fields: [
        'id',
        'status',
        'payment_date',
        'payment_amount',
        'total',
        'quantity',
        'unit_price',
        'discount',
        'email',
        'start_date',
        'end_date',
      ].map((name) => ({ name })),
    };
    const recordKinds = ['rule', 'computed', 'guard', 'webhook_condition'];
    for (const c of APPENDIX_EXPRESSIONS.filter((e) => recordKinds.includes(e.kind))) {
      expect(() => compileExpression(c.expression, { kind: c.kind, entity: invoice })).not.toThrow();
    }
  });
});
