import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_HOOKS, WEBHOOK_METHODS } from '../webhook.types';

/** The body of POST/PUT `/webhooks` (06 §2) for the OpenAPI document. */
export class WebhookBodyDoc {
  @ApiProperty({ example: 'invoice' }) entity!: string;
  @ApiProperty({ required: false, enum: WEBHOOK_HOOKS, default: 'after_write' }) hook?: string;
  @ApiProperty({ example: 'https://accounting.example.com/hooks/invoice-event' }) url!: string;
  @ApiProperty({ required: false, enum: WEBHOOK_METHODS, default: 'POST' }) method?: string;
  @ApiProperty({
    required: false,
    example: { 'X-API-Key': '{{env.ACCOUNTING_API_KEY}}', 'X-Source': 'rocket' },
    description: 'Header templates; only {{env.NAME}} references, resolved at send time',
  })
  headers?: Record<string, string>;
  @ApiProperty({ required: false, example: "record.status == 'paid'", default: '' }) condition?: string;
  @ApiProperty({ required: false, description: 'Derived from the hook: true for after_*, false for before_*' })
  async?: boolean;
  @ApiProperty({ required: false, example: { max_attempts: 5, backoff: 'exponential' } })
  retry?: Record<string, unknown>;
  @ApiProperty({ required: false, default: true }) active?: boolean;
}
