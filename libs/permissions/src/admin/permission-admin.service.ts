import { Injectable } from '@nestjs/common';
import { ErrorDetail, Errors } from '@rocket/errors';
import { isUuid } from '@rocket/http';
import { SchemaChangeService } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { checkPermission } from '../definition/check-permission';
import { PermissionInput, PermissionRow } from '../permission.types';
import { PermissionsRepository } from '../permissions.repository';
import { PolicyStore } from '../policy-store.service';

/**
 * `/api/:app/_admin/permissions` (07 §8). Every change is a metadata change
 * (`_meta_version` moves, the registry is rebuilt and announced to the other
 * processes, 01 §5); this process reloads its policies before answering, so
 * the next request sees the change.
 */
@Injectable()
export class PermissionAdminService {
  constructor(
    private readonly repository: PermissionsRepository,
    private readonly changes: SchemaChangeService,
    private readonly tenancy: TenancyService,
    private readonly store: PolicyStore,
  ) {}

  list(): Promise<PermissionRow[]> {
    return this.repository.list(this.tenancy.current().db);
  }

  get(id: string): Promise<PermissionRow> {
    return this.existing(id);
  }

  async create(body: Record<string, unknown>): Promise<PermissionRow> {
    const input = this.checked(body);
    const row = await this.changes.apply((trx) => this.repository.insert(trx, input));
    await this.reload();
    return row;
  }

  /** Full replacement, validated exactly as POST (07 §8). */
  async update(id: string, body: Record<string, unknown>): Promise<PermissionRow> {
    await this.existing(id);
    const input = this.checked(body);
    const row = await this.changes.apply(async (trx) => {
      const updated = await this.repository.update(trx, id, input);
      if (!updated) throw notFound(id);
      return updated;
    });
    await this.reload();
    return row;
  }

  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id)) throw notFound(id);
    await this.changes.apply(async (trx) => {
      if (!(await this.repository.delete(trx, id))) throw notFound(id);
    });
    await this.reload();
    return { id: id.toLowerCase(), deleted: true };
  }

  /** A malformed id is a 404 without a query (07 §0). */
  private async existing(id: string): Promise<PermissionRow> {
    const row = isUuid(id) ? await this.repository.get(this.tenancy.current().db, id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  private checked(body: Record<string, unknown>): PermissionInput {
    const check = checkPermission(body, { registry: this.changes.current() });
    if (!check.ok) throw validationFailed(check.details);
    return check.input;
  }

  private reload(): Promise<void> {
    const tenant = this.tenancy.current();
    return this.store.load(tenant, tenant.db);
  }
}

function notFound(id: string) {
  return Errors.notFound(`Permission not found: ${id}`);
}

/** 07 §0: a single problem is the message itself. */
function validationFailed(details: ErrorDetail[]) {
  return details.length === 1 ? Errors.validationSingle(details[0]) : Errors.validation(details);
}
