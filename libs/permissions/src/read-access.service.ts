import { Injectable } from '@nestjs/common';
import { sql, SqlBool } from 'kysely';
import { ExpressionScope } from '@rocket/expressions';
import { CompiledEntity, isForward, registryOf, resolveEntity } from '@rocket/metadata';
import { parseIncludes, RawQuery, ReadOptions, RowFilter, withEagerIncludes } from '@rocket/query';
import { hasRole, TenancyService } from '@rocket/tenancy';
import { PolicyStore } from './policy-store.service';
import { policiesFilter } from './runtime/condition-sql';
import { grantFor } from './runtime/grant';
import { resolvePolicies, templateScope } from './runtime/resolve-conditions';

/** An entity the checks did not cover reads nothing (fail closed). */
const NOTHING: RowFilter = () => sql<SqlBool>`false`;

/**
 * The read side of 07 §6.2 and 02 §4.3 for list and get: after the entity
 * is resolved (404 UNKNOWN_ENTITY), the read whitelist of the entity and of
 * every entity its includes load (explicit and eager) — 403 before any query
 * — and the row filters the query service ANDs into the list, its COUNT,
 * the get-by-id lookup (a hidden row is a 404) and each include query.
 */
@Injectable()
export class ReadAccess {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly store: PolicyStore,
  ) {}

  async readOptions(entityName: string, query: RawQuery): Promise<ReadOptions> {
    const tenant = this.tenancy.current();
    const registry = registryOf(tenant);
    const entity = resolveEntity(registry, entityName);
    const principal = this.tenancy.currentScope()?.principal;
    if (hasRole(principal, 'admin')) return {};

    const set = await this.store.fresh(tenant, registry);
    let scope: ExpressionScope | undefined; // one instant for the whole request (03 §9)
    const filters = new Map<string, RowFilter | undefined>();
    const check = (target: CompiledEntity) => {
      if (filters.has(target.name)) return;
      const grant = grantFor(set, principal, target.name, 'read');
      if (grant.all) return void filters.set(target.name, undefined);
      scope ??= templateScope(principal, new Date());
      filters.set(target.name, policiesFilter(resolvePolicies(grant.policies, scope)));
    };
    check(entity);
    for (const { relation } of withEagerIncludes(entity, parseIncludes(registry, entity, query.include))) {
      check(isForward(entity, relation) ? relation.target : relation.source);
    }
    return { rowFilter: (target) => (filters.has(target.name) ? filters.get(target.name) : NOTHING) };
  }
}
