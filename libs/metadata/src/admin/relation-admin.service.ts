import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { TenancyService } from '@rocket/tenancy';
import { RelationDefinition } from '../definitions/definition.types';
import { validateRelation } from '../definitions/relation-validator';
import { MetadataRepository, RelationRow } from '../metadata.repository';
import { dropRelationIndexes, migrateRelation } from '../migrations/relation-migrator';
import { SchemaChangeService, SchemaTrx } from '../schema-change.service';

const IMMUTABLE: (keyof RelationDefinition)[] = [
  'type',
  'source',
  'target',
  'join_table',
  'source_join_key',
  'target_join_key',
];

/** Admin API for relations (01 §7). */
@Injectable()
export class RelationAdminService {
  constructor(
    private readonly repository: MetadataRepository,
    private readonly changes: SchemaChangeService,
    private readonly tenancy: TenancyService,
  ) {}

  list(): Promise<RelationRow[]> {
    return this.repository.relationRows(this.tenancy.current().db);
  }

  async get(name: string): Promise<RelationRow> {
    const row = await this.repository.relationRow(this.tenancy.current().db, name);
    if (!row) throw Errors.notFound(`Relation not found: ${name}`);
    return row;
  }

  async create(body: Record<string, unknown>): Promise<RelationDefinition> {
    return this.changes.apply(async (trx) => {
      const definition = await this.checked(trx, body);
      if (await this.repository.relationRow(trx, definition.name))
        throw Errors.conflict(`Relation already exists: ${definition.name}`);
      await this.migrate(trx, definition);
      await this.repository.insertRelation(trx, definition);
      return definition;
    });
  }

  async update(name: string, body: Record<string, unknown>): Promise<RelationDefinition> {
    return this.changes.apply(async (trx) => {
      const previous = await this.repository.relationRow(trx, name);
      if (!previous) throw Errors.notFound(`Relation not found: ${name}`);
      const definition = await this.checked(trx, { ...body, name });
      const changed = IMMUTABLE.filter((k) => previous.definition[k] !== definition[k]);
      if (changed.length > 0) {
        throw Errors.validation(
          changed.map((k) => ({
            field: k,
            rule: 'immutable',
            message: `${k} cannot be changed (delete and recreate the relation)`,
          })),
        );
      }
      await this.migrate(trx, definition);
      await this.repository.updateRelation(trx, definition);
      return definition;
    });
  }

  async delete(name: string): Promise<{ name: string; deleted: true }> {
    return this.changes.apply(async (trx) => {
      const row = await this.repository.relationRow(trx, name);
      if (!row) throw Errors.notFound(`Relation not found: ${name}`);
      const target = await this.repository.entityRow(trx, row.target);
      const remaining = (await this.repository.relationRows(trx)).map((r) => r.definition);
      await dropRelationIndexes(trx, row.definition, target?.definition, remaining);
      await this.repository.deleteRelation(trx, name);
      return { name, deleted: true as const };
    });
  }

  private async checked(trx: SchemaTrx, body: Record<string, unknown>): Promise<RelationDefinition> {
    const entities = new Map((await this.repository.entityRows(trx)).map((r) => [r.name, r.definition]));
    const relations = (await this.repository.relationRows(trx))
      .map((r) => r.definition)
      .filter((r) => r.name !== body.name);
    const result = validateRelation(body, { entities, relations });
    if (!result.definition) throw Errors.validation(result.details, result.details[0].message);
    return result.definition;
  }

  private async migrate(trx: SchemaTrx, definition: RelationDefinition): Promise<void> {
    const source = (await this.repository.entityRow(trx, definition.source))!.definition;
    const target = (await this.repository.entityRow(trx, definition.target))!.definition;
    await migrateRelation(trx, definition, source, target);
  }
}
