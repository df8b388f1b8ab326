import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterBus } from '@rocket/database';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { MetadataRepository, VersionedAppState, Registry } from '@rocket/metadata';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { PolicySet } from './compile/policy-set';
import { PermissionRow } from './permission.types';
import { Db, PermissionsRepository } from './permissions.repository';

/** Where an open app keeps its policies (TenantContext.state). */
export const PERMISSIONS_STATE = Symbol('rocket.permissions.policies');

/** The stored policies of one app as of a metadata version, and their compiled forms. */
interface LoadedPolicies {
  /** `_meta_version` read before the rows: the rows are at least this new. */
  readonly version: number;
  readonly rows: readonly PermissionRow[];
  /** One compiled set per registry snapshot, built on first use (STYLE 3). */
  readonly compiled: WeakMap<Registry, PolicySet>;
}

/**
 * Keeps every open app's policies in step with its metadata (07 §6.1, §8).
 *
 * Every change to `_permissions` goes through `SchemaChangeService.apply`, so
 * it moves `_meta_version` and is announced on the cluster bus like any
 * metadata change. Rows are loaded with the version they were read at: when
 * the app opens, after this process's own admin changes (before the answer),
 * on every `metadata.changed` message and after a bus reconnect; they are
 * compiled once per registry snapshot. A check whose registry is newer than
 * the loaded rows (the announcement is still on its way) reloads them first,
 * so no request is judged by policies older than the metadata it runs with.
 */
@Injectable()
export class PolicyStore implements OnModuleInit {
  private readonly state: VersionedAppState<LoadedPolicies>;

  constructor(
    private readonly tenancy: TenancyService,
    private readonly bus: ClusterBus,
    private readonly metadata: MetadataRepository,
    private readonly repository: PermissionsRepository,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {
    this.state = new VersionedAppState({
      key: PERMISSIONS_STATE,
      label: 'Permission',
      tenancy,
      bus,
      metadata,
      logger,
      read: async (db, version) =>
        ({ version, rows: await this.repository.list(db), compiled: new WeakMap() }) satisfies LoadedPolicies,
    });
  }

  onModuleInit(): void {
    this.state.start();
  }

  /** Reads the version, then the rows, and swaps them in (never older than what is there). */
  load(tenant: TenantContext, db: Db): Promise<void> {
    return this.state.load(tenant, db);
  }

  /** The policies for a registry snapshot and whether the rows may be behind it. */
  view(tenant: TenantContext, registry: Registry): { set: PolicySet; stale: boolean } {
    const loaded = loadedOf(tenant);
    if (!loaded) return { set: PolicySet.EMPTY, stale: true };
    let set = loaded.compiled.get(registry);
    if (!set) {
      set = PolicySet.compile(registry, loaded.rows, (row, reason) =>
        this.logger.warn(
          { app: tenant.name, permission: row.id, entity: row.entity, action: row.action, reason },
          'Permission condition can never hold; it denies',
        ),
      );
      loaded.compiled.set(registry, set);
    }
    return { set, stale: loaded.version < registry.version };
  }

  /** `view`, first catching up (on `db`, the write's transaction if there is one) when the rows are behind. */
  async fresh(tenant: TenantContext, registry: Registry, db: Db = tenant.db): Promise<PolicySet> {
    const view = this.view(tenant, registry);
    if (!view.stale) return view.set;
    await this.load(tenant, db);
    return this.view(tenant, registry).set;
  }
}

function loadedOf(tenant: TenantContext): LoadedPolicies | undefined {
  return tenant.state.get(PERMISSIONS_STATE) as LoadedPolicies | undefined;
}
