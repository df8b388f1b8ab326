import { buildRegistry, EntityDefinition, Registry } from '@rocket/metadata';
import { BUILT_IN_ENV_DENY, SecretReferences } from '@rocket/outbound';

export const ENTITIES: EntityDefinition[] = [
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    soft_delete: false,
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'number', type: 'string', required: true },
      { name: 'status', type: 'string' },
      { name: 'total', type: 'decimal', precision: 2 },
      { name: 'paid_at', type: 'timestamp' },
      { name: 'tags', type: 'json' },
      { name: 'secret', type: 'string', sensitive: true },
    ],
  },
];

export function registry(): Registry {
  return buildRegistry(1, ENTITIES, []);
}

/** The resolver as configured outside production, over a fixed environment. */
export function secrets(env: Record<string, string> = {}, allow = ['*']): SecretReferences {
  return new SecretReferences({ allow, deny: [...BUILT_IN_ENV_DENY, 'PORT'] }, (name) => env[name]);
}

export { sqlOnlyDb } from '@rocket/database';
