import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorDetail } from '@rocket/errors';
import { buildRegistry } from '@rocket/metadata';
import { ImportContext, KindPlan, TransferKind, TransferKinds, Trx } from '@rocket/schema-transfer';
import { checkPermission } from '../definition/check-permission';
import { PermissionInput } from '../permission.types';
import { PermissionsRepository } from '../permissions.repository';
import { canonicalJson } from './canonical-json';

type Dedupable = Pick<PermissionInput, 'entity' | 'action' | 'roles' | 'conditions'> & {
  fields: unknown;
  masks: unknown;
  field_rules: unknown;
};

/**
 * 01 §8.3 step 6: the same policy when entity, action, the sorted roles and
 * the canonical conditions (and field-level keys, 12 §8) match — a second
 * policy with other roles is not a duplicate.
 */
export function permissionDedupKey(p: Dedupable): string {
  return [
    p.entity,
    p.action,
    [...p.roles]
      .map((r) => r.toLowerCase())
      .sort()
      .join(','),
    canonicalJson(p.conditions),
    canonicalJson(p.fields ?? null),
    canonicalJson(p.masks ?? {}),
    canonicalJson(p.field_rules ?? []),
  ].join('\u0000');
}

/**
 * Permissions in export/import (01 §8): exported by entity and action without
 * ids or timestamps; imported through the admin validator against existing ∪
 * imported entities, duplicates skipped, never updated.
 */
@Injectable()
export class PermissionsKind implements TransferKind<PermissionInput>, OnModuleInit {
  readonly key = 'permissions';
  readonly order = 60;

  constructor(
    private readonly kinds: TransferKinds,
    private readonly repository: PermissionsRepository,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async export(db: Trx): Promise<unknown[]> {
    return (await this.repository.list(db)).map(
      ({ entity, action, roles, conditions, fields, masks, field_rules }) => ({
        entity,
        action,
        roles,
        conditions,
        fields,
        masks,
        field_rules,
      }),
    );
  }

  async plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<PermissionInput>> {
    // Imported entities are new names, so the union never shadows an existing definition.
    const registry = buildRegistry(
      0,
      [...ctx.existingEntities.values(), ...ctx.importedEntities.values()],
      [...ctx.existingRelations, ...ctx.importedRelations],
    );
    const seen = new Set((await this.repository.list(ctx.trx)).map(permissionDedupKey));
    const details: ErrorDetail[] = [];
    const fresh: PermissionInput[] = [];
    let duplicates = 0;
    items.forEach((item, i) => {
      const check = checkPermission(item, { registry, prefix: `permissions[${i}]` });
      if (!check.ok) return void details.push(...check.details);
      const key = permissionDedupKey(check.input);
      if (seen.has(key)) return void duplicates++;
      seen.add(key);
      fresh.push(check.input);
    });
    return { details, fresh, duplicates };
  }

  async apply(fresh: PermissionInput[], ctx: ImportContext): Promise<void> {
    for (const policy of fresh) await this.repository.insert(ctx.trx, policy);
  }
}
