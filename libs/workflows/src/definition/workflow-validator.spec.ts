import { buildRegistry, EntityDefinition, RelationDefinition } from '@rocket/metadata';
import { BUILT_IN_ENV_DENY, SecretReferences } from '@rocket/outbound';
import { parseDuration } from './duration';
import { canonicalGoto } from './goto';
import { validateWorkflow } from './workflow-validator';

const ENTITIES: EntityDefinition[] = [
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'status', type: 'string', enum: ['draft', 'pending', 'sent'] },
      { name: 'total', type: 'decimal', precision: 2 },
      { name: 'customer_id', type: 'uuid' },
      { name: 'sent_at', type: 'timestamp' },
      { name: 'count', type: 'int' },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
    ],
  },
  {
    name: 'customer',
    table: 'customers',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'manager_id', type: 'string' },
    ],
  },
];
const RELATIONS: RelationDefinition[] = [
  {
    name: 'customer',
    type: 'one_to_many',
    source: 'customer',
    target: 'invoice',
    source_key: 'id',
    target_key: 'customer_id',
    ownership: 'none',
    on_delete: 'set_null',
    fetch: 'lazy',
    write_mode: 'diff',
  },
];
const registry = buildRegistry(1, ENTITIES, RELATIONS);
const secrets = new SecretReferences({ allow: ['*'], deny: [...BUILT_IN_ENV_DENY, 'PAYMENT_*'] });

function valid(overrides: Record<string, unknown> = {}) {
  return {
    name: 'invoice_approval',
    trigger: { type: 'state_change', entity: 'invoice', field: 'status', to: 'pending' },
    context: { record_id: 'trigger.record_id', amount: 'trigger.record.total', kind: 'invoice' },
    steps: [
      {
        id: 'check',
        type: 'condition',
        expression: 'context.amount > 5000',
        on_true: { goto: 'review' },
        on_false: 'send',
      },
      {
        id: 'review',
        type: 'approval',
        assignee: { type: 'role', role: 'Manager' },
        timeout: '1h30m',
        on_approve: { goto: 'send' },
        on_reject: { goto: 'end' },
        on_timeout: 'review',
      },
      {
        id: 'send',
        type: 'action',
        actions: [
          { type: 'set_field', entity: 'invoice', record_id: 'context.record_id', field: 'status', value: 'sent' },
          {
            type: 'set_field',
            entity: 'invoice',
            record_id: '{{ context.record_id }}',
            field: 'sent_at',
            value: 'now',
          },
          { type: 'webhook', url: 'https://hooks.example.com/sent', headers: { 'X-Key': '{{env.HOOK_KEY}}' } },
          { type: 'create_record', entity: 'customer', data: { manager_id: '{{ context.kind }}' } },
          { type: 'send_event', event: 'invoice.sent', metadata: { amount: '{{ context.amount }}' } },
        ],
      },
    ],
    ...overrides,
  };
}

function problems(body: unknown) {
  const result = validateWorkflow(body, registry, secrets);
  expect(result.workflow).toBeUndefined();
  return result.details;
}

function stepsWith(index: number, step: Record<string, unknown>) {
  const steps: Record<string, unknown>[] = [...valid().steps];
  steps[index] = step;
  return steps;
}

describe('validateWorkflow (05 §3)', () => {
  it('accepts the spec example and returns the canonical form', () => {
    const { workflow, details } = validateWorkflow(valid(), registry, secrets);
    expect(details).toEqual([]);
    expect(workflow!.steps[0]).toEqual({
      id: 'check',
      type: 'condition',
      expression: 'context.amount > 5000',
      on_true: { goto: 'review' },
      on_false: { goto: 'send' },
    });
    expect(workflow!.steps[1]).toMatchObject({
      assignee: { type: 'role', role: 'manager' },
      on_reject: 'end',
      on_timeout: { goto: 'review' },
    });
    const send = workflow!.steps[2] as { then: unknown; actions: Array<Record<string, unknown>> };
    expect(send.then).toBe('end');
    expect(send.actions[2]).toEqual({
      type: 'webhook',
      url: 'https://hooks.example.com/sent',
      method: 'POST',
      headers: { 'X-Key': '{{env.HOOK_KEY}}' },
      retry: { max_attempts: 3, backoff: 'exponential' },
    });
    expect(workflow!.active).toBe(true);
  });

  it('accepts a GET result put back (ids and timestamps ignored)', () => {
    const body = { ...valid(), id: 'x', created_at: 'y', updated_at: 'z' };
    expect(validateWorkflow(body, registry, secrets).details).toEqual([]);
  });

  it.each([
    ['a name that is not an identifier', { name: '1-bad' }, 'name', 'invalid_value'],
    ['a name with SQL in it', { name: "x'; DROP TABLE _workflows; --" }, 'name', 'invalid_value'],
    [
      'an unknown trigger entity',
      { trigger: { type: 'state_change', entity: 'nope', field: 'status', to: 'x' } },
      'trigger.entity',
      'not_found',
    ],
    [
      'an unknown trigger field',
      { trigger: { type: 'state_change', entity: 'invoice', field: 'nope', to: 'x' } },
      'trigger.field',
      'not_found',
    ],
    [
      'a `to` outside the enum',
      { trigger: { type: 'state_change', entity: 'invoice', field: 'status', to: 'paid' } },
      'trigger.to',
      'enum',
    ],
    [
      'an empty `to`',
      { trigger: { type: 'state_change', entity: 'invoice', field: 'status', to: '' } },
      'trigger.to',
      'required',
    ],
    [
      'a manual trigger (11)',
      { trigger: { type: 'manual', entity: 'invoice', field: 'status', to: 'sent' } },
      'trigger.type',
      'enum',
    ],
    ['a context that is a list', { context: ['a'] }, 'context', 'type'],
    ['a context key that is not an identifier', { context: { 'a-b': 'x' } }, 'context.a-b', 'invalid_value'],
    ['no steps', { steps: [] }, 'steps', 'required'],
    ['an unknown top-level key', { extra: 1 }, 'extra', 'unknown'],
    ['a non-boolean active', { active: 'yes' }, 'active', 'type'],
  ])('refuses %s', (_what, overrides, field, rule) => {
    expect(problems(valid(overrides))).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it.each([
    [
      'a goto to a missing step',
      { id: 'check', type: 'condition', expression: 'true', on_true: 'nowhere' },
      'steps[0].on_true',
      'not_found',
    ],
    [
      'a malformed goto',
      { id: 'check', type: 'condition', expression: 'true', on_true: { goto: 'review', x: 1 } },
      'steps[0].on_true',
      'invalid_value',
    ],
    [
      'a condition that does not compile',
      { id: 'check', type: 'condition', expression: 'context.amount >' },
      'steps[0].expression',
      'expression_syntax',
    ],
    [
      'a condition using a record variable',
      { id: 'check', type: 'condition', expression: 'record.total > 1' },
      'steps[0].expression',
      'expression_identifier',
    ],
    ['the reserved id end', { id: 'end', type: 'condition', expression: 'true' }, 'steps[0].id', 'reserved'],
    ['a duplicate id', { id: 'review', type: 'condition', expression: 'true' }, 'steps[1].id', 'duplicate'],
    ['the unsupported wait step', { id: 'check', type: 'wait' }, 'steps[0].type', 'enum'],
    ['a parallel step (11)', { id: 'check', type: 'parallel' }, 'steps[0].type', 'enum'],
    [
      "another type's key with a value",
      { id: 'check', type: 'condition', expression: 'true', actions: [{ type: 'send_event', event: 'x' }] },
      'steps[0].actions',
      'invalid_value',
    ],
    [
      'an unknown step key',
      { id: 'check', type: 'condition', expression: 'true', colour: 'red' },
      'steps[0].colour',
      'unknown',
    ],
  ])('refuses %s', (_what, step, field, rule) => {
    expect(problems(valid({ steps: stepsWith(0, step) }))).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it("tolerates another type's keys when they are null or empty", () => {
    const step = { id: 'check', type: 'condition', expression: 'true', actions: [], then: null, assignee: null };
    expect(validateWorkflow(valid({ steps: stepsWith(0, step) }), registry, secrets).details).toEqual([]);
  });

  const approval = (extra: Record<string, unknown>) => ({
    id: 'review',
    type: 'approval',
    assignee: { type: 'role', role: 'manager' },
    ...extra,
  });

  it.each([
    ['a timeout in weeks', { timeout: '2w' }, 'steps[1].timeout'],
    ['a zero timeout', { timeout: '0s' }, 'steps[1].timeout'],
    ['a timeout over a year', { timeout: '366d' }, 'steps[1].timeout'],
    ['an unknown assignee type', { assignee: { type: 'expression', expression: 'x' } }, 'steps[1].assignee.type'],
    ['a reserved role', { assignee: { type: 'role', role: 'system' } }, 'steps[1].assignee.role'],
    ['a fixed assignee without user', { assignee: { type: 'fixed' } }, 'steps[1].assignee.user'],
    [
      'a relation path through nothing',
      { assignee: { type: 'relation', path: 'customer.nope' } },
      'steps[1].assignee.path',
    ],
    ['a relation path that is not a path', { assignee: { type: 'relation', path: 'a..b' } }, 'steps[1].assignee.path'],
  ])('refuses an approval with %s', (_what, extra, field) => {
    expect(problems(valid({ steps: stepsWith(1, approval(extra)) }))).toContainEqual(
      expect.objectContaining({ field }),
    );
  });

  it('accepts relation paths through to-one relations and context keys', () => {
    for (const path of ['customer.manager_id', 'customer_id', 'context.approver']) {
      const steps = stepsWith(1, approval({ assignee: { type: 'relation', path } }));
      expect(validateWorkflow(valid({ steps }), registry, secrets).details).toEqual([]);
    }
  });

  const action = (a: Record<string, unknown>) => ({ id: 'send', type: 'action', actions: [a] });

  it.each([
    ['an unknown action type', { type: 'launch' }, 'steps[2].actions[0].type'],
    ['a later action type', { type: 'delay', duration: '1h' }, 'steps[2].actions[0].type'],
    [
      'set_field on an unknown entity',
      { type: 'set_field', entity: 'x', record_id: 'context.id', field: 'a', value: 1 },
      'steps[2].actions[0].entity',
    ],
    [
      'set_field on the primary key',
      { type: 'set_field', entity: 'invoice', record_id: 'context.id', field: 'id', value: 'x' },
      'steps[2].actions[0].field',
    ],
    [
      'set_field on an auto field',
      { type: 'set_field', entity: 'invoice', record_id: 'context.id', field: 'created_at', value: 'now' },
      'steps[2].actions[0].field',
    ],
    [
      'set_field without record_id',
      { type: 'set_field', entity: 'invoice', field: 'status', value: 'sent' },
      'steps[2].actions[0].record_id',
    ],
    [
      'set_field with a value outside the enum',
      { type: 'set_field', entity: 'invoice', record_id: 'context.id', field: 'status', value: 'paid' },
      'steps[2].actions[0].value',
    ],
    [
      'set_field with "now" on an int',
      { type: 'set_field', entity: 'invoice', record_id: 'context.id', field: 'count', value: 'now' },
      'steps[2].actions[0].value',
    ],
    [
      'a value template that does not compile',
      { type: 'set_field', entity: 'invoice', record_id: 'context.id', field: 'count', value: '{{ context. }}' },
      'steps[2].actions[0].value',
    ],
    ['a webhook to ftp', { type: 'webhook', url: 'ftp://example.com' }, 'steps[2].actions[0].url'],
    [
      'a webhook method outside the list',
      { type: 'webhook', url: 'https://x.test', method: 'TRACE' },
      'steps[2].actions[0].method',
    ],
    [
      'a webhook header template that is not env',
      { type: 'webhook', url: 'https://x.test', headers: { A: '{{ context.x }}' } },
      'steps[2].actions[0].headers.A',
    ],
    [
      'a webhook retry of 50',
      { type: 'webhook', url: 'https://x.test', retry: { max_attempts: 50 } },
      'steps[2].actions[0].retry.max_attempts',
    ],
    [
      'create_record with an unknown field',
      { type: 'create_record', entity: 'customer', data: { nope: 1 } },
      'steps[2].actions[0].data.nope',
    ],
    ['send_event with a bad name', { type: 'send_event', event: 'bad name!' }, 'steps[2].actions[0].event'],
    ['an unknown action key', { type: 'send_event', event: 'ok', then: 'x' }, 'steps[2].actions[0].then'],
  ])('refuses %s', (_what, a, field) => {
    expect(problems(valid({ steps: stepsWith(2, action(a)) }))).toContainEqual(expect.objectContaining({ field }));
  });

  it('refuses a webhook header reading a denied variable (06 §5), with the webhooks messages', () => {
    const webhook = { type: 'webhook', url: 'https://x.test', headers: { A: '{{env.DATABASE_URL}}', B: 'x', b: 'y' } };
    const configured = { type: 'webhook', url: 'https://x.test', headers: { 'X-Pay': 'Key {{ env.PAYMENT_TOKEN }}' } };
    const steps = stepsWith(2, { id: 'send', type: 'action', actions: [webhook, configured] });
    expect(problems(valid({ steps }))).toEqual([
      {
        field: 'steps[2].actions[0].headers.A',
        rule: 'env_not_allowed',
        message: 'environment variable DATABASE_URL is not allowed',
      },
      { field: 'steps[2].actions[0].headers.b', rule: 'invalid_value', message: 'header b is given twice' },
      {
        field: 'steps[2].actions[1].headers.X-Pay',
        rule: 'env_not_allowed',
        message: 'environment variable PAYMENT_TOKEN is not allowed',
      },
    ]);
  });

  it('refuses an action step with no actions or more than 20', () => {
    expect(problems(valid({ steps: stepsWith(2, { id: 'send', type: 'action', actions: [] }) }))).toContainEqual(
      expect.objectContaining({ field: 'steps[2].actions' }),
    );
    const many = Array.from({ length: 21 }, () => ({ type: 'send_event', event: 'x' }));
    expect(problems(valid({ steps: stepsWith(2, { id: 'send', type: 'action', actions: many }) }))).toContainEqual(
      expect.objectContaining({ field: 'steps[2].actions' }),
    );
  });

  it('prefixes paths in an import', () => {
    const result = validateWorkflow(valid({ name: '' }), registry, secrets, 'workflows[3]');
    expect(result.details).toContainEqual(expect.objectContaining({ field: 'workflows[3].name', rule: 'required' }));
  });

  it('refuses non-objects', () => {
    expect(problems([])).toEqual([expect.objectContaining({ rule: 'invalid_value' })]);
    expect(problems('x')).toHaveLength(1);
  });
});

describe('parseDuration (05 §2.6)', () => {
  it.each([
    ['48h', 48 * 3600_000],
    ['90m', 90 * 60_000],
    ['1h30m', 5400_000],
    ['2d', 2 * 86400_000],
    ['250ms', 250],
    ['1m30s', 90_000],
    ['365d', 365 * 86400_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0s', '5', 'h', '1.5h', '-1h', '1 h', '2w', '366d', '1h ', 42, null])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('canonicalGoto (05 §2.2)', () => {
  it.each([
    ['end', 'end'],
    [{ goto: 'end' }, 'end'],
    ['step_1', { goto: 'step_1' }],
    [{ goto: 'step_1' }, { goto: 'step_1' }],
    [undefined, undefined],
    [null, undefined],
    ['', null],
    [{ goto: 1 }, null],
    [{ to: 'x' }, null],
  ])('%j → %j', (raw, expected) => {
    expect(canonicalGoto(raw)).toEqual(expected);
  });
});
