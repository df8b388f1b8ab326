import { compileFailure } from '../testing/errors.fixture';
import { parse } from '../syntax/parser';
import { checkProgram } from './checker';
import { clearExpressionCache, compileExpression, compileStoredExpression } from './compile';
import { EXPRESSION_KINDS, ExpressionKind, KIND_VARIABLES } from './kinds';

const invoice = {
  name: 'invoice',
  pk: { name: 'id' },
  fields: [{ name: 'status' }, { name: 'total' }],
};

const fail = (source: string, kind: ExpressionKind = 'rule', extra: object = {}) =>
  compileFailure(() => compileExpression(source, { kind, ...extra }));

describe('compileExpression', () => {
  beforeEach(() => clearExpressionCache());

  describe('identifiers (03 §6, §9)', () => {
    it('names the allowed variables of the kind when an identifier is unknown', () => {
      const error = fail('recrd.total > 0');
      expect(error.rule).toBe('expression_identifier');
      expect(error.message).toBe(
        "unknown identifier 'recrd' at column 1; allowed: record, old, changes, action, entity, user, related, now",
      );
    });

    it.each(EXPRESSION_KINDS.map((kind) => [kind]))('%s accepts exactly its variables', (kind) => {
      for (const name of KIND_VARIABLES[kind])
        expect(() => compileExpression(`${name} == nil`, { kind })).not.toThrow();
      const others = ['record', 'old', 'context', 'trigger', 'user', 'event', 'related', 'workflow', 'steps'].filter(
        (name) => !KIND_VARIABLES[kind].includes(name),
      );
      for (const name of others) expect(fail(`${name} == nil`, kind).rule).toBe('expression_identifier');
    });

    it('field_rule has no old (12 §1.5); webhook conditions have event (03 §9.2)', () => {
      expect(fail('old == nil', 'field_rule').rule).toBe('expression_identifier');
      expect(compileExpression("event == 'after_write'", { kind: 'webhook_condition' }).identifiers).toEqual(['event']);
    });

    it('adds place-dependent variables (11 §3.12, 09 §6) only when asked', () => {
      expect(fail('loop.index > 0', 'workflow_condition').rule).toBe('expression_identifier');
      const compiled = compileExpression('loop.index > 0', { kind: 'workflow_condition', extraVariables: ['loop'] });
      expect(compiled.identifiers).toEqual(['loop']);
    });

    it('checks literal members of record and old against the entity', () => {
      expect(() =>
        compileExpression("record.status == 'x' && old.total > record.id", { kind: 'rule', entity: invoice }),
      ).not.toThrow();
      expect(() => compileExpression('record.deleted_at == nil', { kind: 'guard', entity: invoice })).not.toThrow();
      const error = fail('record.totl > 0', 'rule', { entity: invoice });
      expect(error.rule).toBe('expression_identifier');
      expect(error.message).toBe("unknown field 'totl' of entity 'invoice' at column 8");
      expect(fail("old['totl'] > 0", 'rule', { entity: invoice }).message).toBe(
        "unknown field 'totl' of entity 'invoice' at column 5",
      );
      // Deeper members and other variables are data, not fields.
      expect(() =>
        compileExpression('record.status.x == nil && user.foo == nil', { kind: 'rule', entity: invoice }),
      ).not.toThrow();
      // Without an entity nothing is checked.
      expect(() => compileExpression('record.totl > 0', { kind: 'rule' })).not.toThrow();
    });

    it.each(['__proto__', 'prototype', 'constructor'])('rejects the literal member %s', (name) => {
      expect(fail(`record.${name} == nil`).rule).toBe('expression_identifier');
      expect(fail(`record['${name}'] == nil`).rule).toBe('expression_identifier');
      expect(fail(`${name} == nil`).rule).toBe('expression_identifier');
      expect(fail(`count(related.x, '${name} == 1') > 0`).rule).toBe('expression_identifier');
    });
  });

  describe('functions (03 §7)', () => {
    it('rejects unknown functions with the list of built-ins', () => {
      const error = fail('foo(1) == 1');
      expect(error.rule).toBe('expression_function');
      expect(error.message).toBe(
        "unknown function 'foo' at column 1; allowed: len, lower, upper, trim, string, number, int, abs, floor, ceil, round, min, max, sum, avg, count, any, all, date, now",
      );
    });

    it.each([
      ['len()', 'len() takes 1 argument, got 0 at column 1'],
      ['len(a, b)', 'len() takes 1 argument, got 2 at column 1'],
      ['round(1, 2, 3)', 'round() takes 1 to 2 arguments, got 3 at column 1'],
      ['min()', 'min() takes at least 1 argument, got 0 at column 1'],
      ['now(1)', 'now() takes 0 arguments, got 1 at column 1'],
      ['any(related.x)', 'any() takes 2 arguments, got 1 at column 1'],
    ])('checks the arity of %s', (source, message) => {
      const error = fail(`${source} == 1`);
      expect(error.rule).toBe('expression_function');
      expect(error.message).toBe(message);
    });

    it('compiles sub-expressions at definition time', () => {
      const compiled = compileExpression("sum(related.items, 'quantity * round(unit_price)')", { kind: 'computed' });
      expect(compiled.functions).toEqual(['round', 'sum']);
      expect(compiled.identifiers).toEqual(['related']);
    });

    it('requires sub-expressions to be string literals', () => {
      const error = fail("count(related.x, 'a' + 'b') > 0");
      expect(error.rule).toBe('expression_function');
      expect(error.message).toBe('the sub-expression of count() must be a string literal at column 18');
    });

    it('reports errors inside sub-expressions at both columns', () => {
      expect(fail("any(related.x, 'a ==') ").message).toBe(
        'unexpected end of expression at column 5 of the sub-expression at column 16',
      );
      const error = fail("any(related.x, 'foo(a)')");
      expect(error.rule).toBe('expression_function');
      expect(error.message).toMatch(
        /^unknown function 'foo' at column 1 of the sub-expression at column 16; allowed: len/,
      );
    });

    it('limits sub-expressions to 500 characters', () => {
      const long = `a == ${'1 + '.repeat(130)}1`;
      expect(fail(`any(related.x, '${long}')`).rule).toBe('expression_limit');
    });
  });

  describe('matches (03 §5.5, §12.4)', () => {
    it('compiles the literal pattern', () => {
      expect(() => compileExpression("record.slug matches '^[a-z]+$'", { kind: 'rule' })).not.toThrow();
    });

    it('requires a string literal', () => {
      const error = fail('record.slug matches record.pattern');
      expect(error.rule).toBe('expression_regex');
      expect(error.message).toBe("the right operand of 'matches' must be a string literal at column 21");
    });

    it.each(['(a', 'a\\1', '(?=a)', '(?<!a)b', '[]', 'a**', 'x{2000}'])('rejects the pattern %s', (pattern) => {
      const error = fail(`record.slug matches '${pattern.replace(/\\/g, '\\\\')}'`);
      expect(error.rule).toBe('expression_regex');
      expect(error.message).toMatch(/^invalid regular expression: .* at column 21$/);
    });

    it('rejects patterns over 500 characters', () => {
      expect(fail(`record.s matches '${'a'.repeat(501)}'`).rule).toBe('expression_regex');
    });
  });

  describe('limits (03 §12.4)', () => {
    it('source length: 2,000 characters', () => {
      const ok = `a == ${'1+'.repeat(10)}1`.padEnd(2000, ' ');
      expect(() => compileExpression(ok, { kind: 'workflow_context', extraVariables: ['a'] })).not.toThrow();
      const error = fail(`${ok} `);
      expect(error.rule).toBe('expression_limit');
      expect(error.message).toBe('expression is longer than 2000 characters');
    });

    it('AST nodes: 500', () => {
      const sum = (terms: number) => Array.from({ length: terms }, () => 'record.a').join(' + ');
      expect(() => compileExpression(sum(166), { kind: 'computed' })).not.toThrow(); // 166 × 2 + 165 = 497
      const error = fail(sum(168), 'computed');
      expect(error.rule).toBe('expression_limit');
      expect(error.message).toBe('expression has more than 500 nodes');
    });

    it('list literals: 1,000 elements, literal lists counting as one node', () => {
      const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i % 10).join(',')}]`;
      expect(compileExpression(`record.a in ${list(990)}`, { kind: 'rule' }).nodeCount).toBe(4);
      // 1,001 elements cannot fit in 2,000 characters: the checker's own limit is shown on a parsed tree.
      const error = compileFailure(() => checkProgram(parse(list(1001)), { variables: [] }));
      expect(error.rule).toBe('expression_limit');
      expect(error.message).toBe('list literal has more than 1000 elements at column 1');
    });
  });

  describe('kinds (03 §1, §12.2)', () => {
    it.each(["'yes'", '42', '[true]'])('rejects the non-boolean literal %s in boolean kinds', (source) => {
      for (const kind of ['rule', 'guard', 'webhook_condition', 'workflow_condition', 'field_rule'] as const) {
        expect(fail(source, kind).rule).toBe('expression_syntax');
      }
      expect(() => compileExpression(source, { kind: 'computed' })).not.toThrow();
    });

    it('allows empty text only for webhook conditions and guards', () => {
      expect(compileExpression('', { kind: 'webhook_condition' }).empty).toBe(true);
      expect(compileExpression('  ', { kind: 'guard' }).empty).toBe(true);
      for (const kind of ['rule', 'computed', 'workflow_condition', 'action_template'] as const) {
        const error = fail('', kind);
        expect(error.rule).toBe('required');
        expect(error.message).toBe('expression is required');
      }
    });
  });

  describe('the compiled expression', () => {
    it('carries its facts', () => {
      const compiled = compileExpression("len(related.items) > 0 && record.status == 'x' && now() > date(record.at)", {
        kind: 'rule',
      });
      expect(compiled.identifiers).toEqual(['record', 'related']);
      expect(compiled.functions).toEqual(['date', 'len', 'now']);
      expect(compiled.kind).toBe('rule');
      expect(compiled.nodeCount).toBeGreaterThan(10);
    });

    it('is frozen, tree included', () => {
      const compiled = compileExpression('record.a + 1 > 2', { kind: 'rule' });
      expect(Object.isFrozen(compiled)).toBe(true);
      expect(Object.isFrozen(compiled.root)).toBe(true);
      expect(compiled.root.type === 'binary' && Object.isFrozen(compiled.root.left)).toBe(true);
      expect(Object.isFrozen(compiled.identifiers)).toBe(true);
    });

    it('is cached by kind, entity fields and text', () => {
      const a = compileExpression('record.status == nil', { kind: 'rule', entity: invoice });
      expect(compileExpression('record.status == nil', { kind: 'rule', entity: invoice })).toBe(a);
      expect(compileExpression('record.status == nil', { kind: 'rule', entity: { ...invoice } })).toBe(a);
      expect(compileExpression('record.status == nil', { kind: 'guard', entity: invoice })).not.toBe(a);
      expect(compileExpression('record.status == nil', { kind: 'rule' })).not.toBe(a);
      // Removing the field changes the key: the expression no longer compiles.
      const shrunk = { ...invoice, fields: [{ name: 'total' }] };
      expect(fail('record.status == nil', 'rule', { entity: shrunk }).rule).toBe('expression_identifier');
    });
  });

  describe('compileStoredExpression (03 §12.2)', () => {
    it('compiles good text as usual', () => {
      expect(compileStoredExpression('record.a > 1', { kind: 'rule' }, 'r1').broken).toBeUndefined();
    });

    it('keeps bad text as a broken program that names kind, id and error', () => {
      const broken = compileStoredExpression('record.a >', { kind: 'rule' }, 'r1');
      expect(broken.broken).toBe('misconfigured expression in rule r1: unexpected end of expression at column 11');
    });
  });
});
