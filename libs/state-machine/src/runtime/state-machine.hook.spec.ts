import { AppError } from '@rocket/errors';
import { Principal, SYSTEM_ACTOR, TenancyService, TenantContext } from '@rocket/tenancy';
import { Row, WriteContext, WriteHooks, WritePipeline } from '@rocket/write-pipeline';
import { ActionDefinition, MachineDefinition, StateMachineRow } from '../definition/machine.types';
import { machineRow, recordingDb, registry } from '../testing/fixtures';
import { compileMachines, MachineSet } from './compiled-machine';
import { MachineStore } from './machine-store';
import { StateMachineHook } from './state-machine.hook';

const PK = '7d444840-9dc0-11d1-b245-5ffdce74fad2';
const USER_ID = '2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const admin: Principal = { kind: 'app', id: USER_ID, email: 'a@x.test', roles: ['admin'] };
const clerk: Principal = { kind: 'app', id: 'not-a-uuid', email: 'c@x.test', roles: ['clerk'] };

const transition = (over: Partial<MachineDefinition['transitions'][number]>) => ({
  from: ['draft'],
  to: 'sent',
  roles: [],
  guard: null,
  actions: [] as ActionDefinition[],
  ...over,
});

const STATUS = machineRow({
  definition: {
    initial: 'draft',
    transitions: [
      transition({
        roles: ['accountant'],
        actions: [
          { type: 'set_field', field: 'sent_at', value: 'now' },
          { type: 'set_field', field: 'label', value: "{{ 'sent ' + record.number }}" },
          {
            type: 'webhook',
            url: 'https://x.test/h',
            method: 'POST',
            headers: { 'X-Key': '{{env.KEY}}' },
            retry: { max_attempts: 4, backoff: 'linear' },
          },
          {
            type: 'create_record',
            entity: 'task',
            data: { title: "{{ 'Follow ' + record.number }}", invoice_id: '{{ record.id }}' },
          },
          { type: 'send_event', event: 'invoice.sent', metadata: { n: '{{ record.number }}' } },
        ],
      }),
      transition({
        from: ['sent'],
        to: 'paid',
        guard: 'record.payment_date != nil',
        message: 'Record the payment first',
      }),
      transition({ from: ['sent'], to: 'void', guard: 'record.number > 3' }),
      transition({
        from: ['draft'],
        to: 'void',
        actions: [{ type: 'set_field', field: 'count', value: '{{ record.number }}' }],
      }),
      transition({
        from: ['void'],
        to: 'draft',
        actions: [{ type: 'create_record', entity: 'task', data: { title: '{{ 1 / 0 }}' } }],
      }),
    ],
  },
});
const APPROVAL = machineRow({
  field: 'approval',
  definition: {
    initial: 'none',
    transitions: [transition({ from: ['none'], to: 'requested', guard: 'record.total > 0' })],
  },
});
const ITEM = machineRow({
  entity: 'item',
  field: 'state',
  definition: {
    initial: 'open',
    transitions: [
      transition({
        from: ['open'],
        to: 'shipped',
        actions: [
          {
            type: 'webhook',
            url: 'https://x.test/h',
            method: 'POST',
            headers: {},
            retry: { max_attempts: 3, backoff: 'exponential' },
          },
          { type: 'send_event', event: 'item.shipped', metadata: {} },
        ],
      }),
    ],
  },
});

const stored = (over: Row = {}): Row => ({
  id: PK,
  number: 'INV-1',
  status: 'draft',
  approval: 'none',
  note: 'n',
  total: '0.00',
  count: null,
  payment_date: null,
  sent_at: null,
  sent_on: null,
  label: null,
  secret: null,
  created_at: new Date('2026-02-08T10:00:00.000Z'),
  updated_at: new Date('2026-02-08T10:00:00.000Z'),
  ...over,
});

function setup(rows: StateMachineRow[] = [STATUS, APPROVAL, ITEM], stale = false) {
  const reg = registry(7);
  const set = compileMachines(rows, reg);
  const tenant = { name: 'demo', state: new Map() } as unknown as TenantContext;
  const tenancy = { current: () => tenant, currentScope: () => ({ tenant }) } as unknown as TenancyService;
  const store = {
    view: jest.fn(() => ({ set, stale })),
    fresh: jest.fn(() => Promise.resolve(set)),
  } as unknown as MachineStore;
  const createInTransaction = jest.fn(() => Promise.resolve({}));
  const pipeline = { createInTransaction } as unknown as WritePipeline;
  const hooks = new WriteHooks();
  const hook = new StateMachineHook(hooks, store, tenancy, pipeline);
  hook.onModuleInit();
  const { db, executed } = recordingDb((q) => (q.sql.startsWith('select') ? [stored({ status: 'sent' })] : []));

  /** A row write as the pipeline hands it to the hooks. */
  function context(
    action: 'create' | 'update',
    payload: Row,
    options: { current?: Row; principal?: Principal; path?: string; entity?: string; defaults?: Row } = {},
  ) {
    const entity = reg.entities.get(options.entity ?? 'invoice')!;
    const ctx = new WriteContext(
      action,
      { app: 'demo', db, registry: reg, entity, principal: options.principal ?? admin },
      payload,
      undefined,
      options.path ?? '',
    );
    ctx.usePlan({ values: new Map(Object.entries(payload)), nested: [] });
    for (const [k, v] of Object.entries(options.defaults ?? {})) if (!ctx.values.has(k)) ctx.values.set(k, v);
    if (action === 'update') {
      ctx.current = options.current ?? stored();
      ctx.pk = ctx.current[entity.pk.name] as string;
    }
    ctx.bind(db);
    return ctx;
  }

  /** beforeWrite, the INSERT/UPDATE as PersistStage leaves it, then afterPersist. */
  async function write(ctx: WriteContext) {
    await hook.beforeWrite(ctx);
    if (ctx.action === 'create') ctx.pk = PK;
    ctx.keys = { ...(ctx.current ?? {}), ...Object.fromEntries(ctx.values), id: ctx.pk };
    await hook.afterPersist(ctx);
  }

  return { hook, hooks, store, reg, set, context, write, executed, createInTransaction };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('StateMachineHook', () => {
  it('registers the initial states before the rules (10) and the machines after them', () => {
    const { hooks } = setup();
    expect(hooks.list().map((h) => [h.name, h.order])).toEqual([
      ['state-machines.initial-states', 5],
      ['state-machines', 20],
    ]);
  });

  it('the rules see the initial states of a create, not the field defaults (04 §3.1 step 6)', async () => {
    const { hook, context } = setup();
    const ctx = context('create', { number: 'INV-1', approval: 'x' }, { defaults: { status: 'paid' } });
    await hook.initialStates.beforeWrite!(ctx);
    expect([ctx.values.get('status'), ctx.values.get('approval')]).toEqual(['draft', 'x']);
    await hook.initialStates.beforeWrite!(context('update', { status: 'sent' }));
  });

  describe('create', () => {
    it('assigns the initial states over field defaults; accepts the initial state', async () => {
      const { context, write, createInTransaction } = setup();
      const ctx = context('create', { number: 'INV-1' }, { defaults: { status: 'paid', total: 0 } });
      await write(ctx);
      expect([ctx.values.get('status'), ctx.values.get('approval')]).toEqual(['draft', 'none']);
      const given = context('create', { number: 'INV-1', status: 'draft', approval: null });
      await write(given);
      expect([given.values.get('status'), given.values.get('approval')]).toEqual(['draft', 'none']);
      expect(createInTransaction).not.toHaveBeenCalled();
    });

    it('rejects any other state, with the row path of a nested child', async () => {
      const { context, write } = setup();
      const err = await failure(write(context('create', { state: 'shipped' }, { entity: 'item', path: 'items[1]' })));
      expect(err.toBody().error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: [
          { field: 'items[1].state', rule: 'state_machine', message: "Initial state must be 'open', got 'shipped'" },
        ],
      });
    });
  });

  describe('update', () => {
    it('nothing happens when the state is absent or unchanged', async () => {
      const { context, write, executed } = setup();
      await write(context('update', { total: 5 }));
      await write(context('update', { status: 'draft' }));
      expect(executed).toEqual([]);
    });

    it('an unknown transition → 422 with every machine’s details', async () => {
      const { context, write } = setup();
      const err = await failure(write(context('update', { status: 'paid', approval: 'requested' })));
      expect(err.toBody().error.details).toEqual([
        { field: 'status', rule: 'state_machine', message: "Invalid transition from 'draft' to 'paid'" },
        { field: 'approval', rule: 'state_machine', message: "Transition from 'none' to 'requested' blocked by guard" },
      ]);
    });

    it('a role failure → 403 (04 §2.6), and it wins over 422s of other machines', async () => {
      const { context, write } = setup();
      const err = await failure(
        write(context('update', { status: 'sent', approval: 'requested' }, { principal: clerk })),
      );
      expect([err.status, err.toBody()]).toEqual([
        403,
        {
          error: {
            code: 'FORBIDDEN',
            message: "Role not permitted for transition from 'draft' to 'sent'",
            details: [{ field: 'status', rule: 'state_machine_role', message: 'allowed roles: accountant' }],
          },
        },
      ]);
    });

    it('guards: the merged record decides; the message or the default; evaluation errors block (03 §12.3)', async () => {
      const { context, write } = setup();
      const blocked = await failure(
        write(context('update', { status: 'paid' }, { current: stored({ status: 'sent' }) })),
      );
      expect(blocked.toBody().error.details).toEqual([
        { field: 'status', rule: 'state_machine', message: 'Record the payment first' },
      ]);
      await write(
        context('update', { status: 'paid' }, { current: stored({ status: 'sent', payment_date: '2026-02-01' }) }),
      );
      await write(
        context('update', { status: 'paid', payment_date: '2026-02-01' }, { current: stored({ status: 'sent' }) }),
      );
      const broken = await failure(
        write(context('update', { status: 'void' }, { current: stored({ status: 'sent' }) })),
      );
      expect(broken.toBody().error.details).toEqual([
        { field: 'status', rule: 'state_machine', message: expect.stringMatching(/^guard could not be evaluated: /) },
      ]);
    });

    it('set_field: "now" and templates before the write; a value that does not fit → 422 on its field', async () => {
      const { context, write } = setup();
      const ctx = context('update', { status: 'sent' }, { principal: SYSTEM_ACTOR });
      await write(ctx);
      expect(ctx.values.get('sent_at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(ctx.values.get('label')).toBe('sent INV-1');
      const err = await failure(write(context('update', { status: 'void' })));
      expect(err.toBody().error.details).toEqual([
        { field: 'count', rule: 'state_machine', message: expect.stringMatching(/^count must be an integer/) },
      ]);
    });

    it('after the write: webhook row, create_record as the system actor, event row, in order, in the transaction', async () => {
      const { context, write, executed, createInTransaction, reg } = setup();
      const ctx = context('update', { status: 'sent' }, { principal: { ...clerk, roles: ['accountant'] } });
      await write(ctx);
      const statements = executed.map((q) =>
        q.sql
          .replace(/^select .*? from ("\w+").*$/s, 'select $1')
          .replace(/^insert into ("\w+").*$/s, 'insert into $1'),
      );
      expect(statements).toEqual(['select "invoices"', 'insert into "_webhook_logs"', 'insert into "_events"']);

      const webhook = executed[1].parameters;
      expect(webhook).toEqual(
        expect.arrayContaining([
          'state_machine',
          'invoice',
          'state_transition',
          PK,
          'https://x.test/h',
          'POST',
          4,
          'linear',
        ]),
      );
      expect(JSON.parse(webhook.find((p) => typeof p === 'string' && p.includes('X-Key')) as string)).toEqual({
        'X-Key': '{{env.KEY}}',
      });
      const body = JSON.parse(webhook.find((p) => typeof p === 'string' && p.startsWith('{"event"')) as string);
      expect(body).toMatchObject({
        event: 'state_transition',
        transition: { field: 'status', from: 'draft', to: 'sent' },
      });

      expect(createInTransaction).toHaveBeenCalledTimes(1);
      const [trx, target, data] = createInTransaction.mock.calls[0] as unknown as [unknown, any, unknown];
      expect(trx).toBe(ctx.trx);
      expect(target).toMatchObject({ app: 'demo', principal: SYSTEM_ACTOR, entity: reg.entities.get('task') });
      expect(data).toEqual({ title: 'Follow INV-1', invoice_id: PK });

      const event = executed[2].parameters;
      expect(event).toEqual(expect.arrayContaining(['business', 'state_machine', 'invoice.sent', 'invoice', PK, null]));
      const metadata = JSON.parse(event.find((p) => typeof p === 'string' && p.includes('"n"')) as string);
      expect(metadata).toEqual({ n: 'INV-1', field: 'status', from: 'draft', to: 'sent' });
    });

    it('a template that fails to evaluate rejects the write (action_template, 03 §12.3)', async () => {
      const { context, write } = setup();
      const err = await failure(write(context('update', { status: 'draft' }, { current: stored({ status: 'void' }) })));
      expect(err.toBody().error.details).toEqual([{ rule: 'state_machine', message: expect.any(String) }]);
    });

    it('nested child rows: their own actions, but no webhook (02 §7.2)', async () => {
      const { context, write, executed } = setup();
      const child = context(
        'update',
        { state: 'shipped' },
        { entity: 'item', path: 'items[0]', current: { id: 4, invoice_id: PK, state: 'open' } },
      );
      await write(child);
      expect(executed.map((q) => q.sql.slice(0, 22))).toEqual(['insert into "_events" ']);
      expect(executed[0].parameters).toEqual(expect.arrayContaining(['item.shipped', 'item', '4', USER_ID]));
    });

    it('one instant per transaction: nested rows and later rows share "now"', async () => {
      const { context, write } = setup();
      const a = context('update', { status: 'sent' });
      await write(a);
      await new Promise((r) => setTimeout(r, 5));
      const b = context('update', { status: 'sent' });
      await write(b);
      expect(b.values.get('sent_at')).toBe(a.values.get('sent_at'));
    });
  });

  describe('required exemptions (02 §6.2)', () => {
    it('the state fields of the active machines', () => {
      const { hook, reg } = setup();
      expect([...hook.requiredExempt(reg.entities.get('invoice')!, reg)]).toEqual(['status', 'approval']);
      expect([...hook.requiredExempt(reg.entities.get('task')!, reg)]).toEqual([]);
    });

    it('while the machines lag behind the registry: every required text field, re-checked once they caught up', async () => {
      const { hook, reg, context, write } = setup([STATUS], true);
      expect([...hook.requiredExempt(reg.entities.get('invoice')!, reg)]).toEqual(['number', 'status', 'note']);
      const err = await failure(write(context('create', { number: '', status: null })));
      expect(err.toBody().error.details).toEqual([
        { field: 'number', rule: 'required', message: 'number is required' },
        { field: 'note', rule: 'required', message: 'note is required' },
      ]);
      await write(context('create', { number: 'N', note: 'x' }));
    });

    it('nothing outside an app', () => {
      const { reg } = setup();
      const hook = new StateMachineHook(
        new WriteHooks(),
        {} as MachineStore,
        { currentScope: () => undefined } as unknown as TenancyService,
        {} as WritePipeline,
      );
      expect([...hook.requiredExempt(reg.entities.get('invoice')!, reg)]).toEqual([]);
      expect(MachineSet.EMPTY.stateFields('invoice')).toEqual([]);
    });
  });
});
