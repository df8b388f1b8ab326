import { AppError } from '@rocket/errors';
import { MetadataRepository, SchemaChangeService } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { MachineStore } from '../runtime/machine-store';
import { StateMachinesRepository } from '../state-machines.repository';
import { ENTITIES, machineRow, secrets } from '../testing/fixtures';
import { StateMachineAdminService } from './state-machine-admin.service';

const ID = '6f1c0000-0000-4000-8000-000000000001';
const body = {
  entity: 'invoice',
  field: 'status',
  definition: { initial: 'draft', transitions: [{ from: 'draft', to: 'sent' }] },
};

function setup(stored = [machineRow({ id: ID, field: 'approval', definition: { initial: 'a', transitions: [] } })]) {
  const tenant = { name: 'demo', db: 'db', state: new Map() };
  const repository = {
    list: jest.fn((_db: unknown, entity?: string) =>
      Promise.resolve(stored.filter((m) => !entity || m.entity === entity)),
    ),
    find: jest.fn((_db: unknown, id: string) => Promise.resolve(stored.find((m) => m.id === id))),
    insert: jest.fn((_db: unknown, input: object) => Promise.resolve({ id: 'new', ...input })),
    update: jest.fn((_db: unknown, id: string, input: object) => Promise.resolve({ id, ...input })),
    delete: jest.fn(() => Promise.resolve(true)),
  };
  const metadata = {
    entityRows: jest.fn(() => Promise.resolve(ENTITIES.map((definition) => ({ name: definition.name, definition })))),
  } as unknown as MetadataRepository;
  const apply = jest.fn((work: (trx: unknown) => Promise<unknown>) => work('trx'));
  const changes = { apply } as unknown as SchemaChangeService;
  const tenancy = { current: () => tenant } as unknown as TenancyService;
  const load = jest.fn(() => Promise.resolve());
  const store = { load } as unknown as MachineStore;
  const service = new StateMachineAdminService(
    repository as unknown as StateMachinesRepository,
    metadata,
    changes,
    tenancy,
    store,
    secrets(),
  );
  return { service, repository, apply, load };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a failure');
}

describe('StateMachineAdminService (04 §2.7)', () => {
  it('a malformed id → 404 without any query', async () => {
    const { service, repository, apply } = setup();
    for (const call of [() => service.get('x'), () => service.update('x', body), () => service.delete('x')]) {
      const err = await failure(call());
      expect([err.status, err.message]).toEqual([404, 'State machine not found: x']);
    }
    expect(repository.find).not.toHaveBeenCalled();
    expect(apply).not.toHaveBeenCalled();
  });

  it('creates through a metadata change, then reloads this process before answering', async () => {
    const { service, repository, load } = setup();
    const created = await service.create(body);
    expect(created).toMatchObject({ id: 'new', entity: 'invoice', field: 'status', active: true });
    expect(repository.insert).toHaveBeenCalledWith('trx', expect.objectContaining({ entity: 'invoice' }));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('422 before anything is written; 409 for a field that already has a machine', async () => {
    const { service, repository, load } = setup();
    expect((await failure(service.create({ ...body, entity: 'nope' }))).status).toBe(422);
    const conflict = await failure(service.create({ ...body, field: 'approval' }));
    expect([conflict.status, conflict.code]).toEqual([409, 'CONFLICT']);
    expect(repository.insert).not.toHaveBeenCalled();
    expect(load).not.toHaveBeenCalled();
  });

  it('PUT keeps its own (entity, field) and 404s an unknown id before validating', async () => {
    const { service, repository } = setup();
    const updated = await service.update(ID, {
      ...body,
      field: 'approval',
      definition: { initial: 'a', transitions: [{ from: 'a', to: 'b' }] },
    });
    expect(updated).toMatchObject({ id: ID, field: 'approval' });
    const missing = await failure(service.update('00000000-0000-4000-8000-000000000009', { bad: true }));
    expect(missing.status).toBe(404);
    expect(repository.update).toHaveBeenCalledTimes(1);
  });
});
