import { RetryPolicy, WebhookMethod } from '@rocket/webhooks';

/** A step target in its canonical form (05 §2.2): the end, or another step. */
export type Goto = 'end' | { goto: string };

/** 05 §2.1: fires when `entity.field` changes to `to`. */
export interface WorkflowTrigger {
  type: 'state_change';
  entity: string;
  field: string;
  to: string;
}

/** The workflow actions of 05 §2.4 in their canonical (stored and returned) form. */
export type WorkflowAction =
  | { type: 'set_field'; entity: string; record_id: unknown; field: string; value: unknown }
  | { type: 'webhook'; url: string; method: WebhookMethod; headers: Record<string, string>; retry: RetryPolicy }
  | { type: 'create_record'; entity: string; data: Record<string, unknown> }
  | { type: 'send_event'; event: string; metadata: Record<string, unknown> };

export type WorkflowActionType = WorkflowAction['type'];
export const WORKFLOW_ACTION_TYPES: readonly WorkflowActionType[] = [
  'set_field',
  'webhook',
  'create_record',
  'send_event',
];

/** Who may decide an approval (05 §2.5), as defined. */
export type AssigneeDefinition =
  { type: 'role'; role: string } | { type: 'fixed'; user: string } | { type: 'relation'; path: string };

/** An assignee as resolved when the step is entered and stored in the instance (05 §2.5). */
export type ResolvedAssignee = { type: 'role'; role: string } | { type: 'user'; user_id: string };

export interface ActionStep {
  id: string;
  type: 'action';
  actions: WorkflowAction[];
  then: Goto;
}

export interface ConditionStep {
  id: string;
  type: 'condition';
  expression: string;
  on_true: Goto;
  on_false: Goto;
}

export interface ApprovalStep {
  id: string;
  type: 'approval';
  assignee: AssigneeDefinition;
  /** 05 §2.6 duration text; absent = no deadline. */
  timeout?: string;
  on_approve: Goto;
  on_reject: Goto;
  /** Absent: a timeout fails the instance (05 §5.3). */
  on_timeout?: Goto;
}

export type WorkflowStep = ActionStep | ConditionStep | ApprovalStep;
export type WorkflowStepType = WorkflowStep['type'];
export const STEP_TYPES: readonly WorkflowStepType[] = ['action', 'condition', 'approval'];

/** A validated workflow as stored (without id and timestamps): also the export item (01 §8). */
export interface WorkflowInput {
  name: string;
  trigger: WorkflowTrigger;
  context: Record<string, unknown>;
  steps: WorkflowStep[];
  active: boolean;
}

/** A row of `_workflows`, which is also the admin API object (05 §3). */
export interface WorkflowRow extends WorkflowInput {
  id: string;
  created_at: Date;
  updated_at: Date;
}

/** What an instance runs: the definition as it was when the instance started (05 §1). */
export interface WorkflowSnapshot {
  trigger: WorkflowTrigger;
  context: Record<string, unknown>;
  steps: WorkflowStep[];
}
