import { ClusterBus, ClusterMessage } from '@rocket/database';
import { Logger } from '@rocket/logging';
import { METADATA_CHANGED, MetadataRepository } from '@rocket/metadata';
import { TenancyService, TenantContext, TenantHook } from '@rocket/tenancy';
import { StateMachineRow } from '../definition/machine.types';
import { StateMachinesRepository } from '../state-machines.repository';
import { machineRow, registry } from '../testing/fixtures';
import { MachineStore } from './machine-store';

const simple = {
  initial: 'draft',
  transitions: [{ from: ['draft'], to: 'sent', roles: [], guard: null, actions: [] }],
};

function setup() {
  const tenant = { name: 'demo', db: 'tenant-db', state: new Map() } as unknown as TenantContext;
  let open: TenantHook | undefined;
  const handlers: Record<string, (m: ClusterMessage) => void> = {};
  let reconnect: (() => void) | undefined;
  const tenancy = {
    onOpen: (hook: TenantHook) => (open = hook),
    isOpen: (app: string) => app === 'demo',
    openApps: () => ['demo'],
    run: (_app: string, fn: (ctx: TenantContext) => Promise<unknown>) => fn(tenant),
    runIfOpen: (_app: string, fn: (ctx: TenantContext) => Promise<unknown>) => fn(tenant),
  } as unknown as TenancyService;
  const bus = {
    on: (type: string, handler: (m: ClusterMessage) => void) => (handlers[type] = handler),
    onReconnect: (handler: () => void) => (reconnect = handler),
  } as unknown as ClusterBus;
  const db = { version: 1, rows: [] as StateMachineRow[] };
  const calls: string[] = [];
  const metadata = {
    version: jest.fn((from: unknown) => {
      calls.push(`version ${String(from)}`);
      return Promise.resolve(db.version);
    }),
  } as unknown as MetadataRepository;
  const machines = {
    list: jest.fn((from: unknown) => {
      calls.push(`rows ${String(from)}`);
      return Promise.resolve(db.rows);
    }),
  } as unknown as StateMachinesRepository;
  const logger = { warn: jest.fn() } as unknown as Logger;
  const store = new MachineStore(tenancy, bus, metadata, machines, logger);
  store.onModuleInit();
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    store,
    tenant,
    db,
    calls,
    logger,
    open: () => open!(tenant),
    handlers,
    reconnect: () => reconnect!(),
    settle,
  };
}

describe('MachineStore', () => {
  it('loads when the app opens: the version first, then the rows', async () => {
    const { store, tenant, db, calls, open } = setup();
    db.rows = [machineRow({ definition: simple })];
    await open();
    expect(calls).toEqual(['version tenant-db', 'rows tenant-db']);
    const view = store.view(tenant, registry(1));
    expect([view.stale, view.set.stateFields('invoice')]).toEqual([false, ['status']]);
  });

  it('compiles once per registry snapshot', async () => {
    const { store, tenant, open } = setup();
    await open();
    const reg = registry(1);
    expect(store.view(tenant, reg).set).toBe(store.view(tenant, reg).set);
    expect(store.view(tenant, registry(1)).set).not.toBe(store.view(tenant, reg).set);
  });

  it('a write on a newer registry catches up first, through its own transaction', async () => {
    const { store, tenant, db, calls, open } = setup();
    await open();
    db.version = 2;
    db.rows = [machineRow({ definition: simple })];
    const reg = registry(2);
    expect(store.view(tenant, reg).stale).toBe(true);
    const set = await store.fresh(tenant, reg, 'trx' as never);
    expect(calls.slice(2)).toEqual(['version trx', 'rows trx']);
    expect(set.stateFields('invoice')).toEqual(['status']);
    expect(store.view(tenant, reg).stale).toBe(false);
    await store.fresh(tenant, reg, 'trx' as never);
    expect(calls).toHaveLength(4);
  });

  it('reloads on metadata.changed from any process unless already at that version, and after a reconnect', async () => {
    const { tenant, db, calls, open, handlers, reconnect, settle, store } = setup();
    await open();
    handlers[METADATA_CHANGED]({ type: METADATA_CHANGED, origin: 'me', app: 'demo', version: 1 });
    handlers[METADATA_CHANGED]({ type: METADATA_CHANGED, origin: 'me', app: 'other', version: 5 });
    await settle();
    expect(calls).toHaveLength(2);
    db.version = 2;
    db.rows = [machineRow({ definition: simple })];
    handlers[METADATA_CHANGED]({ type: METADATA_CHANGED, origin: 'elsewhere', app: 'demo', version: 2 });
    await settle();
    expect(calls).toHaveLength(4);
    expect(store.view(tenant, registry(2)).set.stateFields('invoice')).toEqual(['status']);
    reconnect();
    await settle();
    expect(calls).toHaveLength(6);
  });

  it('never swaps older rows over newer ones', async () => {
    const { store, tenant, db, open } = setup();
    db.version = 3;
    db.rows = [machineRow({ definition: simple })];
    await open();
    db.version = 2;
    db.rows = [];
    await store.load(tenant, 'db' as never);
    expect(store.view(tenant, registry(3)).set.stateFields('invoice')).toEqual(['status']);
  });

  it('logs machines that no longer fit the registry, once per snapshot', async () => {
    const { store, tenant, db, open, logger } = setup();
    db.rows = [machineRow({ field: 'count', definition: simple })];
    await open();
    const reg = registry(1);
    store.view(tenant, reg);
    store.view(tenant, reg);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
