import { ResolvedAssignee, WorkflowSnapshot } from '../definition/workflow.types';

export const INSTANCE_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** 05 §4.1: what started the instance. */
export interface InstanceTrigger {
  entity: string;
  record_id: string;
  field: string;
  from: unknown;
  to: unknown;
}

/** One entry of an instance's history (05 §6.2). */
export interface HistoryEntry {
  step: string | null;
  status: 'completed' | 'on_true' | 'on_false' | 'approved' | 'rejected' | 'timed_out' | 'failed' | 'cancelled';
  at: string;
  by?: string;
  comment?: string;
  error?: string;
}

/** A row of `_workflow_instances` (05 §1) as the driver returns it. */
export interface InstanceRow {
  id: string;
  workflow_id: string | null;
  workflow_name: string;
  definition: WorkflowSnapshot;
  status: InstanceStatus;
  current_step: string | null;
  current_step_deadline: Date | null;
  assignee: ResolvedAssignee | null;
  context: Record<string, unknown>;
  history: HistoryEntry[];
  trigger: InstanceTrigger;
  error: string | null;
  depth: number;
  next_run_at: Date | null;
  run_errors: number;
  resume_action_index: number | null;
  trace_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** What a new instance is started with (05 §4.1). */
export interface NewInstance {
  workflowId: string;
  workflowName: string;
  definition: WorkflowSnapshot;
  firstStep: string;
  context: Record<string, unknown>;
  trigger: InstanceTrigger;
  depth: number;
  traceId: string;
}
