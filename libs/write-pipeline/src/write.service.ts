import { Injectable } from '@nestjs/common';
import { registryOf, resolveEntity } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { RecordImage } from './events/record-events';
import { WriteTarget } from './write-context';
import { DeletedRecord, WritePipeline } from './write-pipeline';

/**
 * Every mutation of tenant data through the dynamic REST API (02 §2.3–2.5).
 * Resolves the app, its registry snapshot and the entity once per call
 * (404 UNKNOWN_ENTITY), then hands the write to the pipeline. Controllers
 * wrap the result in `{data}` (201 for create).
 */
@Injectable()
export class WriteService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly pipeline: WritePipeline,
  ) {}

  /** POST /api/:app/:entity: the created record. */
  async create(entityName: string, body: unknown): Promise<RecordImage> {
    return this.pipeline.create(this.target(entityName), body);
  }

  /** PUT /api/:app/:entity/:id (partial): the updated record. */
  async update(entityName: string, rawId: string, body: unknown): Promise<RecordImage> {
    return this.pipeline.update(this.target(entityName), rawId, body);
  }

  /** DELETE /api/:app/:entity/:id: `{id}` with the resolved PK. */
  async delete(entityName: string, rawId: string): Promise<DeletedRecord> {
    return this.pipeline.delete(this.target(entityName), rawId);
  }

  private target(entityName: string): WriteTarget {
    const tenant = this.tenancy.current();
    // One registry snapshot for the whole write (01 §5), from the same tenant as the pool.
    const registry = registryOf(tenant);
    return {
      app: tenant.name,
      db: tenant.db,
      registry,
      entity: resolveEntity(registry, entityName),
      principal: this.tenancy.currentScope()?.principal,
    };
  }
}
