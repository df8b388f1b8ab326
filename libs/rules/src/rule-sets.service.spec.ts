import { buildRegistry, Registry, REGISTRY_STATE } from '@rocket/metadata';
import { ClusterBus } from '@rocket/database';
import { Logger } from '@rocket/logging';
import { RequestScope, TenancyService, TenantContext } from '@rocket/tenancy';
import { RuleRow } from './rule.types';
import { RULES_STATE, RuleSets } from './rule-sets.service';
import { Db, RulesRepository } from './rules.repository';
import { ENTITIES, RELATIONS } from './testing/fixtures';
import { ruleRow } from './testing/rule-rows';

const computed = ruleRow('invoice', 'computed', { field: 'summary', expression: "'x'" });

function setup(rows: RuleRow[] = [computed]) {
  const tenant = {
    name: 'demo',
    db: 'pool' as unknown as Db,
    state: new Map<symbol, unknown>(),
  } as unknown as TenantContext;
  const scope: RequestScope = { tenant };
  const reads: unknown[] = [];
  const repository = {
    active: (db: Db) => {
      reads.push(db);
      return Promise.resolve(rows);
    },
  } as unknown as RulesRepository;
  const tenancy = {
    current: () => tenant,
    currentScope: () => scope,
    onOpen: jest.fn(),
  } as unknown as TenancyService;
  const bus = { on: jest.fn(), onReconnect: jest.fn() } as unknown as ClusterBus;
  const logger = { warn: jest.fn() } as unknown as Logger;
  const sets = new RuleSets(repository, tenancy, bus, logger);
  const snapshot = (version: number): Registry => {
    const registry = buildRegistry(version, ENTITIES, RELATIONS);
    tenant.state.set(REGISTRY_STATE, registry);
    return registry;
  };
  return { sets, tenant, reads, snapshot };
}

describe('RuleSets: one compiled set per registry snapshot', () => {
  it('compiles when the app opens and serves writes from it without reading again', async () => {
    const { sets, tenant, reads, snapshot } = setup();
    const v1 = snapshot(1);
    await sets.refresh(tenant);
    expect(reads).toEqual(['pool']);
    const set = await sets.forWrite(v1, 'trx' as unknown as Db);
    expect(set.registry).toBe(v1);
    expect(tenant.state.get(RULES_STATE)).toBe(set);
    expect(sets.view(v1)).toEqual({ set, stale: false });
    expect(reads).toEqual(['pool']);
    expect([...set.computedTargets('invoice')]).toEqual(['summary']);
  });

  it('a newer snapshot is compiled on the write’s own transaction and kept', async () => {
    const { sets, tenant, reads, snapshot } = setup();
    snapshot(1);
    await sets.refresh(tenant);
    const v2 = snapshot(2);
    const set = await sets.forWrite(v2, 'trx' as unknown as Db);
    expect(reads).toEqual(['pool', 'trx']);
    expect(tenant.state.get(RULES_STATE)).toBe(set);
  });

  it('a write on an older snapshot gets its own set, never replacing the newer one', async () => {
    const { sets, tenant, snapshot } = setup();
    const v1 = buildRegistry(1, ENTITIES, RELATIONS);
    snapshot(2);
    await sets.refresh(tenant);
    const newest = tenant.state.get(RULES_STATE);
    const old = await sets.forWrite(v1, 'trx' as unknown as Db);
    expect(old.registry).toBe(v1);
    expect(tenant.state.get(RULES_STATE)).toBe(newest);
    expect(await sets.forWrite(v1, 'trx2' as unknown as Db)).toBe(old);
  });

  it('view is stale while a newer snapshot has no set, and compiles it in the background once', async () => {
    const { sets, tenant, reads, snapshot } = setup();
    snapshot(1);
    await sets.refresh(tenant);
    const before = tenant.state.get(RULES_STATE);
    const v2 = snapshot(2);
    expect(sets.view(v2)).toEqual({ set: before, stale: true });
    expect(sets.view(v2).stale).toBe(true);
    await sets.refresh(tenant); // joins the compilation already running
    expect(reads).toEqual(['pool', 'pool']);
    expect(sets.view(v2)).toEqual({ set: tenant.state.get(RULES_STATE), stale: false });
  });
});
