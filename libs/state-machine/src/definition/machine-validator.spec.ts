import { registry, secrets } from '../testing/fixtures';
import { StateMachineInput } from './machine.types';
import { MachineValidationContext, validateMachine } from './machine-validator';

const entities = registry().entities;
const ctx = (others: StateMachineInput[] = []): MachineValidationContext => ({ entities, others, secrets: secrets() });
const simple = { initial: 'draft', transitions: [{ from: 'draft', to: 'sent' }] };

function details(raw: unknown, context = ctx(), prefix = '') {
  const result = validateMachine(raw, context, prefix);
  expect(result.machine).toBeUndefined();
  return result.details.map(({ field, rule }) => `${field} ${rule}`);
}

describe('validateMachine: canonical form (04 §2.2)', () => {
  it('fills defaults, lists `from`, lower-cases and de-duplicates roles, drops empty guards and messages', () => {
    const result = validateMachine(
      {
        id: 'ignored',
        created_at: 'ignored',
        entity: 'invoice',
        field: 'status',
        definition: {
          initial: 'draft',
          transitions: [
            { from: 'draft', to: 'sent', roles: [' Accountant ', 'accountant', 'ADMIN'], guard: '', message: '' },
            {
              from: ['sent', 'draft'],
              to: 'void',
              guard: 'record.total > 0',
              message: 'Nothing to void',
              actions: [
                { type: 'set_field', field: 'sent_at', value: 'now' },
                { type: 'webhook', url: 'https://x.test/h', method: 'patch' },
                { type: 'create_record', entity: 'task', data: { title: '{{ record.number }}', due: '2026-02-08' } },
                { type: 'send_event', event: 'invoice.voided' },
              ],
            },
          ],
        },
      },
      ctx(),
    );
    expect(result.details).toEqual([]);
    expect(result.machine).toEqual({
      entity: 'invoice',
      field: 'status',
      active: true,
      definition: {
        initial: 'draft',
        transitions: [
          { from: ['draft'], to: 'sent', roles: ['accountant', 'admin'], guard: null, actions: [] },
          {
            from: ['sent', 'draft'],
            to: 'void',
            roles: [],
            guard: 'record.total > 0',
            message: 'Nothing to void',
            actions: [
              { type: 'set_field', field: 'sent_at', value: 'now' },
              {
                type: 'webhook',
                url: 'https://x.test/h',
                method: 'PATCH',
                headers: {},
                retry: { max_attempts: 3, backoff: 'exponential' },
              },
              { type: 'create_record', entity: 'task', data: { title: '{{ record.number }}', due: '2026-02-08' } },
              { type: 'send_event', event: 'invoice.voided', metadata: {} },
            ],
          },
        ],
      },
    });
  });

  it('moves top-level initial/transitions into definition (docs/rules-and-workflows.md shape)', () => {
    const result = validateMachine({ entity: 'invoice', field: 'status', ...simple, active: false }, ctx());
    expect(result.machine).toEqual({
      entity: 'invoice',
      field: 'status',
      active: false,
      definition: {
        initial: 'draft',
        transitions: [{ from: ['draft'], to: 'sent', roles: [], guard: null, actions: [] }],
      },
    });
  });

  it('accepts "now" for date, string and text fields and a template anywhere', () => {
    const result = validateMachine(
      {
        entity: 'invoice',
        field: 'approval',
        definition: {
          initial: 'a',
          transitions: [
            {
              from: 'a',
              to: 'b',
              actions: [
                { type: 'set_field', field: 'sent_on', value: 'now' },
                { type: 'set_field', field: 'label', value: 'now' },
                { type: 'set_field', field: 'note', value: 'now' },
                { type: 'set_field', field: 'count', value: '{{ len(record.number) }}' },
                { type: 'set_field', field: 'label', value: null },
              ],
            },
          ],
        },
      },
      ctx(),
    );
    expect(result.details).toEqual([]);
  });
});

describe('validateMachine: 422 details (04 §2.4)', () => {
  it.each<[string, unknown, string[]]>([
    ['not an object', 'x', ['undefined invalid_value']],
    ['field missing', { entity: 'invoice', definition: simple }, ['field required']],
    ['state field is the PK', { entity: 'invoice', field: 'id', definition: simple }, ['field invalid_value']],
    ['state field is a date', { entity: 'invoice', field: 'sent_on', definition: simple }, ['field invalid_value']],
    ['active not boolean', { entity: 'invoice', field: 'status', definition: simple, active: 'yes' }, ['active type']],
    ['definition not an object', { entity: 'invoice', field: 'status', definition: [] }, ['definition type']],
    [
      'initial both at the top level and in definition',
      { entity: 'invoice', field: 'status', initial: 'draft', definition: simple },
      ['initial duplicate'],
    ],
    [
      'unknown keys in definition, transition, action, retry',
      {
        entity: 'invoice',
        field: 'approval',
        definition: {
          initial: 'a',
          extra: 1,
          transitions: [
            {
              from: 'a',
              to: 'b',
              when: 'x',
              actions: [
                { type: 'set_field', field: 'label', value: 'x', also: 1 },
                { type: 'webhook', url: 'https://x.test', retry: { max_attempts: 2, jitter: true } },
              ],
            },
          ],
        },
      },
      [
        'definition.extra unknown',
        'definition.transitions[0].when unknown',
        'definition.transitions[0].actions[0].also unknown',
        'definition.transitions[0].actions[1].retry.jitter unknown',
      ],
    ],
    [
      'transitions not a list, from of wrong type, roles not a list, guard not a string, message too long',
      {
        entity: 'invoice',
        field: 'approval',
        definition: {
          initial: 'a',
          transitions: [{ from: 3, to: 'b', roles: 'admin', guard: true, message: 'x'.repeat(501) }],
        },
      },
      [
        'definition.transitions[0].from type',
        'definition.transitions[0].roles invalid_value',
        'definition.transitions[0].guard type',
        'definition.transitions[0].message max_length',
      ],
    ],
    [
      'a guard that is not boolean, or names an unknown function',
      {
        entity: 'invoice',
        field: 'approval',
        definition: {
          initial: 'a',
          transitions: [
            { from: 'a', to: 'b', guard: "'yes'" },
            { from: 'b', to: 'c', guard: 'shout(record.label)' },
          ],
        },
      },
      ['definition.transitions[0].guard expression_syntax', 'definition.transitions[1].guard expression_function'],
    ],
    [
      'set_field on an auto field, a value missing, null for a required field, a literal of the wrong type',
      {
        entity: 'invoice',
        field: 'approval',
        definition: {
          initial: 'a',
          transitions: [
            {
              from: 'a',
              to: 'b',
              actions: [
                { type: 'set_field', field: 'updated_at', value: 'now' },
                { type: 'set_field', field: 'label' },
                { type: 'set_field', field: 'number', value: null },
                { type: 'set_field', field: 'count', value: 'many' },
              ],
            },
          ],
        },
      },
      [
        'definition.transitions[0].actions[0].field invalid_value',
        'definition.transitions[0].actions[1].value required',
        'definition.transitions[0].actions[2].value required',
        'definition.transitions[0].actions[3].value type',
      ],
    ],
    [
      'create_record literal of the wrong type, bad template, send_event metadata template',
      {
        entity: 'invoice',
        field: 'approval',
        definition: {
          initial: 'a',
          transitions: [
            {
              from: 'a',
              to: 'b',
              actions: [
                { type: 'create_record', entity: 'task', data: { due: 'soon', title: '{{ record. }}' } },
                { type: 'create_record', entity: 'task', data: [] },
                { type: 'send_event', event: 'x', metadata: { n: '{{ nope }}' } },
                { type: 'send_event' },
              ],
            },
          ],
        },
      },
      [
        'definition.transitions[0].actions[0].data.due type',
        'definition.transitions[0].actions[0].data.title expression_syntax',
        'definition.transitions[0].actions[1].data type',
        'definition.transitions[0].actions[2].metadata.n expression_identifier',
        'definition.transitions[0].actions[3].event required',
      ],
    ],
    [
      'webhook without url, more than 50 headers, a CR/LF value',
      {
        entity: 'invoice',
        field: 'approval',
        definition: {
          initial: 'a',
          transitions: [
            {
              from: 'a',
              to: 'b',
              actions: [
                { type: 'webhook' },
                {
                  type: 'webhook',
                  url: 'https://x.test',
                  headers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-${i}`, 'v'])),
                },
                { type: 'webhook', url: 'https://x.test', headers: { 'X-A': 'a\r\nb', 'X-J': '{{env.MY_JWT}}' } },
              ],
            },
          ],
        },
      },
      [
        'definition.transitions[0].actions[0].url required',
        'definition.transitions[0].actions[1].headers invalid_value',
        'definition.transitions[0].actions[2].headers.X-A invalid_value',
        'definition.transitions[0].actions[2].headers.X-J env_not_allowed',
      ],
    ],
  ])('%s', (_label, raw, expected) => {
    expect(details(raw)).toEqual(expected);
  });

  it('checks webhook headers as webhooks do: the secret policy, names given twice, NUL (06 §5)', () => {
    const machine = (headers: Record<string, string>) => ({
      entity: 'invoice',
      field: 'approval',
      definition: { initial: 'a', transitions: [{ from: 'a', to: 'b', actions: [{ type: 'webhook', url, headers }] }] },
    });
    const url = 'https://x.test';
    const at = 'state_machines[1].definition.transitions[0].actions[0].headers';
    const policy = { entities, others: [], secrets: secrets(['PAYMENT_*']) };
    const result = validateMachine(
      machine({
        'X-Db': 'Bearer {{env.DATABASE_URL}}',
        'X-Pay': '{{ env.PAYMENT_KEY }}',
        'X-Ctx': '{{ record.total }}',
        'x-db': 'again',
        'X-Nul': 'a\0b',
        'X-Ok': '{{env.HOOK_KEY}}',
      }),
      policy,
      'state_machines[1]',
    );
    expect(result.details).toEqual([
      { field: `${at}.X-Db`, rule: 'env_not_allowed', message: 'environment variable DATABASE_URL is not allowed' },
      { field: `${at}.X-Pay`, rule: 'env_not_allowed', message: 'environment variable PAYMENT_KEY is not allowed' },
      { field: `${at}.X-Ctx`, rule: 'invalid_value', message: 'only {{env.NAME}} references are allowed here' },
      { field: `${at}.x-db`, rule: 'invalid_value', message: 'header x-db is given twice' },
      { field: `${at}.X-Nul`, rule: 'invalid_value', message: 'header values must not contain line breaks' },
    ]);
    expect(validateMachine(machine({ 'X-Pay': '{{env.PAYMENT_KEY}}' }), ctx()).details).toEqual([]);
  });

  it('prefixes every path (import: state_machines[i].)', () => {
    expect(details({ entity: 'nope', field: 'status', definition: simple }, ctx(), 'state_machines[2]')).toEqual([
      'state_machines[2].entity not_found',
    ]);
  });

  describe('against the other machines of the entity', () => {
    const other = (field: string, actions: unknown[], active = true): StateMachineInput =>
      ({
        entity: 'invoice',
        field,
        active,
        definition: { initial: 'a', transitions: [{ from: ['a'], to: 'b', roles: [], guard: null, actions }] },
      }) as StateMachineInput;

    it('set_field may not target the field of another active machine', () => {
      const raw = {
        entity: 'invoice',
        field: 'status',
        definition: {
          initial: 'draft',
          transitions: [{ from: 'draft', to: 'sent', actions: [{ type: 'set_field', field: 'approval', value: 'x' }] }],
        },
      };
      expect(details(raw, ctx([other('approval', [])]))).toEqual([
        'definition.transitions[0].actions[0].field invalid_value',
      ]);
      expect(validateMachine(raw, ctx([other('approval', [], false)])).details).toEqual([]);
    });

    it('an active machine may not guard a field another active machine sets', () => {
      const setsStatus = other('approval', [{ type: 'set_field', field: 'status', value: 'void' }]);
      expect(details({ entity: 'invoice', field: 'status', definition: simple }, ctx([setsStatus]))).toEqual([
        'field invalid_value',
      ]);
      expect(
        validateMachine({ entity: 'invoice', field: 'status', definition: simple, active: false }, ctx([setsStatus]))
          .details,
      ).toEqual([]);
    });
  });
});
