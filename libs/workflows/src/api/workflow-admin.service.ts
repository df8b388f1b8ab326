import { Injectable } from '@nestjs/common';
import { ErrorDetail, Errors } from '@rocket/errors';
import { buildRegistry, MetadataRepository, SchemaChangeService, SchemaTrx } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { booleanParam, isUuid, singleParam } from '@rocket/http';
import { TenancyService } from '@rocket/tenancy';
import { WorkflowInput, WorkflowRow } from '../definition/workflow.types';
import { graphWarnings } from '../definition/graph-checks';
import { validateWorkflow } from '../definition/workflow-validator';
import { InstancesRepository } from '../runtime/instances.repository';
import { WorkflowStore } from '../runtime/workflow-store';
import { WorkflowFilter, WorkflowsRepository } from '../workflows.repository';

/**
 * Admin API for workflow definitions (05 §3). Each change runs as a
 * metadata change (advisory lock, `_meta_version` bump, cluster
 * announcement: every process reloads its active workflows), validated
 * against the stored entities inside that transaction. Running instances
 * keep their snapshot; a delete cancels them in the same transaction.
 */
@Injectable()
export class WorkflowAdminService {
  constructor(
    private readonly workflows: WorkflowsRepository,
    private readonly instances: InstancesRepository,
    private readonly metadata: MetadataRepository,
    private readonly changes: SchemaChangeService,
    private readonly tenancy: TenancyService,
    private readonly store: WorkflowStore,
    private readonly secrets: SecretReferences,
  ) {}

  list(query: Record<string, unknown>): Promise<WorkflowRow[]> {
    const filter: WorkflowFilter = {};
    const entity = singleParam(query, 'entity');
    if (entity !== undefined) filter.entity = entity;
    const active = booleanParam(query, 'active');
    if (active !== undefined) filter.active = active;
    return this.workflows.list(this.tenancy.current().db, filter);
  }

  async get(id: string): Promise<WorkflowRow> {
    const row = isUuid(id) ? await this.workflows.find(this.tenancy.current().db, id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  create(body: Record<string, unknown>): Promise<SavedWorkflow> {
    return this.change(async (trx) => {
      const input = await this.checked(trx, body);
      await this.assertFreeName(trx, input.name);
      return saved(await this.workflows.insert(trx, input));
    });
  }

  async update(id: string, body: Record<string, unknown>): Promise<SavedWorkflow> {
    if (!isUuid(id)) throw notFound(id);
    return this.change(async (trx) => {
      if (!(await this.workflows.find(trx, id))) throw notFound(id);
      const input = await this.checked(trx, body);
      await this.assertFreeName(trx, input.name, id);
      return saved((await this.workflows.update(trx, id, input))!);
    });
  }

  /** Running instances become `cancelled` in the same transaction (05 §3). */
  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id)) throw notFound(id);
    return this.change(async (trx) => {
      if (!(await this.workflows.find(trx, id))) throw notFound(id);
      await this.instances.cancelRunningOf(trx, id);
      // SEAM(activity): one 10 §11.1 item per cancelled instance, for its trigger record.
      await this.workflows.delete(trx, id);
      return { id, deleted: true as const };
    });
  }

  private async change<T>(work: (trx: SchemaTrx) => Promise<T>): Promise<T> {
    const result = await this.changes.apply(work);
    const tenant = this.tenancy.current();
    await this.store.load(tenant, tenant.db);
    return result;
  }

  /** 05 §3 against the entities and relations as stored now. */
  private async checked(trx: SchemaTrx, body: Record<string, unknown>): Promise<WorkflowInput> {
    const entities = (await this.metadata.entityRows(trx)).map((r) => r.definition);
    const relations = (await this.metadata.relationRows(trx)).map((r) => r.definition);
    const result = validateWorkflow(body, buildRegistry(0, entities, relations), this.secrets);
    if (!result.workflow) throw Errors.validation(result.details);
    return result.workflow;
  }

  private async assertFreeName(trx: SchemaTrx, name: string, id?: string): Promise<void> {
    const taken = await this.workflows.findByName(trx, name);
    if (taken && taken.id !== id) {
      throw Errors.conflict(`A workflow named ${name} already exists`, [
        { field: 'name', rule: 'unique', message: `workflow ${name} already exists` },
      ]);
    }
  }
}

/**
 * The stored workflow, with the graph findings that are warnings for
 * 05-shaped definitions (11 §4.3): answered as `meta.warnings`, only when
 * there are some.
 */
export interface SavedWorkflow {
  data: WorkflowRow;
  meta?: { warnings: ErrorDetail[] };
}

function saved(row: WorkflowRow): SavedWorkflow {
  const warnings = graphWarnings(row.steps);
  return warnings.length > 0 ? { data: row, meta: { warnings } } : { data: row };
}

function notFound(id: string) {
  return Errors.notFound(`Workflow not found: ${id}`);
}
