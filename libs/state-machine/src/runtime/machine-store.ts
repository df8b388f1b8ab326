import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterBus } from '@rocket/database';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { MetadataRepository, VersionedAppState, Registry } from '@rocket/metadata';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { StateMachineRow } from '../definition/machine.types';
import { Db, StateMachinesRepository } from '../state-machines.repository';
import { compileMachines, MachineSet } from './compiled-machine';

/** Where an open app keeps its state machines (TenantContext.state). */
export const STATE_MACHINES_STATE = Symbol('rocket.state-machine.machines');

/** The stored machines of one app as of a metadata version, and their compiled forms. */
interface LoadedMachines {
  /** `_meta_version` read before the rows: the rows are at least this new. */
  readonly version: number;
  readonly rows: readonly StateMachineRow[];
  /** One compiled set per registry snapshot, built on first use (03 §12.1). */
  readonly compiled: WeakMap<Registry, MachineSet>;
}

export interface MachineView {
  readonly set: MachineSet;
  /** The registry has moved past the loaded rows: a change is announced but not reloaded here yet. */
  readonly stale: boolean;
}

/**
 * Keeps every open app's state machines in step with its metadata.
 *
 * Every change to `_state_machines` goes through `SchemaChangeService.apply`,
 * so it moves `_meta_version` and is announced on the cluster bus like any
 * metadata change. The rows are loaded with the version they were read at:
 * when the app opens, after this process's own admin changes, on every
 * `metadata.changed` message (any origin: an import or an entity change in
 * this process is announced the same way) and after a bus reconnect. They
 * are compiled once per registry snapshot. A write whose registry is newer
 * than the loaded rows (the announcement is still on its way) reloads them
 * first, inside its own transaction, so no write applies machines older than
 * the metadata it runs with.
 */
@Injectable()
export class MachineStore implements OnModuleInit {
  private readonly state: VersionedAppState<LoadedMachines>;

  constructor(
    private readonly tenancy: TenancyService,
    private readonly bus: ClusterBus,
    private readonly metadata: MetadataRepository,
    private readonly machines: StateMachinesRepository,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {
    this.state = new VersionedAppState({
      key: STATE_MACHINES_STATE,
      label: 'State machine',
      tenancy,
      bus,
      metadata,
      logger,
      read: async (db, version) =>
        ({ version, rows: await this.machines.list(db), compiled: new WeakMap() }) satisfies LoadedMachines,
    });
  }

  onModuleInit(): void {
    this.state.start();
  }

  /** Reads the version, then the rows, and swaps them in (never older than what is there). */
  load(tenant: TenantContext, db: Db): Promise<void> {
    return this.state.load(tenant, db);
  }

  /** The machines for a registry snapshot, compiled on first use and shared by every write on it. */
  view(tenant: TenantContext, registry: Registry): MachineView {
    const loaded = loadedOf(tenant);
    if (!loaded) return { set: MachineSet.EMPTY, stale: true };
    let set = loaded.compiled.get(registry);
    if (!set) {
      set = compileMachines(loaded.rows, registry, (row, why) =>
        this.logger.warn(
          { app: tenant.name, machine: row.id, entity: row.entity, field: row.field, why },
          'State machine not applied',
        ),
      );
      loaded.compiled.set(registry, set);
    }
    return { set, stale: loaded.version < registry.version };
  }

  /** `view`, first catching up (through the write's transaction) when the rows are behind the registry. */
  async fresh(tenant: TenantContext, registry: Registry, db: Db): Promise<MachineSet> {
    const view = this.view(tenant, registry);
    if (!view.stale) return view.set;
    await this.load(tenant, db);
    return this.view(tenant, registry).set;
  }
}

function loadedOf(tenant: TenantContext): LoadedMachines | undefined {
  return tenant.state.get(STATE_MACHINES_STATE) as LoadedMachines | undefined;
}
