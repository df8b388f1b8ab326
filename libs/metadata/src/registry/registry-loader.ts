import { Injectable, Inject } from '@nestjs/common';
import { Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { validateEntity } from '../definitions/entity-validator';
import { EntityDefinition, RelationDefinition } from '../definitions/definition.types';
import { MetadataRepository } from '../metadata.repository';
import { buildRegistry } from './build-registry';
import { Registry } from './registry.types';

/** Loads an app's stored metadata into a fresh registry snapshot (01 §5). */
@Injectable()
export class RegistryLoader {
  constructor(
    private readonly repository: MetadataRepository,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async load(db: AnyDb | Transaction<any>, app: string): Promise<Registry> {
    const version = await this.repository.version(db);
    const entities: EntityDefinition[] = [];
    for (const row of await this.repository.entityRows(db)) {
      // Definitions were validated when saved; re-checking guards against hand edits.
      const checked = validateEntity(row.definition);
      if (checked.definition) entities.push(checked.definition);
      else this.logger.warn({ app, entity: row.name, details: checked.details }, 'Skipping invalid entity definition');
    }
    const relations: RelationDefinition[] = (await this.repository.relationRows(db)).map((r) => r.definition);
    return buildRegistry(version, entities, relations, (what, why) =>
      this.logger.warn({ app, what, why }, 'Skipping metadata that does not load'),
    );
  }
}
