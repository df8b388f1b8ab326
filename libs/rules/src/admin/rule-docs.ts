import { ApiProperty } from '@nestjs/swagger';

/** The body of POST/PUT `/rules` (04 §1.2) for the OpenAPI document. */
export class RuleBodyDoc {
  @ApiProperty({ example: 'invoice' }) entity!: string;
  @ApiProperty({ required: false, enum: ['before_write', 'before_delete'], default: 'before_write' }) hook?: string;
  @ApiProperty({ enum: ['field', 'expression', 'computed'] }) type!: string;
  @ApiProperty({
    example: { field: 'total', operator: 'gte', value: 0, message: 'Invoice total must be non-negative' },
  })
  definition!: Record<string, unknown>;
  @ApiProperty({ required: false, default: 0 }) priority?: number;
  @ApiProperty({ required: false, default: true }) active?: boolean;
}
