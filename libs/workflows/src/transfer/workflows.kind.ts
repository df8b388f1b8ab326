import { Injectable, OnModuleInit } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { ErrorDetail } from '@rocket/errors';
import { buildRegistry } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { ImportContext, KindPlan, TransferKind, TransferKinds, Trx } from '@rocket/schema-transfer';
import { isObject } from '@rocket/state-machine';
import { WorkflowInput } from '../definition/workflow.types';
import { validateWorkflow } from '../definition/workflow-validator';
import { WorkflowsRepository } from '../workflows.repository';

/**
 * Workflows in export/import (01 §8, step 5): checked as the admin API
 * checks them against existing ∪ imported entities and relations, skipped
 * when their name exists (in the database or earlier in the document).
 */
@Injectable()
export class WorkflowsKind implements TransferKind<WorkflowInput>, OnModuleInit {
  readonly key = 'workflows';
  readonly order = 50;

  constructor(
    private readonly workflows: WorkflowsRepository,
    private readonly kinds: TransferKinds,
    private readonly secrets: SecretReferences,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx | AnyDb): Promise<unknown[]> {
    return (await this.workflows.list(db)).map(({ name, trigger, context, steps, active }) => ({
      name,
      trigger,
      context,
      steps,
      active,
    }));
  }

  async plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<WorkflowInput>> {
    const details: ErrorDetail[] = [];
    const fresh: WorkflowInput[] = [];
    let duplicates = 0;
    const taken = new Set((await this.workflows.list(ctx.trx)).map((w) => w.name));
    const entities = new Map([...ctx.existingEntities, ...ctx.importedEntities]);
    const registry = buildRegistry(0, [...entities.values()], [...ctx.existingRelations, ...ctx.importedRelations]);
    items.forEach((item, i) => {
      if (isObject(item) && typeof item.name === 'string' && taken.has(item.name)) return void duplicates++;
      const checked = validateWorkflow(item, registry, this.secrets, `workflows[${i}]`);
      if (!checked.workflow) return void details.push(...checked.details);
      taken.add(checked.workflow.name);
      fresh.push(checked.workflow);
    });
    return { details, fresh, duplicates };
  }

  async apply(fresh: WorkflowInput[], ctx: ImportContext): Promise<void> {
    for (const workflow of fresh) await this.workflows.insert(ctx.trx, workflow);
  }
}
