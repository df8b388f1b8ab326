import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterBus } from '@rocket/database';
import { CompiledExpression, compileStoredExpression } from '@rocket/expressions';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { MetadataRepository, VersionedAppState, Registry } from '@rocket/metadata';
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
  private readonly state: VersionedAppState<LoadedWebhooks>;

  constructor(
    private readonly tenancy: TenancyService,
    private readonly bus: ClusterBus,
    private readonly metadata: MetadataRepository,
    private readonly webhooks: WebhooksRepository,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {
    this.state = new VersionedAppState({
      key: WEBHOOKS_STATE,
      label: 'Webhook',
      tenancy,
      bus,
      metadata,
      logger,
      read: async (db, version) =>
        ({ version, set: new WebhookSet(await this.webhooks.list(db, { active: true })) }) satisfies LoadedWebhooks,
    });
  }

  onModuleInit(): void {
    this.state.start();
  }

  /** Reads the version, then the rows, and swaps them in (never older than what is there). */
  load(tenant: TenantContext, db: Db): Promise<void> {
    return this.state.load(tenant, db);
  }

  /** The app's webhooks for a write on `registry`, first catching up through the write's transaction if behind. */
  async fresh(tenant: TenantContext, registry: Registry, db: Db): Promise<WebhookSet> {
    return (await this.state.caughtUp(tenant, registry, db))?.set ?? WebhookSet.EMPTY;
  }
}

function keyOf(entity: string, hook: string): string {
  return `${entity}\u0000${hook}`;
}
