import { evaluate, ExpressionEvaluationError, scopeMap } from '@rocket/expressions';
import { MachineDefinition } from '../definition/machine.types';
import { machineRow, registry } from '../testing/fixtures';
import { compileMachines } from './compiled-machine';

const definition = (transitions: MachineDefinition['transitions']): MachineDefinition => ({
  initial: 'draft',
  transitions,
});
const transition = (over: Partial<MachineDefinition['transitions'][number]> = {}) => ({
  from: ['draft'],
  to: 'sent',
  roles: [],
  guard: null,
  actions: [],
  ...over,
});

describe('compileMachines (03 §12.1: once per rows × registry snapshot)', () => {
  it('keeps active machines of existing entities, grouped by entity in row order', () => {
    const warn = jest.fn();
    const set = compileMachines(
      [
        machineRow({ field: 'approval', definition: definition([transition()]) }),
        machineRow({ field: 'status', definition: definition([transition()]) }),
        machineRow({ field: 'label', active: false, definition: definition([transition()]) }),
        machineRow({ entity: 'gone', definition: definition([transition()]) }),
        machineRow({ entity: 'item', field: 'state', definition: definition([transition()]) }),
      ],
      registry(),
      warn,
    );
    expect(set.stateFields('invoice')).toEqual(['approval', 'status']);
    expect(set.stateFields('item')).toEqual(['state']);
    expect(set.of('task')).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('leaves out, with a warning, a machine whose state field no longer fits or whose row is unreadable', () => {
    const warn = jest.fn();
    const bad = machineRow({ field: 'count', definition: definition([transition()]) });
    const garbage = machineRow({ field: 'label', definition: { initial: 'a' } as never });
    const set = compileMachines([bad, garbage], registry(), warn);
    expect(set.of('invoice')).toEqual([]);
    expect(warn.mock.calls.map(([row]) => row)).toEqual([bad, garbage]);
  });

  it('splits actions into set_field (before the write) and the rest (after), in definition order', () => {
    const set = compileMachines(
      [
        machineRow({
          definition: definition([
            transition({
              roles: ['Accountant'],
              actions: [
                { type: 'send_event', event: 'e', metadata: { n: '{{ record.number }}' } },
                { type: 'set_field', field: 'sent_at', value: 'now' },
                {
                  type: 'webhook',
                  url: 'https://x.test',
                  method: 'POST',
                  headers: {},
                  retry: { max_attempts: 2, backoff: 'linear' },
                },
                { type: 'set_field', field: 'label', value: '{{ record.number }}' },
                { type: 'create_record', entity: 'task', data: { title: 'T' } },
              ],
            }),
          ]),
        }),
      ],
      registry(),
    );
    const [t] = set.of('invoice')[0].transitions;
    expect(t.roles).toEqual(['accountant']);
    expect(t.from).toEqual(new Set(['draft']));
    expect(
      t.before.map((s) => (s.type === 'set_field' ? `${s.field.name}:${s.now}:${s.value.template}` : s.type)),
    ).toEqual(['sent_at:true:false', 'label:false:true']);
    expect(t.after.map((s) => s.type)).toEqual(['send_event', 'webhook', 'create_record']);
  });

  it('fails closed: a guard or an action that no longer compiles fails when reached', () => {
    const row = machineRow({
      definition: definition([
        transition({
          guard: 'record.gone_field == 1 && shout()',
          actions: [
            { type: 'set_field', field: 'gone', value: 'x' },
            { type: 'create_record', entity: 'nope', data: {} },
            { type: 'send_event', event: 'e', metadata: { x: '{{ recrd.id }}' } },
          ],
        }),
      ]),
    });
    const [t] = compileMachines([row], registry()).of('invoice')[0].transitions;
    expect(() => evaluate(t.guard!, scopeMap({}))).toThrow(ExpressionEvaluationError);
    expect(() => evaluate(t.guard!, scopeMap({}))).toThrow(`misconfigured expression in guard ${row.id}`);
    expect(t.before).toEqual([
      {
        type: 'broken',
        message: `misconfigured set_field action in state machine ${row.id}: field gone cannot be set`,
      },
    ]);
    expect(t.after.map((s) => s.type)).toEqual(['broken', 'broken']);
  });
});
