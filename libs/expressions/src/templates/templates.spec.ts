import { compileFailure } from '../testing/errors.fixture';
import { scopeOf } from '../testing/scope.fixture';
import { compileContextValue } from './context-mapping';
import { compileTextTemplate, renderTextTemplate } from './text-template';
import { compileValueTemplate, resolveValueTemplate, wholeTemplateSource } from './value-template';

const scope = scopeOf({ record: { id: 'r1', total: 40, tags: ['a'] }, context: { n: null } });

describe('value templates (03 §10)', () => {
  it.each([
    ['{{ record.total * 2 }}', 80],
    ['{{record.id}}', 'r1'],
    ['{{  record.tags  }}', ['a']],
    ['{{ record.missing }}', null],
  ])('%s is replaced by the typed result', (value, expected) => {
    const compiled = compileValueTemplate(value, { kind: 'action_template' });
    expect(compiled.template).toBe(true);
    expect(resolveValueTemplate(compiled, scope)).toEqual(expected);
  });

  it.each([
    'now',
    'plain text',
    'total: {{ record.total }}',
    '{{ record.total }} items',
    '{{ a }} and {{ b }}',
    '{ record.total }',
    42,
    null,
    { nested: '{{ record.id }}' },
  ])('%p stays literal', (value) => {
    const compiled = compileValueTemplate(value, { kind: 'action_template' });
    expect(compiled).toEqual({ template: false, value });
    expect(resolveValueTemplate(compiled, scope)).toBe(value);
  });

  it('compiles at definition time and reports columns of the whole string', () => {
    const error = compileFailure(() => compileValueTemplate('{{ recrd.id }}', { kind: 'action_template' }));
    expect(error.rule).toBe('expression_identifier');
    expect(error.message).toMatch(/^unknown identifier 'recrd' at column 4; allowed: record/);
    expect(compileFailure(() => compileValueTemplate('{{ }}', { kind: 'action_template' })).rule).toBe('required');
  });

  it('finds whole-string templates only', () => {
    expect(wholeTemplateSource('{{ x }}')).toEqual({ source: ' x ', offset: 2 });
    expect(wholeTemplateSource(' {{ x }}')).toBeNull();
    expect(wholeTemplateSource('{{ x }')).toBeNull();
  });
});

describe('text templates (09 §6)', () => {
  it('replaces each {{ expr }} by string(result), null by nothing', () => {
    const compiled = compileTextTemplate(
      '/orders/{{ record.id }}/{{ record.total }}?t={{ record.tags }}&n={{ context.n }}',
      {
        kind: 'workflow_value',
        extraVariables: ['record'],
      },
    );
    expect(renderTextTemplate(compiled, scope)).toBe('/orders/r1/40?t=["a"]&n=');
  });

  it('leaves text without templates, and an unclosed {{, as it is', () => {
    const compiled = compileTextTemplate('a {{ b', { kind: 'workflow_value' });
    expect(compiled.parts).toEqual(['a {{ b']);
    expect(renderTextTemplate(compiled, scope)).toBe('a {{ b');
  });

  it('reports errors at their column in the text', () => {
    const error = compileFailure(() => compileTextTemplate('Hello {{ contxt.x }}', { kind: 'workflow_value' }));
    expect(error.message).toMatch(/^unknown identifier 'contxt' at column 10;/);
  });
});

describe('workflow context mappings (03 §9.4)', () => {
  it.each([
    ['trigger.record.amount', true],
    ['record.id', true],
    ['record_id', true],
    ["trigger.record.total > 100 ? 'big' : 'small'", true],
    ['purchase_order', false],
    ['hello world', false],
    ['context.x', false],
    ['', false],
  ])('%s → expression: %p', (value, isExpression) => {
    expect(compileContextValue(value).template).toBe(isExpression);
  });

  it('keeps non-strings as literals', () => {
    expect(compileContextValue(5)).toEqual({ template: false, value: 5 });
    expect(compileContextValue({ a: 1 })).toEqual({ template: false, value: { a: 1 } });
  });
});
