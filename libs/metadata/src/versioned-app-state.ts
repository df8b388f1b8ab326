import { Transaction } from 'kysely';
import { AnyDb, ClusterBus } from '@rocket/database';
import { Logger } from '@rocket/logging';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { MetadataRepository } from './metadata.repository';
import { METADATA_CHANGED } from './schema-change.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AnyDb | Transaction<any>;

export interface VersionedAppStateOptions<T extends { version: number }> {
  /** Where the loaded value lives in `TenantContext.state`. */
  key: symbol;
  /** For log lines: "Permission", "State machine"… */
  label: string;
  tenancy: TenancyService;
  bus: ClusterBus;
  metadata: MetadataRepository;
  logger: Logger;
  /** Reads the rows of this kind and wraps them with the version they were read at. */
  read(db: Db, version: number): Promise<T>;
}

/**
 * A per-app copy of some metadata rows (permissions, state machines,
 * webhooks…) kept in step with `_meta_version`: loaded when the app opens,
 * reloaded when any process announces a metadata change or the announcement
 * channel reconnects. The version is read before the rows, so the rows are
 * never older than the version they carry; an older load never replaces a
 * newer one.
 */
export class VersionedAppState<T extends { version: number }> {
  constructor(private readonly options: VersionedAppStateOptions<T>) {}

  /** Call once from the owning module's onModuleInit. */
  start(): void {
    const { tenancy, bus } = this.options;
    tenancy.onOpen((ctx) => this.load(ctx, ctx.db));
    bus.on(METADATA_CHANGED, (m) => {
      if (!m.app || !tenancy.isOpen(m.app)) return;
      void this.reload(m.app, typeof m.version === 'number' ? m.version : undefined);
    });
    bus.onReconnect(() => {
      for (const app of tenancy.openApps()) void this.reload(app);
    });
  }

  get(tenant: TenantContext): T | undefined {
    return tenant.state.get(this.options.key) as T | undefined;
  }

  /** Reloads an open app's copy unless it is already at `version`. */
  async reload(app: string, version?: number): Promise<void> {
    try {
      await this.options.tenancy.runIfOpen(app, async (ctx) => {
        if (version !== undefined && (this.get(ctx)?.version ?? -1) >= version) return;
        await this.load(ctx, ctx.db);
      });
    } catch (err) {
      this.options.logger.warn({ app, err: (err as Error).message }, `${this.options.label} reload failed`);
    }
  }

  /**
   * The copy for a request or write on `registry`: reloaded first (through
   * `db`, the write's transaction if there is one) when it is missing or
   * older than the registry, whose change announcement is still on its way.
   */
  async caughtUp(tenant: TenantContext, registry: { readonly version: number }, db: Db): Promise<T | undefined> {
    const current = this.get(tenant);
    if (current && current.version >= registry.version) return current;
    await this.load(tenant, db);
    return this.get(tenant);
  }

  async load(tenant: TenantContext, db: Db): Promise<void> {
    const version = await this.options.metadata.version(db);
    const value = await this.options.read(db, version);
    const current = this.get(tenant);
    if (!current || current.version <= version) tenant.state.set(this.options.key, value);
  }
}
