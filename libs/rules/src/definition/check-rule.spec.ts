import { checkRule, RuleCheck, RuleCheckOptions } from './check-rule';
import { registry } from '../testing/fixtures';

const options: RuleCheckOptions = { registry, reserved: (e) => new Set(e.name === 'invoice' ? ['status'] : []) };
const check = (body: unknown, extra: Partial<RuleCheckOptions> = {}) => checkRule(body, { ...options, ...extra });

function details(result: RuleCheck) {
  if (result.ok) throw new Error('expected the rule to be refused');
  return result.details;
}

const field = (definition: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
  entity: 'invoice',
  type: 'field',
  definition,
  ...rest,
});

describe('checkRule (04 §1.9)', () => {
  it('answers the canonical form with defaults filled in', () => {
    const result = check(
      field({ field: 'total', operator: 'gte', value: 0, message: 'Invoice total must be non-negative' }),
    );
    expect(result.ok && result.input).toEqual({
      entity: 'invoice',
      hook: 'before_write',
      type: 'field',
      definition: {
        field: 'total',
        operator: 'gte',
        value: 0,
        message: 'Invoice total must be non-negative',
        stop_on_fail: false,
      },
      priority: 0,
      active: true,
    });
  });

  it('moves top-level message and stop_on_fail into definition and ignores id and timestamps', () => {
    const result = check({
      id: '6f1c0000-0000-4000-8000-000000000000',
      created_at: 'x',
      updated_at: 'y',
      entity: 'invoice',
      type: 'expression',
      definition: { expression: "record.status == 'paid' && record.payment_date == nil", field: 'payment_date' },
      message: 'Payment date is required when status is paid',
      stop_on_fail: true,
      priority: 10,
    });
    expect(result.ok && result.input).toEqual({
      entity: 'invoice',
      hook: 'before_write',
      type: 'expression',
      definition: {
        expression: "record.status == 'paid' && record.payment_date == nil",
        field: 'payment_date',
        message: 'Payment date is required when status is paid',
        stop_on_fail: true,
      },
      priority: 10,
      active: true,
    });
  });

  it('reports the spec example with rule expression_syntax and the column', () => {
    expect(
      details(check({ entity: 'invoice', type: 'expression', definition: { expression: 'record.total >' } })),
    ).toEqual([
      {
        field: 'definition.expression',
        rule: 'expression_syntax',
        message: 'unexpected end of expression at column 15',
      },
    ]);
  });

  /** [case, body, expected details (field, rule)]: one detail per problem, with its JSON path. */
  it.each([
    ['not an object', [], [['', 'invalid_value']]],
    [
      'empty body',
      {},
      [
        ['entity', 'required'],
        ['type', 'required'],
        ['definition', 'required'],
      ],
    ],
    ['unknown entity', field({ field: 'x', operator: 'required' }, { entity: 'nope' }), [['entity', 'not_found']]],
    ['bad type', { entity: 'invoice', type: 'magic', definition: {} }, [['type', 'invalid_value']]],
    [
      'http_validate not built',
      { entity: 'invoice', type: 'http_validate', definition: {} },
      [['type', 'invalid_value']],
    ],
    [
      'unknown hook',
      field({ field: 'total', operator: 'required' }, { hook: 'after_write' }),
      [['hook', 'invalid_value']],
    ],
    [
      'field rule before_delete',
      field({ field: 'total', operator: 'required' }, { hook: 'before_delete' }),
      [['hook', 'invalid_value']],
    ],
    [
      'computed before_delete',
      { entity: 'invoice', hook: 'before_delete', type: 'computed', definition: { field: 'notes', expression: "'x'" } },
      [['hook', 'invalid_value']],
    ],
    [
      'definition not an object',
      { entity: 'invoice', type: 'field', definition: 'x' },
      [['definition', 'invalid_value']],
    ],
    [
      'priority and active',
      field({ field: 'total', operator: 'required' }, { priority: 1_000_001, active: 'yes' }),
      [
        ['priority', 'invalid_value'],
        ['active', 'invalid_value'],
      ],
    ],
    [
      'priority not integral',
      field({ field: 'total', operator: 'required' }, { priority: 1.5 }),
      [['priority', 'invalid_value']],
    ],
    [
      'unknown top-level key',
      field({ field: 'total', operator: 'required' }, { severity: 1 }),
      [['severity', 'unknown']],
    ],
    [
      'unknown definition key',
      field({ field: 'total', operator: 'required', when: 'x' }),
      [['definition.when', 'unknown']],
    ],
    ['unknown checked field', field({ field: 'totl', operator: 'required' }), [['definition.field', 'not_found']]],
    [
      'missing field and operator',
      field({}),
      [
        ['definition.field', 'required'],
        ['definition.operator', 'required'],
      ],
    ],
    ['unknown operator', field({ field: 'total', operator: 'between' }), [['definition.operator', 'invalid_value']]],
    [
      'operator not for type',
      field({ field: 'number', operator: 'min', value: 1 }),
      [['definition.operator', 'invalid_value']],
    ],
    ['value missing', field({ field: 'total', operator: 'gte' }), [['definition.value', 'required']]],
    [
      'bad value',
      field({ field: 'quantity', operator: 'in', value: [1, 'two'] }),
      [['definition.value', 'invalid_value']],
    ],
    [
      'unsafe regex',
      field({ field: 'number', operator: 'pattern', value: '(a)\\1' }),
      [['definition.value', 'expression_regex']],
    ],
    [
      'message and stop_on_fail types',
      field({ field: 'total', operator: 'required', message: 'x'.repeat(501), stop_on_fail: 'yes' }),
      [
        ['definition.message', 'invalid_value'],
        ['definition.stop_on_fail', 'invalid_value'],
      ],
    ],
    [
      'message both places, differing',
      field({ field: 'total', operator: 'required', message: 'a' }, { message: 'b' }),
      [['message', 'invalid_value']],
    ],
    [
      'expression unknown identifier',
      { entity: 'invoice', type: 'expression', definition: { expression: 'recrd.total > 0' } },
      [['definition.expression', 'expression_identifier']],
    ],
    [
      'expression unknown record member',
      { entity: 'invoice', type: 'expression', definition: { expression: 'record.totl > 0' } },
      [['definition.expression', 'expression_identifier']],
    ],
    [
      'expression unknown function',
      { entity: 'invoice', type: 'expression', definition: { expression: 'foo(record.total)' } },
      [['definition.expression', 'expression_function']],
    ],
    [
      'expression too long',
      { entity: 'invoice', type: 'expression', definition: { expression: `record.total > ${'1'.repeat(2001)}` } },
      [['definition.expression', 'expression_limit']],
    ],
    [
      'expression regex',
      { entity: 'invoice', type: 'expression', definition: { expression: "record.number matches '(a)\\\\1'" } },
      [['definition.expression', 'expression_regex']],
    ],
    [
      'non-boolean rule literal',
      { entity: 'invoice', type: 'expression', definition: { expression: "'yes'" } },
      [['definition.expression', 'expression_syntax']],
    ],
    [
      'empty expression',
      { entity: 'invoice', type: 'expression', definition: { expression: '' } },
      [['definition.expression', 'required']],
    ],
    [
      'missing expression',
      { entity: 'invoice', type: 'expression', definition: {} },
      [['definition.expression', 'required']],
    ],
    [
      'expression label unknown',
      { entity: 'invoice', type: 'expression', definition: { expression: 'false', field: 'nope' } },
      [['definition.field', 'not_found']],
    ],
    [
      'computed target is the pk',
      { entity: 'invoice', type: 'computed', definition: { field: 'id', expression: "'x'" } },
      [['definition.field', 'invalid_value']],
    ],
    [
      'computed target is auto',
      { entity: 'invoice', type: 'computed', definition: { field: 'created_at', expression: 'now' } },
      [['definition.field', 'invalid_value']],
    ],
    [
      'computed target is a file',
      { entity: 'invoice', type: 'computed', definition: { field: 'scan', expression: 'nil' } },
      [['definition.field', 'invalid_value']],
    ],
    [
      'computed target is a state-machine field',
      { entity: 'invoice', type: 'computed', definition: { field: 'status', expression: "'draft'" } },
      [['definition.field', 'invalid_value']],
    ],
    [
      'computed message is not a key',
      { entity: 'invoice', type: 'computed', definition: { field: 'notes', expression: "'x'", message: 'm' } },
      [['definition.message', 'unknown']],
    ],
    [
      'computed top-level message',
      { entity: 'invoice', type: 'computed', definition: { field: 'notes', expression: "'x'" }, message: 'm' },
      [['message', 'unknown']],
    ],
    [
      'related_load not a list',
      { entity: 'invoice', type: 'expression', definition: { expression: 'false', related_load: {} } },
      [['definition.related_load', 'invalid_value']],
    ],
    [
      'related_load too many',
      {
        entity: 'invoice',
        type: 'expression',
        definition: { expression: 'false', related_load: Array.from({ length: 6 }, () => ({ relation: 'items' })) },
      },
      [['definition.related_load', 'invalid_value']],
    ],
    [
      'related_load entry problems',
      {
        entity: 'invoice',
        type: 'expression',
        definition: {
          expression: 'false',
          related_load: [
            { relation: 'nope' },
            { relation: 'items', limit: 1001, extra: 1 },
            { relation: 'tags', filter: { 'label.near': 'x', size: 1, 'label.in': 'x' } },
            { relation: 'detail', filter: { 'invoice_id.like': '%' } },
            { relation: 'customer_invoices', filter: { 'id.eq': 'not-a-uuid', name: null } },
          ],
        },
      },
      [
        ['definition.related_load[0].relation', 'not_found'],
        ['definition.related_load[1].extra', 'unknown'],
        ['definition.related_load[1].limit', 'invalid_value'],
        ['definition.related_load[2].filter.label.near', 'invalid_value'],
        ['definition.related_load[2].filter.size', 'not_found'],
        ['definition.related_load[2].filter.label.in', 'invalid_value'],
        ['definition.related_load[3].filter.invoice_id.like', 'invalid_value'],
        ['definition.related_load[4].filter.id.eq', 'invalid_value'],
        ['definition.related_load[4].filter.name', 'invalid_value'],
      ],
    ],
    [
      'related_load entry without relation',
      { entity: 'invoice', type: 'expression', definition: { expression: 'false', related_load: [{}, 3] } },
      [
        ['definition.related_load[0].relation', 'required'],
        ['definition.related_load[1]', 'invalid_value'],
      ],
    ],
    [
      'related_load relation of another entity',
      {
        entity: 'invoice_item',
        type: 'expression',
        definition: { expression: 'false', related_load: [{ relation: 'tags' }] },
      },
      [['definition.related_load[0].relation', 'not_found']],
    ],
    [
      'related_load twice',
      {
        entity: 'invoice',
        type: 'expression',
        definition: { expression: 'false', related_load: [{ relation: 'items' }, { relation: 'items' }] },
      },
      [['definition.related_load[1].relation', 'invalid_value']],
    ],
  ])('%s', (_case, body, expected) => {
    expect(details(check(body)).map((d) => [d.field, d.rule])).toEqual(expected);
  });

  it('prefixes every path in an import (01 §8.3)', () => {
    const result = check(field({ field: 'totl', operator: 'required' }), { prefix: 'rules[2]' });
    expect(details(result).map((d) => d.field)).toEqual(['rules[2].definition.field']);
  });

  it('fills related_load defaults and keeps the filter as written', () => {
    const result = check({
      entity: 'customer',
      hook: 'before_delete',
      type: 'expression',
      definition: {
        expression: 'len(related.customer_invoices) > 0',
        related_load: [{ relation: 'customer_invoices', filter: { 'status.in': ['draft', 'sent', 'paid'] } }],
      },
    });
    expect(result.ok && result.input.definition).toEqual({
      expression: 'len(related.customer_invoices) > 0',
      stop_on_fail: false,
      related_load: [
        { relation: 'customer_invoices', filter: { 'status.in': ['draft', 'sent', 'paid'] }, limit: 1000 },
      ],
    });
    expect(result.ok && result.parsed.type === 'expression' && result.parsed.related[0]).toMatchObject({
      name: 'customer_invoices',
      side: 'source',
      single: false,
      limit: 1000,
    });
  });

  it('sees relations from either side: a target-side one_to_many is a single row', () => {
    const result = check({
      entity: 'invoice_item',
      type: 'computed',
      definition: {
        field: 'line_total',
        expression: 'related.items.total',
        related_load: [{ relation: 'items', limit: 5 }],
      },
    });
    expect(result.ok && result.parsed.type === 'computed' && result.parsed.related[0]).toMatchObject({
      side: 'target',
      single: true,
      limit: 5,
    });
  });

  it('stored rules are not checked for record members (a removed field reads null, 03 §6)', () => {
    const body = {
      entity: 'invoice',
      type: 'expression',
      definition: { expression: 'record.gone != nil', field: 'gone' },
    };
    expect(check(body).ok).toBe(false);
    const stored = check(body, { stored: true });
    expect(stored.ok && stored.input.definition).toEqual({ expression: 'record.gone != nil', stop_on_fail: false });
  });
});
