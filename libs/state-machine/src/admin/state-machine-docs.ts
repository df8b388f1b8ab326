import { ApiProperty } from '@nestjs/swagger';

export class StateMachineDoc {
  @ApiProperty({ example: 'invoice' }) entity!: string;
  @ApiProperty({ example: 'status' }) field!: string;
  @ApiProperty({
    example: {
      initial: 'draft',
      transitions: [
        {
          from: ['draft'],
          to: 'sent',
          roles: ['admin', 'accountant'],
          guard: null,
          actions: [{ type: 'set_field', field: 'sent_at', value: 'now' }],
        },
        {
          from: ['sent'],
          to: 'paid',
          guard: 'record.payment_date != nil',
          message: 'Record the payment before marking the invoice paid',
          actions: [{ type: 'webhook', url: 'https://accounting.example.com/invoice-paid', method: 'POST' }],
        },
      ],
    },
  })
  definition!: Record<string, unknown>;
  @ApiProperty({ required: false, example: true }) active?: boolean;
}
