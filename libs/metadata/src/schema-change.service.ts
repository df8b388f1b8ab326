import { Injectable } from '@nestjs/common';
import { sql, Transaction } from 'kysely';
import { ClusterBus } from '@rocket/database';
import { TenancyService } from '@rocket/tenancy';
import { MetadataRepository } from './metadata.repository';
import { RegistryLoader } from './registry/registry-loader';
import { REGISTRY_STATE, registryOf } from './registry/registry.service';
import { Registry } from './registry/registry.types';

export const METADATA_CHANGED = 'metadata.changed';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SchemaTrx = Transaction<any>;

/**
 * Runs one metadata change the way 01 §4.1 wants it: metadata write, DDL and
 * registry build in one transaction, serialised per app by an advisory lock;
 * the new snapshot is swapped in after COMMIT and announced to the other
 * processes.
 */
@Injectable()
export class SchemaChangeService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly repository: MetadataRepository,
    private readonly loader: RegistryLoader,
    private readonly bus: ClusterBus,
  ) {}

  async apply<T>(change: (trx: SchemaTrx) => Promise<T>): Promise<T> {
    const tenant = this.tenancy.current();
    let registry: Registry | undefined;
    const result = await tenant.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('rocket_schema'))`.execute(trx);
      const value = await change(trx);
      await this.repository.bumpVersion(trx);
      registry = await this.loader.load(trx, tenant.name);
      return value;
    });
    this.install(tenant.state, registry!);
    await this.bus.publish(METADATA_CHANGED, { app: tenant.name, version: registry!.version }).catch(() => undefined);
    return result;
  }

  /** Swaps a snapshot in unless a newer one is already there. */
  install(state: Map<symbol, unknown>, registry: Registry): void {
    const current = state.get(REGISTRY_STATE) as Registry | undefined;
    if (!current || current.version <= registry.version) state.set(REGISTRY_STATE, registry);
  }

  current(): Registry {
    return registryOf(this.tenancy.current());
  }
}
