import { RetryPolicy, WebhookMethod } from '@rocket/webhooks';

/** The transition actions of 04 §2.3, in their canonical (stored and returned) form. */
export type ActionDefinition =
  | { type: 'set_field'; field: string; value: unknown }
  | {
      type: 'webhook';
      url: string;
      method: WebhookMethod;
      headers: Record<string, string>;
      retry: RetryPolicy;
    }
  | { type: 'create_record'; entity: string; data: Record<string, unknown> }
  | { type: 'send_event'; event: string; metadata: Record<string, unknown> };

export type ActionType = ActionDefinition['type'];
export const ACTION_TYPES: readonly ActionType[] = ['set_field', 'webhook', 'create_record', 'send_event'];

/** One transition (04 §2.2): `from` is always a list once validated; roles are lower case. */
export interface TransitionDefinition {
  from: string[];
  to: string;
  roles: string[];
  /** A `guard` expression (03), or null for none. */
  guard: string | null;
  /** Shown when the guard blocks; absent = the default message. */
  message?: string;
  actions: ActionDefinition[];
}

export interface MachineDefinition {
  initial: string;
  transitions: TransitionDefinition[];
}

/** A validated machine as it is stored (without id and timestamps): also the export item (01 §8). */
export interface StateMachineInput {
  entity: string;
  field: string;
  definition: MachineDefinition;
  active: boolean;
}

/** A row of `_state_machines`, which is also the admin API object (04 §2.2). */
export interface StateMachineRow extends StateMachineInput {
  id: string;
  created_at: Date;
  updated_at: Date;
}
