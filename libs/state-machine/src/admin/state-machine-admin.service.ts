import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { isUuid } from '@rocket/http';
import { buildRegistry, MetadataRepository, SchemaChangeService, SchemaTrx } from '@rocket/metadata';
import { SecretReferences } from '@rocket/outbound';
import { TenancyService } from '@rocket/tenancy';
import { StateMachineInput, StateMachineRow } from '../definition/machine.types';
import { validateMachine } from '../definition/machine-validator';
import { MachineStore } from '../runtime/machine-store';
import { StateMachinesRepository } from '../state-machines.repository';

/**
 * Admin API for state machines (04 §2.7). Each change runs as a metadata
 * change (advisory lock, `_meta_version` bump, registry reload, cluster
 * announcement: other processes reload too), validated against the stored
 * entities inside that transaction; this process reloads its machines
 * before answering.
 */
@Injectable()
export class StateMachineAdminService {
  constructor(
    private readonly machines: StateMachinesRepository,
    private readonly metadata: MetadataRepository,
    private readonly changes: SchemaChangeService,
    private readonly tenancy: TenancyService,
    private readonly store: MachineStore,
    private readonly secrets: SecretReferences,
  ) {}

  list(entity?: string): Promise<StateMachineRow[]> {
    return this.machines.list(this.tenancy.current().db, entity);
  }

  async get(id: string): Promise<StateMachineRow> {
    const row = isUuid(id) ? await this.machines.find(this.tenancy.current().db, id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  async create(body: Record<string, unknown>): Promise<StateMachineRow> {
    return this.change(async (trx) => {
      const input = await this.checked(trx, body);
      await this.assertFree(trx, input);
      return this.machines.insert(trx, input);
    });
  }

  async update(id: string, body: Record<string, unknown>): Promise<StateMachineRow> {
    if (!isUuid(id)) throw notFound(id);
    return this.change(async (trx) => {
      if (!(await this.machines.find(trx, id))) throw notFound(id);
      const input = await this.checked(trx, body, id);
      await this.assertFree(trx, input, id);
      return (await this.machines.update(trx, id, input))!;
    });
  }

  /** Stored records keep their state values (04 §2.7). */
  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id)) throw notFound(id);
    return this.change(async (trx) => {
      if (!(await this.machines.delete(trx, id))) throw notFound(id);
      return { id, deleted: true as const };
    });
  }

  private async change<T>(work: (trx: SchemaTrx) => Promise<T>): Promise<T> {
    const result = await this.changes.apply(work);
    const tenant = this.tenancy.current();
    await this.store.load(tenant, tenant.db);
    return result;
  }

  /** 04 §2.4 against the entities and the other machines as stored now. */
  private async checked(trx: SchemaTrx, body: Record<string, unknown>, id?: string): Promise<StateMachineInput> {
    const definitions = (await this.metadata.entityRows(trx)).map((r) => r.definition);
    const entities = buildRegistry(0, definitions, []).entities;
    const others = (await this.machines.list(trx)).filter((m) => m.id !== id);
    const result = validateMachine(body, { entities, others, secrets: this.secrets });
    if (!result.machine) throw Errors.validation(result.details);
    return result.machine;
  }

  /** At most one machine per (entity, field) (04 §2.1): a second → 409. */
  private async assertFree(trx: SchemaTrx, input: StateMachineInput, id?: string): Promise<void> {
    const taken = (await this.machines.list(trx, input.entity)).find((m) => m.field === input.field && m.id !== id);
    if (taken) {
      throw Errors.conflict(`A state machine already exists for ${input.entity}.${input.field}`, [
        {
          field: 'field',
          rule: 'unique',
          message: `${input.entity}.${input.field} already has state machine ${taken.id}`,
        },
      ]);
    }
  }
}

function notFound(id: string) {
  return Errors.notFound(`State machine not found: ${id}`);
}
