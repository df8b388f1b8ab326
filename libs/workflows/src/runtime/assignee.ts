import { findLiveRow } from '@rocket/query';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { hasRole, Principal } from '@rocket/tenancy';
import { toOneRelation } from '../definition/relation-path';
import { AssigneeDefinition, ResolvedAssignee } from '../definition/workflow.types';
import { Db } from '../workflows.repository';
import { InstanceRow } from './instance.types';

/** Only admins decide when a relation path finds nobody (05 §2.5). */
export const ADMINS_ONLY: ResolvedAssignee = Object.freeze({ type: 'role', role: 'admin' });

export interface AssigneeResolution {
  readonly assignee: ResolvedAssignee;
  /** The relation path gave no user id (a `workflow.assignee_unresolved` event follows). */
  readonly unresolved: boolean;
}

/**
 * Who may decide an approval step, fixed when the step is entered (05
 * §2.5): a role, a user id, or the user id a relation path reads — from
 * the instance context (`context.x`) or walked from the trigger record
 * through to-one relations (`requester.manager_id`).
 */
export async function resolveAssignee(
  definition: AssigneeDefinition,
  instance: InstanceRow,
  registry: Registry,
  db: Db,
): Promise<AssigneeResolution> {
  switch (definition.type) {
    case 'role':
      return { assignee: { type: 'role', role: definition.role.toLowerCase() }, unresolved: false };
    case 'fixed':
      return { assignee: { type: 'user', user_id: definition.user }, unresolved: false };
    case 'relation': {
      const value = await readPath(definition.path, instance, registry, db);
      if (typeof value === 'string' && value !== '') {
        return { assignee: { type: 'user', user_id: value }, unresolved: false };
      }
      if (typeof value === 'number' && Number.isFinite(value)) {
        return { assignee: { type: 'user', user_id: String(value) }, unresolved: false };
      }
      return { assignee: ADMINS_ONLY, unresolved: true };
    }
  }
}

async function readPath(path: string, instance: InstanceRow, registry: Registry, db: Db): Promise<unknown> {
  const segments = path.split('.');
  if (segments[0] === 'context') return dig(instance.context, segments.slice(1));
  let entity: CompiledEntity | undefined = registry.entities.get(instance.trigger.entity);
  if (!entity) return null;
  let row = await findLiveRow(db, entity, String(instance.trigger.record_id));
  for (const [i, segment] of segments.entries()) {
    if (!row || !entity) return null;
    if (i === segments.length - 1) return row[segment] ?? null;
    const step = toOneRelation(entity, segment);
    if (!step) return null;
    const key = row[step.localKey];
    if (key === null || key === undefined) return null;
    entity = step.entity;
    row = await rowWhere(db, entity, step.remoteKey, key);
  }
  return null;
}

/** The live row of `entity` whose `column` equals `value` (names from metadata, value bound). */
async function rowWhere(db: Db, entity: CompiledEntity, column: string, value: unknown) {
  let query = db.selectFrom(entity.table).selectAll().where(column, '=', value).limit(1);
  if (entity.softDelete) query = query.where('deleted_at', 'is', null);
  return await query.executeTakeFirst();
}

function dig(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return null;
    current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : null;
  }
  return current ?? null;
}

/** May `principal` decide an approval assigned to `assignee`? Admins always may (05 §2.5). */
export function mayDecide(assignee: ResolvedAssignee | null, principal: Principal | undefined): boolean {
  if (!assignee || !principal) return false;
  if (hasRole(principal, 'admin')) return true;
  if (assignee.type === 'role') return hasRole(principal, assignee.role.toLowerCase());
  return principal.id !== null && principal.id === assignee.user_id;
}
