import { Injectable, OnModuleInit } from '@nestjs/common';
import { hasRole, TenancyService } from '@rocket/tenancy';
import { AuthorizeContext, WriteHook, WriteHooks } from '@rocket/write-pipeline';
import { PolicyStore } from './policy-store.service';
import { grantFor, permissionDenied } from './runtime/grant';
import { resolvePolicies, templateScope } from './runtime/resolve-conditions';
import { rowMatches } from './runtime/row-match';

export const PERMISSIONS_HOOK = 'permissions';

/**
 * Policies in the write pipeline (07 §6.3–6.5): the role-level whitelist
 * before any row is read, then the conditions on the row itself — the row
 * locked inside the transaction for update and delete (new values are not
 * checked), the proposed record for create. Nested children answer for their
 * own entity; cascades ride on the requested record; the system actor and
 * admins pass (07 §6.1, §6.5).
 */
@Injectable()
export class PermissionsWriteHook implements WriteHook, OnModuleInit {
  readonly name = PERMISSIONS_HOOK;
  /** Before rules (10) and state machines (20); it only ever refuses. */
  readonly order = 0;

  constructor(
    private readonly hooks: WriteHooks,
    private readonly store: PolicyStore,
    private readonly tenancy: TenancyService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async authorize(check: AuthorizeContext): Promise<void> {
    if (hasRole(check.principal, 'admin')) return;
    const tenant = this.tenancy.current();
    const set = await this.store.fresh(tenant, check.registry, check.trx ?? tenant.db);
    const grant = grantFor(set, check.principal, check.entity.name, check.action);
    if (check.stage === 'action' || grant.all) return;
    const policies = resolvePolicies(grant.policies, templateScope(check.principal, new Date()));
    if (!rowMatches(policies, check.entity, check.row ?? {})) throw permissionDenied(check.action, check.entity.name);
  }
}
