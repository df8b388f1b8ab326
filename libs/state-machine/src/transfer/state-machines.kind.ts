import { Injectable, OnModuleInit } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { ErrorDetail } from '@rocket/errors';
import { buildRegistry } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { ImportContext, KindPlan, TransferKind, TransferKinds, Trx } from '@rocket/schema-transfer';
import { StateMachineInput } from '../definition/machine.types';
import { validateMachine } from '../definition/machine-validator';
import { isObject } from '../definition/problems';
import { StateMachinesRepository } from '../state-machines.repository';

/**
 * State machines in export/import (01 §8): after entities and relations,
 * checked as the admin API checks them against existing ∪ imported
 * entities, skipped when their (entity, field) already has one.
 */
@Injectable()
export class StateMachinesKind implements TransferKind<StateMachineInput>, OnModuleInit {
  readonly key = 'state_machines';
  readonly order = 40;

  constructor(
    private readonly machines: StateMachinesRepository,
    private readonly kinds: TransferKinds,
    private readonly secrets: SecretReferences,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx | AnyDb): Promise<unknown[]> {
    return (await this.machines.list(db)).map(({ entity, field, definition, active }) => ({
      entity,
      field,
      definition,
      active,
    }));
  }

  async plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<StateMachineInput>> {
    const details: ErrorDetail[] = [];
    const fresh: StateMachineInput[] = [];
    let duplicates = 0;
    const existing = await this.machines.list(ctx.trx);
    const definitions = new Map([...ctx.existingEntities, ...ctx.importedEntities]);
    const entities = buildRegistry(0, [...definitions.values()], []).entities;
    const taken = new Set(existing.map((m) => key(m.entity, m.field)));
    items.forEach((item, i) => {
      if (isObject(item) && taken.has(key(item.entity, item.field))) return void duplicates++;
      const others = [...existing, ...fresh];
      const checked = validateMachine(item, { entities, others, secrets: this.secrets }, `state_machines[${i}]`);
      if (!checked.machine) return void details.push(...checked.details);
      taken.add(key(checked.machine.entity, checked.machine.field));
      fresh.push(checked.machine);
    });
    return { details, fresh, duplicates };
  }

  async apply(fresh: StateMachineInput[], ctx: ImportContext): Promise<void> {
    for (const machine of fresh) await this.machines.insert(ctx.trx, machine);
  }
}

function key(entity: unknown, field: unknown): string {
  return JSON.stringify([entity, field]);
}
