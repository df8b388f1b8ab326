import { RuleSet } from '../compile/rule-set';
import { RuleHook, RuleRow } from '../rule.types';
import { entityOf, registry } from '../testing/fixtures';
import { ruleRow } from '../testing/rule-rows';
import { evaluateRules } from './evaluate-rules';
import { RuleRun } from './rule-run';

const now = new Date('2026-02-08T10:00:00Z');

function run(entity: string, rows: RuleRow[], input: Partial<RuleRun> & { values?: Record<string, unknown> } = {}) {
  const set = RuleSet.compile(registry, rows, () => undefined);
  const hook: RuleHook = input.action === 'delete' ? 'before_delete' : 'before_write';
  const values = new Map(Object.entries(input.values ?? {}));
  const record = input.record ?? { ...(input.old ?? {}), ...(input.values ?? {}) };
  return evaluateRules(set.of(entity, hook), {
    entity: entityOf(entity),
    action: input.action ?? 'create',
    record,
    old: input.old ?? null,
    checked: input.checked ?? values,
    user: input.user ?? { id: 'u1', email: 'a@b.co', roles: ['accountant'] },
    now,
    path: input.path ?? '',
    readRelated: input.readRelated ?? (() => Promise.resolve({})),
  });
}

const fieldRule = (field: string, operator: string, value?: unknown, extra: Record<string, unknown> = {}) => ({
  field,
  operator,
  ...(value === undefined ? {} : { value }),
  ...extra,
});

describe('evaluateRules (04 §1.7)', () => {
  it('runs field rules, then expression rules, collecting every failure in order', async () => {
    const rows = [
      ruleRow('invoice', 'expression', { expression: 'record.total > 100', message: 'too big' }, { priority: -5 }),
      ruleRow('invoice', 'field', fieldRule('total', 'gte', 0, { message: 'Invoice total must be non-negative' }), {
        priority: 1,
      }),
      ruleRow('invoice', 'field', fieldRule('number', 'min_length', 3)),
    ];
    const outcome = await run('invoice', rows, { values: { total: -1, number: 'ab' } });
    expect(outcome.details).toEqual([
      { field: 'number', rule: 'min_length', message: 'field number failed min_length validation' },
      { field: 'total', rule: 'gte', message: 'Invoice total must be non-negative' },
    ]);
    const big = await run('invoice', rows, { values: { total: 500, number: 'ab' } });
    expect(big.details.map((d) => d.rule)).toEqual(['min_length', 'expression']);
  });

  it('orders by priority, then created_at, then id', async () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const rows = [
      ruleRow('invoice', 'expression', { expression: 'true', message: 'c' }, { priority: 2 }),
      ruleRow(
        'invoice',
        'expression',
        { expression: 'true', message: 'b2' },
        { priority: 1, created_at: at, id: 'bbbb' },
      ),
      ruleRow(
        'invoice',
        'expression',
        { expression: 'true', message: 'b1' },
        { priority: 1, created_at: at, id: 'aaaa' },
      ),
      ruleRow('invoice', 'expression', { expression: 'true', message: 'a' }, { priority: -1 }),
      ruleRow('invoice', 'expression', { expression: 'true', message: 'b0' }, { priority: 1, created_at: new Date(0) }),
    ];
    const outcome = await run('invoice', rows);
    expect(outcome.details.map((d) => d.message)).toEqual(['a', 'b0', 'b1', 'b2', 'c']);
  });

  it('stop_on_fail ends evaluation at once, across phases', async () => {
    const rows = [
      ruleRow('invoice', 'field', fieldRule('number', 'required', true, { stop_on_fail: true })),
      ruleRow('invoice', 'field', fieldRule('total', 'gte', 0)),
      ruleRow('invoice', 'expression', { expression: 'true' }),
    ];
    expect((await run('invoice', rows, { values: { total: -1 } })).details).toEqual([
      { field: 'number', rule: 'required', message: 'field number failed required validation' },
    ]);
    // Passing stop_on_fail rules do not stop anything.
    expect((await run('invoice', rows, { values: { total: -1, number: 'x' } })).details.map((d) => d.rule)).toEqual([
      'gte',
      'expression',
    ]);
    const inPhase2 = [
      ruleRow('invoice', 'expression', { expression: 'true', message: 'first', stop_on_fail: true }),
      ruleRow('invoice', 'expression', { expression: 'true', message: 'second' }),
    ];
    expect((await run('invoice', inPhase2)).details.map((d) => d.message)).toEqual(['first']);
  });

  it('create checks every value of the proposed record; update only the payload keys', async () => {
    const rows = [
      ruleRow('invoice', 'field', fieldRule('number', 'required')),
      ruleRow('invoice', 'field', fieldRule('total', 'gte', 0)),
    ];
    expect((await run('invoice', rows, { values: {} })).details.map((d) => d.field)).toEqual(['number']);
    // An old row that violates a newer rule is not blocked from unrelated edits.
    const old = { id: 'x', number: '', total: -5 };
    expect((await run('invoice', rows, { action: 'update', old, values: { notes: 'hi' } })).details).toEqual([]);
    expect(
      (await run('invoice', rows, { action: 'update', old, values: { number: '', total: -1 } })).details.map(
        (d) => d.field,
      ),
    ).toEqual(['number', 'total']);
  });

  it('absent and null values pass every operator but required', async () => {
    const rows = [
      ruleRow('invoice', 'field', fieldRule('total', 'gte', 0)),
      ruleRow('invoice', 'field', fieldRule('number', 'eq', 'x')),
    ];
    expect((await run('invoice', rows, { values: { total: null } })).details).toEqual([]);
  });

  it('expression rules see the stored row merged with the payload on update', async () => {
    const rows = [
      ruleRow('invoice', 'expression', {
        expression: "record.status == 'paid' && record.payment_date == nil",
        field: 'payment_date',
        message: 'Payment date is required when status is paid',
      }),
      ruleRow('invoice', 'expression', {
        expression: "action == 'update' && old.status != record.status && !('admin' in user.roles)",
        message: 'only admins change the status',
      }),
    ];
    const old = { id: 'x', status: 'sent', payment_date: null, total: '10.00' };
    const outcome = await run('invoice', rows, { action: 'update', old, values: { status: 'paid' } });
    expect(outcome.details).toEqual([
      { field: 'payment_date', rule: 'expression', message: 'Payment date is required when status is paid' },
      { rule: 'expression', message: 'only admins change the status' },
    ]);
    const admin = await run('invoice', rows, {
      action: 'update',
      old: { ...old, payment_date: '2026-02-01' },
      values: { status: 'paid' },
      user: { id: null, email: null, roles: ['admin', 'system'] },
    });
    expect(admin.details).toEqual([]);
  });

  it('turns evaluation errors into 03 §12.3 details', async () => {
    const rows = [
      ruleRow('invoice', 'expression', { expression: 'record.number > 5', field: 'number' }),
      ruleRow('invoice', 'computed', { field: 'score', expression: 'record.number * 2' }),
    ];
    const outcome = await run('invoice', rows, { values: { number: 'abc' } });
    expect(outcome.details).toEqual([
      { field: 'number', rule: 'expression', message: expect.stringMatching(/^rule could not be evaluated: /) },
    ]);
  });

  it('computes in order, each result visible to the next, coerced to the target type', async () => {
    const rows = [
      ruleRow(
        'invoice_item',
        'computed',
        { field: 'line_total', expression: 'record.quantity * record.unit_price' },
        { priority: 1 },
      ),
      ruleRow('invoice_item', 'computed', { field: 'unit_price', expression: 'round(10 / 3, 4)' }),
    ];
    const outcome = await run('invoice_item', rows, { values: { quantity: 3, unit_price: 1, line_total: 999 } });
    expect(outcome.details).toEqual([]);
    expect([...outcome.computed]).toEqual([
      ['unit_price', 3.33],
      ['line_total', 9.99],
    ]);
  });

  it('computed rules run only when phases 1–2 passed, and report every failure', async () => {
    const rows = [
      ruleRow('invoice', 'computed', { field: 'quantity', expression: '1.5' }),
      ruleRow('invoice', 'computed', { field: 'summary', expression: 'nil' }),
      ruleRow('invoice', 'computed', { field: 'paid', expression: "'yes'" }),
      ruleRow('invoice', 'computed', { field: 'notes', expression: 'record.total * 2' }),
    ];
    expect((await run('invoice', rows, { values: { total: 4 } })).details).toEqual([
      { field: 'quantity', rule: 'computed', message: 'quantity must be an integer' },
      { field: 'summary', rule: 'computed', message: 'summary is required' },
      { field: 'paid', rule: 'computed', message: 'paid must be a boolean' },
    ]);
    const blocked = [...rows, ruleRow('invoice', 'field', fieldRule('total', 'lt', 0))];
    const outcome = await run('invoice', blocked, { values: { total: 4 } });
    expect(outcome.details.map((d) => d.rule)).toEqual(['lt']);
    expect(outcome.computed.size).toBe(0);
  });

  it('prefixes details of nested rows with the row path', async () => {
    const rows = [
      ruleRow('invoice_item', 'field', fieldRule('quantity', 'gt', 0)),
      ruleRow('invoice_item', 'expression', { expression: 'record.quantity > 100' }),
    ];
    expect((await run('invoice_item', rows, { values: { quantity: 0 }, path: 'items[1]' })).details).toEqual([
      { field: 'items[1].quantity', rule: 'gt', message: 'field quantity failed gt validation' },
    ]);
    expect((await run('invoice_item', rows, { values: { quantity: 101 }, path: 'items[0]' })).details).toEqual([
      { field: 'items[0]', rule: 'expression', message: 'validation rule failed' },
    ]);
  });

  it('before_delete rules see the stored row and their related rows', async () => {
    const rows = [
      ruleRow(
        'customer',
        'expression',
        {
          expression: 'len(related.customer_invoices) > 0',
          message: 'customer has invoices',
          related_load: [{ relation: 'customer_invoices' }],
        },
        { hook: 'before_delete' },
      ),
    ];
    const asked: unknown[] = [];
    const outcome = await run('customer', rows, {
      action: 'delete',
      record: { id: 'c1', name: 'Acme' },
      old: { id: 'c1', name: 'Acme' },
      readRelated: (loads, record) => {
        asked.push([loads.map((l) => l.name), record.id]);
        return Promise.resolve({ customer_invoices: [{ id: 'i1' }] });
      },
    });
    expect(outcome.details).toEqual([{ rule: 'expression', message: 'customer has invoices' }]);
    expect(asked).toEqual([[['customer_invoices'], 'c1']]);
  });

  it('fails closed on stored rules that no longer compile, and skips rules of removed fields', async () => {
    const warnings: string[] = [];
    const rows = [
      ruleRow('invoice', 'field', fieldRule('number', 'min', 1)), // min on a string: not valid any more
      ruleRow('invoice', 'field', fieldRule('removed', 'required')),
      ruleRow('invoice', 'expression', { expression: 'record.removed != nil', message: 'reads null' }),
      ruleRow('invoice', 'field', fieldRule('total', 'gte', 0), { active: false }),
    ];
    const set = RuleSet.compile(registry, rows, (row, reason) =>
      warnings.push(`${row.definition.field as string}: ${reason}`),
    );
    expect(warnings).toHaveLength(2);
    const outcome = await run('invoice', rows, { values: { total: -1, number: 'x' } });
    expect(outcome.details).toEqual([
      {
        field: 'number',
        rule: 'min',
        message: expect.stringMatching(
          /^misconfigured rule .*: definition.operator: operator min is not allowed on a string field$/,
        ),
      },
    ]);
    expect(set.of('invoice', 'before_write').field).toHaveLength(1);
  });
});
