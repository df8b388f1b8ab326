import { AppError } from '@rocket/errors';
import { CheckEntity, checkExpression } from './check-expression';

const invoice: CheckEntity = {
  name: 'invoice',
  pk: { name: 'id' },
  fields: [
    { name: 'id', kind: 'uuid' },
    { name: 'status', kind: 'string' },
    { name: 'total', kind: 'decimal' },
    { name: 'due', kind: 'timestamp' },
  ],
};
const find = (name: string) => (name === 'invoice' ? invoice : undefined);
const clock = () => new Date('2026-02-08T10:00:00.000Z');
const check = (body: Record<string, unknown>) => checkExpression(body, find, clock);

function rejection(body: Record<string, unknown>): AppError {
  try {
    check(body);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('checkExpression (03 §13)', () => {
  it('compiles and lists the identifiers', () => {
    expect(check({ expression: "action == 'create' && record.total > 5", kind: 'rule' })).toEqual({
      valid: true,
      identifiers: ['action', 'record'],
    });
  });

  it('evaluates with env, normalising record data by the entity', () => {
    const body = {
      expression: 'record.total > 100 && old == nil',
      kind: 'rule',
      entity: 'invoice',
      env: { record: { total: '150.00' }, action: 'create' },
    };
    expect(check(body)).toEqual({ valid: true, identifiers: ['old', 'record'], result: true });
  });

  it('derives changes and defaults related', () => {
    const body = {
      expression: "changes.status.new == 'paid' && len(related) == 0",
      kind: 'guard',
      entity: 'invoice',
      env: { record: { status: 'paid' }, old: { status: 'sent' } },
    };
    expect(check(body).result).toBe(true);
  });

  it('reads env.now as an ISO string, else uses the clock; datetimes come back as text', () => {
    expect(check({ expression: 'now', kind: 'computed', env: { now: '2026-01-01T00:00:00+01:00' } }).result).toBe(
      '2025-12-31T23:00:00.000Z',
    );
    expect(check({ expression: 'now()', kind: 'computed', env: {} }).result).toBe('2026-02-08T10:00:00.000Z');
    expect(
      check({ expression: 'record.due < now', kind: 'rule', entity: 'invoice', env: { record: { due: '2026-01-01' } } })
        .result,
    ).toBe(true);
  });

  it('answers evaluation failures as error, not as a rejection', () => {
    expect(check({ expression: 'record.status * 2', kind: 'computed', env: { record: { status: 'x' } } })).toEqual({
      valid: true,
      identifiers: ['record'],
      error: "cannot apply '*' to string and number",
    });
    expect(check({ expression: 'record.total', kind: 'rule', env: { record: { total: 5 } } }).error).toBe(
      'a rule expression must give a boolean, got number',
    );
  });

  it('rejects expressions that do not compile with 03 §12.2 details', () => {
    const error = rejection({ expression: 'record.total >', kind: 'rule' });
    expect(error.status).toBe(422);
    expect(error.toBody()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: [
          { field: 'expression', rule: 'expression_syntax', message: 'unexpected end of expression at column 15' },
        ],
      },
    });
    expect(rejection({ expression: 'record.totl > 0', kind: 'rule', entity: 'invoice' }).details).toEqual([
      {
        field: 'expression',
        rule: 'expression_identifier',
        message: "unknown field 'totl' of entity 'invoice' at column 8",
      },
    ]);
    expect(rejection({ expression: '', kind: 'rule' }).details[0].rule).toBe('required');
  });

  it('rejects an unknown kind or entity and malformed keys', () => {
    expect(rejection({ expression: 'true', kind: 'nope' }).details).toEqual([
      {
        field: 'kind',
        rule: 'enum',
        message:
          'unknown kind: nope; allowed: rule, computed, guard, webhook_condition, workflow_condition, workflow_context, workflow_value, action_template, permission_template, field_rule',
      },
    ]);
    expect(rejection({ expression: 'true', kind: 'rule', entity: 'ghost' }).details).toEqual([
      { field: 'entity', rule: 'not_found', message: 'Entity not found: ghost' },
    ]);
    expect(rejection({ kind: 1, entity: 2, env: [] }).details.map((d) => [d.field, d.rule])).toEqual([
      ['expression', 'required'],
      ['kind', 'enum'],
      ['entity', 'type'],
      ['env', 'type'],
    ]);
    expect(rejection({ expression: 5, kind: 'rule' }).details[0]).toEqual({
      field: 'expression',
      rule: 'type',
      message: 'expression must be a string',
    });
    expect(rejection({ expression: 'now', kind: 'computed', env: { now: 'soon' } }).details).toEqual([
      { field: 'env.now', rule: 'type', message: 'env.now must be an ISO-8601 date-time' },
    ]);
  });
});
