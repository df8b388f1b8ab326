import { ApiProperty } from '@nestjs/swagger';

/** The body of POST/PUT `/_admin/workflows` (05 §2–3) for the OpenAPI document. */
export class WorkflowBodyDoc {
  @ApiProperty({ example: 'invoice_approval', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,99}$' }) name!: string;
  @ApiProperty({
    example: { type: 'state_change', entity: 'invoice', field: 'status', to: 'pending_approval' },
    description: 'Fires after commit when the field changes to `to` (any field, any write path)',
  })
  trigger!: Record<string, unknown>;
  @ApiProperty({
    required: false,
    example: { record_id: 'trigger.record_id', amount: 'trigger.record.total', kind: 'invoice' },
    description: 'key → path/expression over trigger, record, record_id, user, now; other strings are literals',
  })
  context?: Record<string, unknown>;
  @ApiProperty({
    example: [
      {
        id: 'check_amount',
        type: 'condition',
        expression: 'context.amount > 5000',
        on_true: { goto: 'manager_review' },
        on_false: { goto: 'approve' },
      },
      {
        id: 'manager_review',
        type: 'approval',
        assignee: { type: 'role', role: 'manager' },
        timeout: '48h',
        on_approve: { goto: 'approve' },
        on_reject: 'end',
        on_timeout: 'end',
      },
      {
        id: 'approve',
        type: 'action',
        actions: [
          { type: 'set_field', entity: 'invoice', record_id: 'context.record_id', field: 'status', value: 'sent' },
        ],
        then: 'end',
      },
    ],
    description: 'Step types action, condition, approval; the first step is the entry',
  })
  steps!: Record<string, unknown>[];
  @ApiProperty({ required: false, default: true }) active?: boolean;
}

/** The optional body of approve/reject (05 §6.3). */
export class DecisionBodyDoc {
  @ApiProperty({ required: false, maxLength: 2000, example: 'ok for Q1' }) comment?: string;
}
