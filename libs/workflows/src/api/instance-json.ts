import { InstanceRow } from '../runtime/instance.types';

/**
 * An instance as the runtime endpoints show it (05 §6.2): the snapshot,
 * depth, scheduling and retry columns are internal; `trace_id` is shown to
 * admins only.
 */
export function instanceJson(row: InstanceRow, admin: boolean): Record<string, unknown> {
  return {
    id: row.id,
    workflow_id: row.workflow_id,
    workflow_name: row.workflow_name,
    status: row.status,
    current_step: row.current_step,
    current_step_deadline: row.current_step_deadline?.toISOString() ?? null,
    assignee: row.assignee,
    context: row.context,
    trigger: row.trigger,
    history: row.history,
    error: row.error,
    ...(admin ? { trace_id: row.trace_id } : {}),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
