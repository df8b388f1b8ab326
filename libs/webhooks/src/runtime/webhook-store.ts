import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterBus } from '@rocket/database';
import { CompiledExpression, compileStoredExpression } from '@rocket/expressions';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { METADATA_CHANGED, MetadataRepository, Registry } from '@rocket/metadata';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { Db, WebhooksRepository } from '../webhooks.repository';
import { WebhookHook, WebhookRow } from '../webhook.types';

/** Where an open app keeps its webhooks (TenantContext.state). */
export const WEBHOOKS_STATE = Symbol('rocket.webhooks');

/** An active webhook with its condition compiled (03 §12.1). */
export interface CompiledWebhook {
  readonly row: WebhookRow;
  /** Broken conditions fail every evaluation (03 §12.2, fail closed). */
  readonly condition: CompiledExpression;
}

/** The active webhooks of one app by (entity, hook), each list in `created_at` order. */
export class WebhookSet {
  static readonly EMPTY = new WebhookSet([]);
  private readonly byKey = new Map<string, CompiledWebhook[]>();

  constructor(rows: readonly WebhookRow[]) {
    const sorted = [...rows]
      .filter((r) => r.active)
      .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.id.localeCompare(b.id));
    for (const row of sorted) {
      // Stored conditions are compiled without member checks: a field removed since reads as null.
      const condition = compileStoredExpression(row.condition, { kind: 'webhook_condition' }, row.id);
      const key = keyOf(row.entity, row.hook);
      const list = this.byKey.get(key) ?? [];
      list.push({ row, condition });
      this.byKey.set(key, list);
    }
  }

  of(entity: string, hook: WebhookHook): readonly CompiledWebhook[] {
    return this.byKey.get(keyOf(entity, hook)) ?? [];
  }
}

interface LoadedWebhooks {
  /** `_meta_version` read before the rows. */
  readonly version: number;
  readonly set: WebhookSet;
}

/**
 * Keeps every open app's webhooks in step with its metadata, as the state
 * machines are kept (every change to `_webhooks` is a metadata change):
 * loaded when the app opens, on `metadata.changed` from any process and
 * after a bus reconnect; a write whose registry is newer than the loaded
 * rows reloads them inside its own transaction first.
 */
@Injectable()
export class WebhookStore implements OnModuleInit {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly bus: ClusterBus,
    private readonly metadata: MetadataRepository,
    private readonly webhooks: WebhooksRepository,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.tenancy.onOpen((ctx) => this.load(ctx, ctx.db));
    this.bus.on(METADATA_CHANGED, (m) => {
      if (!m.app || !this.tenancy.isOpen(m.app)) return;
      void this.reload(m.app, typeof m.version === 'number' ? m.version : undefined);
    });
    this.bus.onReconnect(() => {
      for (const app of this.tenancy.openApps()) void this.reload(app);
    });
  }

  async reload(app: string, version?: number): Promise<void> {
    try {
      await this.tenancy.runIfOpen(app, async (ctx) => {
        if (version !== undefined && (loadedOf(ctx)?.version ?? -1) >= version) return;
        await this.load(ctx, ctx.db);
      });
    } catch (err) {
      this.logger.warn({ app, err: (err as Error).message }, 'Webhook reload failed');
    }
  }

  async load(tenant: TenantContext, db: Db): Promise<void> {
    const version = await this.metadata.version(db);
    const rows = await this.webhooks.list(db, { active: true });
    const current = loadedOf(tenant);
    if (!current || current.version <= version) {
      tenant.state.set(WEBHOOKS_STATE, { version, set: new WebhookSet(rows) } satisfies LoadedWebhooks);
    }
  }

  /** The app's webhooks for a write on `registry`, first catching up through the write's transaction if behind. */
  async fresh(tenant: TenantContext, registry: Registry, db: Db): Promise<WebhookSet> {
    const loaded = loadedOf(tenant);
    if (loaded && loaded.version >= registry.version) return loaded.set;
    await this.load(tenant, db);
    return loadedOf(tenant)?.set ?? WebhookSet.EMPTY;
  }
}

function keyOf(entity: string, hook: string): string {
  return `${entity}\u0000${hook}`;
}

function loadedOf(tenant: TenantContext): LoadedWebhooks | undefined {
  return tenant.state.get(WEBHOOKS_STATE) as LoadedWebhooks | undefined;
}
