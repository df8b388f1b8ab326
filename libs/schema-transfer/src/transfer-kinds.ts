import { Injectable } from '@nestjs/common';
import { TransferKind } from './transfer-kind';

/** Metadata kinds that later phases define; an import reports them until their module registers. */
export const LATER_KINDS: readonly string[] = [
  'roles',
  'rules',
  'state_machines',
  'workflows',
  'permissions',
  'webhooks',
  'api_connectors',
  'email_providers',
  'email_templates',
  'auth_providers',
  'dashboards',
];

/** The kinds this build can export and import, in dependency order. */
@Injectable()
export class TransferKinds {
  private readonly kinds = new Map<string, TransferKind>();

  register(kind: TransferKind): void {
    this.kinds.set(kind.key, kind);
  }

  list(): TransferKind[] {
    return [...this.kinds.values()].sort((a, b) => a.order - b.order);
  }

  has(key: string): boolean {
    return this.kinds.has(key);
  }
}
