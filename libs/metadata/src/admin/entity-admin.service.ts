import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { validateEntity } from '../definitions/entity-validator';
import { EntityDefinition } from '../definitions/definition.types';
import { EntityRow, MetadataRepository } from '../metadata.repository';
import { migrateEntity, unsafeChanges } from '../migrations/entity-migrator';
import { SchemaChangeService, SchemaTrx } from '../schema-change.service';
import { TenancyService } from '@rocket/tenancy';

/** Admin API for entities (01 §6): validate, migrate and store in one transaction. */
@Injectable()
export class EntityAdminService {
  constructor(
    private readonly repository: MetadataRepository,
    private readonly changes: SchemaChangeService,
    private readonly tenancy: TenancyService,
  ) {}

  list(): Promise<EntityRow[]> {
    return this.repository.entityRows(this.tenancy.current().db);
  }

  async get(name: string): Promise<EntityRow> {
    const row = await this.repository.entityRow(this.tenancy.current().db, name);
    if (!row) throw Errors.notFound(`Entity not found: ${name}`);
    return row;
  }

  async create(body: Record<string, unknown>): Promise<EntityDefinition> {
    const definition = checked(body);
    return this.changes.apply(async (trx) => {
      if (await this.repository.entityRow(trx, definition.name))
        throw Errors.conflict(`Entity already exists: ${definition.name}`);
      await this.checkTable(trx, definition);
      await migrateEntity(trx, undefined, definition);
      await this.repository.insertEntity(trx, definition);
      return definition;
    });
  }

  async update(name: string, body: Record<string, unknown>): Promise<EntityDefinition> {
    const definition = checked({ ...body, name });
    return this.changes.apply(async (trx) => {
      const previous = await this.repository.entityRow(trx, name);
      if (!previous) throw Errors.notFound(`Entity not found: ${name}`);
      const problems = unsafeChanges(previous.definition, definition);
      problems.push(...(await this.removedKeyFields(trx, definition)));
      if (problems.length > 0) throw Errors.validation(problems, problems[0].message);
      await migrateEntity(trx, previous.definition, definition);
      await this.repository.updateEntity(trx, definition);
      return definition;
    });
  }

  async delete(name: string): Promise<{ name: string; deleted: true }> {
    return this.changes.apply(async (trx) => {
      if (!(await this.repository.entityRow(trx, name))) throw Errors.notFound(`Entity not found: ${name}`);
      await this.repository.deleteEntity(trx, name);
      return { name, deleted: true as const };
    });
  }

  /** A table belongs to one entity and is never a relation's join table (01 §2.5 check 2). */
  private async checkTable(trx: SchemaTrx, definition: EntityDefinition): Promise<void> {
    const owner = (await this.repository.entityRows(trx)).find((e) => e.table_name === definition.table);
    if (owner) throw Errors.conflict(`Table already used by entity ${owner.name}`);
    const relation = (await this.repository.relationRows(trx)).find(
      (r) => r.definition.join_table === definition.table,
    );
    if (relation) {
      throw Errors.validationSingle({
        field: 'table',
        rule: 'invalid_value',
        message: `table ${definition.table} is the join table of relation ${relation.name}`,
      });
    }
  }

  /** Fields that relations depend on cannot disappear from the definition. */
  private async removedKeyFields(trx: SchemaTrx, definition: EntityDefinition) {
    const names = new Set(definition.fields.map((f) => f.name));
    const problems: { field: string; rule: string; message: string }[] = [];
    for (const { definition: r } of await this.repository.relationRows(trx)) {
      const uses = [
        r.source === definition.name ? r.source_key : undefined,
        r.target === definition.name && r.type !== 'many_to_many' ? r.target_key : undefined,
      ];
      for (const key of uses) {
        if (key && !names.has(key)) {
          problems.push({
            field: 'fields',
            rule: 'invalid_value',
            message: `field ${key} is used by relation ${r.name}`,
          });
        }
      }
    }
    return problems;
  }
}

function checked(body: Record<string, unknown>): EntityDefinition {
  const result = validateEntity(body);
  if (!result.definition) throw Errors.validation(result.details, result.details[0].message);
  return result.definition;
}
