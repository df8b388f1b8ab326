import { CompiledEntity } from '@rocket/metadata';
import { Principal } from '@rocket/tenancy';
import { entityWebhookBody } from '@rocket/webhooks';
import { Row } from '@rocket/write-pipeline';

export interface TransitionFacts {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

export interface StateTransitionBodyInput {
  readonly entity: CompiledEntity;
  /** The row as written, as COMMIT will make it visible (04 §3.1 step 13). */
  readonly row: Row;
  /** The locked row before the update. */
  readonly old: Row;
  readonly principal: Principal | undefined;
  readonly now: Date;
  readonly idempotencyKey: string;
  readonly transition: TransitionFacts;
}

/**
 * The body of a state-machine `webhook` action (06 §4.2): the entity
 * webhook body of §4.1 with `event: "state_transition"`, `action: "update"`,
 * `webhook_id: null` and the transition. Built once and stored: retries
 * re-send it unchanged.
 */
export function stateTransitionBody(input: StateTransitionBodyInput): Record<string, unknown> {
  const body = entityWebhookBody({
    entity: input.entity,
    hook: 'state_transition',
    action: 'update',
    row: input.row,
    old: input.old,
    principal: input.principal,
    now: input.now,
    idempotencyKey: input.idempotencyKey,
    webhookId: null,
    // SEAM(instrumentation): the request's trace id once traces exist (06 §9).
    traceId: null,
  });
  const { field, from, to } = input.transition;
  return { ...body, transition: { field, from, to } };
}
