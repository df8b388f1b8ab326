import { ImportContext, TransferKinds } from '@rocket/schema-transfer';
import { StateMachineRow } from '../definition/machine.types';
import { StateMachinesRepository } from '../state-machines.repository';
import { ENTITIES, machineRow, secrets } from '../testing/fixtures';
import { StateMachinesKind } from './state-machines.kind';

const simple = { initial: 'draft', transitions: [{ from: 'draft', to: 'sent' }] };

function setup(stored: StateMachineRow[] = []) {
  const inserted: unknown[] = [];
  const repository = {
    list: jest.fn(() => Promise.resolve(stored)),
    insert: jest.fn((_db: unknown, input: unknown) => {
      inserted.push(input);
      return Promise.resolve(input);
    }),
  } as unknown as StateMachinesRepository;
  const kinds = new TransferKinds();
  const kind = new StateMachinesKind(repository, kinds, secrets());
  kind.onModuleInit();
  const [invoice, ...others] = ENTITIES;
  const ctx: ImportContext = {
    trx: 'trx' as never,
    app: 'demo',
    existingEntities: new Map([[invoice.name, invoice]]),
    existingRelations: [],
    importedEntities: new Map(others.map((e) => [e.name, e])),
    importedRelations: [],
  };
  return { kind, kinds, ctx, inserted };
}

describe('StateMachinesKind (01 §8)', () => {
  it('registers as state_machines, order 40', () => {
    const { kinds } = setup();
    expect(kinds.list().map((k) => [k.key, k.order])).toEqual([['state_machines', 40]]);
  });

  it('exports entity, field, definition and active, without ids and timestamps', async () => {
    const row = machineRow({ definition: { initial: 'draft', transitions: [] } });
    const { kind } = setup([row]);
    expect(await kind.export('db' as never)).toEqual([
      { entity: 'invoice', field: 'status', definition: row.definition, active: true },
    ]);
  });

  it('plans against existing ∪ imported entities; skips an (entity, field) already taken, stored or earlier', async () => {
    const stored = machineRow({ field: 'approval', definition: { initial: 'a', transitions: [] } });
    const { kind, ctx, inserted } = setup([stored]);
    const plan = await kind.plan(
      [
        { entity: 'invoice', field: 'approval', definition: simple },
        {
          entity: 'item',
          field: 'state',
          definition: { initial: 'open', transitions: [{ from: 'open', to: 'done' }] },
        },
        { entity: 'item', field: 'state', definition: { initial: 'x', transitions: [] } },
        { entity: 'task', field: 'title', definition: { initial: 'a', transitions: [] } },
        'junk',
      ],
      ctx,
    );
    expect(plan.duplicates).toBe(2);
    expect(plan.fresh.map((m) => `${m.entity}.${m.field}`)).toEqual(['item.state']);
    expect(plan.details.map((d) => `${d.field} ${d.rule}`)).toEqual([
      'state_machines[3].definition.transitions required',
      'state_machines[4] invalid_value',
    ]);
    await kind.apply(plan.fresh, ctx);
    expect(inserted).toEqual(plan.fresh);
  });
});
