import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterBus } from '@rocket/database';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { MetadataRepository, Registry, VersionedAppState } from '@rocket/metadata';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { WorkflowRow } from '../definition/workflow.types';
import { Db, WorkflowsRepository } from '../workflows.repository';

/** Where an open app keeps its workflows (TenantContext.state). */
export const WORKFLOWS_STATE = Symbol('rocket.workflows');

interface LoadedWorkflows {
  /** `_meta_version` read before the rows. */
  readonly version: number;
  /** Active workflows by trigger entity, in name order. */
  readonly byEntity: ReadonlyMap<string, readonly WorkflowRow[]>;
}

/**
 * Keeps every open app's active workflows in step with its metadata, as
 * the state machines and webhooks are kept (every change to `_workflows` is
 * a metadata change): loaded when the app opens, on `metadata.changed` from
 * any process and after a bus reconnect; a write whose registry is newer
 * than the loaded rows reloads them inside its own transaction first.
 */
@Injectable()
export class WorkflowStore implements OnModuleInit {
  private readonly state: VersionedAppState<LoadedWorkflows>;

  constructor(
    tenancy: TenancyService,
    bus: ClusterBus,
    metadata: MetadataRepository,
    private readonly workflows: WorkflowsRepository,
    @Inject(ROCKET_LOGGER) logger: Logger,
  ) {
    this.state = new VersionedAppState({
      key: WORKFLOWS_STATE,
      label: 'Workflow',
      tenancy,
      bus,
      metadata,
      logger,
      read: async (db, version) => ({
        version,
        byEntity: groupByEntity(await this.workflows.list(db, { active: true })),
      }),
    });
  }

  onModuleInit(): void {
    this.state.start();
  }

  load(tenant: TenantContext, db: Db): Promise<void> {
    return this.state.load(tenant, db);
  }

  /** The active workflows triggered by `entity`, caught up first when the registry is newer. */
  async triggeredBy(
    tenant: TenantContext,
    registry: Registry,
    entity: string,
    db: Db,
  ): Promise<readonly WorkflowRow[]> {
    return (await this.state.caughtUp(tenant, registry, db))?.byEntity.get(entity) ?? [];
  }
}

function groupByEntity(rows: readonly WorkflowRow[]): Map<string, WorkflowRow[]> {
  const byEntity = new Map<string, WorkflowRow[]>();
  for (const row of rows) {
    const list = byEntity.get(row.trigger.entity) ?? [];
    list.push(row);
    byEntity.set(row.trigger.entity, list);
  }
  return byEntity;
}
