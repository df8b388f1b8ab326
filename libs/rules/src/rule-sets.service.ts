import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterBus } from '@rocket/database';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { METADATA_CHANGED, Registry, REGISTRY_STATE } from '@rocket/metadata';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { RuleSet } from './compile/rule-set';
import { Db, RulesRepository } from './rules.repository';

/** Where an open app keeps its newest compiled rule set (TenantContext.state). */
export const RULES_STATE = Symbol('rocket.rules.set');

/**
 * The compiled rules of every open app (STYLE 3: compiled once per
 * metadata version, never per request). A rule set is compiled against one
 * registry snapshot and is valid for exactly that snapshot; the app keeps
 * its newest one in its TenantContext.state.
 *
 * Compiled eagerly when the app opens, after every rules admin change
 * (before the response), and after every `metadata.changed` announcement
 * (entity changes and imports here, any change elsewhere). A write whose
 * snapshot has no set yet (the announcement is still on its way) compiles
 * one on its own transaction, so it never waits for a second connection.
 */
@Injectable()
export class RuleSets implements OnModuleInit {
  /** Background compilations under way, so a burst of requests starts one. */
  private readonly compiling = new WeakMap<Registry, Promise<void>>();
  /** Sets of snapshots older than the stored one, for writes still running on them (dropped with them). */
  private readonly older = new WeakMap<Registry, RuleSet>();

  constructor(
    private readonly repository: RulesRepository,
    private readonly tenancy: TenancyService,
    private readonly bus: ClusterBus,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // Registered after the metadata module's hook (it is imported first), so the registry is in place.
    this.tenancy.onOpen((ctx) => this.refresh(ctx));
    this.bus.on(METADATA_CHANGED, (m) => {
      if (m.app && this.tenancy.isOpen(m.app)) void this.refreshApp(m.app);
    });
    this.bus.onReconnect(() => {
      for (const app of this.tenancy.openApps()) void this.refreshApp(app);
    });
  }

  /**
   * The set for a write's registry snapshot (04 §3.1 step 7, §3.2 step 3).
   * A newer snapshot than the stored set's gets its set compiled here and
   * stored; an older one (a write that started before a change) gets a set
   * of its own, so it finishes with the metadata it started with.
   */
  async forWrite(registry: Registry, trx: Db): Promise<RuleSet> {
    const tenant = this.tenancy.current();
    const stored = storedSet(tenant);
    if (stored?.registry === registry) return stored;
    const kept = this.older.get(registry);
    if (kept) return kept;
    const set = await this.compile(tenant.name, registry, trx);
    if (!this.install(tenant, set)) this.older.set(registry, set);
    return set;
  }

  /**
   * What is known now, without waiting (the payload validator's `required`
   * exemptions are synchronous): the snapshot's own set, or the app's newest
   * marked stale while the snapshot's is compiled in the background.
   */
  view(registry: Registry): { set?: RuleSet; stale: boolean } {
    const tenant = this.tenancy.currentScope()?.tenant;
    if (!tenant) return { stale: false }; // outside any app: no rules
    const stored = storedSet(tenant);
    if (stored?.registry === registry) return { set: stored, stale: false };
    if (stored && stored.registry.version > registry.version) return { set: stored, stale: false };
    void this.refresh(tenant);
    return { set: stored, stale: true };
  }

  /** Compiles the set of the app's current registry unless it has it already (app open, admin change). */
  refresh(tenant: TenantContext): Promise<void> {
    const registry = tenant.state.get(REGISTRY_STATE) as Registry | undefined;
    if (!registry || storedSet(tenant)?.registry === registry) return Promise.resolve();
    let running = this.compiling.get(registry);
    if (!running) {
      running = this.compile(tenant.name, registry, tenant.db)
        .then((set) => void this.install(tenant, set))
        .catch((err: Error) => {
          // Writes compile their own set when this one is missing: log and carry on.
          this.logger.warn({ app: tenant.name, err: err.message }, 'Rule set load failed');
        })
        .finally(() => this.compiling.delete(registry));
      this.compiling.set(registry, running);
    }
    return running;
  }

  private async refreshApp(app: string): Promise<void> {
    await this.tenancy
      .run(app, (tenant) => this.refresh(tenant))
      .catch((err: Error) => {
        this.logger.warn({ app, err: err.message }, 'Rule set reload failed');
      });
  }

  private async compile(app: string, registry: Registry, db: Db): Promise<RuleSet> {
    const rows = await this.repository.active(db);
    return RuleSet.compile(registry, rows, (rule, reason) =>
      this.logger.warn({ app, rule: rule.id, entity: rule.entity, reason }, 'Stored rule does not compile'),
    );
  }

  /** Keeps the newest set: an older snapshot's set never replaces a newer one. False when not kept. */
  private install(tenant: TenantContext, set: RuleSet): boolean {
    const stored = storedSet(tenant);
    if (stored && stored.registry.version > set.registry.version) return false;
    tenant.state.set(RULES_STATE, set);
    return true;
  }
}

function storedSet(tenant: TenantContext): RuleSet | undefined {
  return tenant.state.get(RULES_STATE) as RuleSet | undefined;
}
