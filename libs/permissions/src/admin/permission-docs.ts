import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ConditionDoc {
  @ApiProperty({ example: 'author_id' }) field!: string;
  @ApiProperty({ enum: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'like'] }) operator!: string;
  @ApiProperty({ description: 'A literal, a list (in, not_in) or a whole-string template', example: '{{ user.id }}' })
  value!: unknown;
}

export class PermissionBodyDoc {
  @ApiProperty({ example: 'invoice' }) entity!: string;
  @ApiProperty({ enum: ['read', 'create', 'update', 'delete', 'comment'] }) action!: string;
  @ApiPropertyOptional({ example: ['accountant'], description: 'Lower-cased; at most 50' }) roles?: string[];
  @ApiPropertyOptional({ type: [ConditionDoc], description: 'ANDed; absent = every row' })
  conditions?: ConditionDoc[];
  @ApiPropertyOptional({ nullable: true, description: '12 §1.1; only the default (null) for now' }) fields?: unknown;
  @ApiPropertyOptional({ description: '12 §1.1; only the default ({}) for now' }) masks?: unknown;
  @ApiPropertyOptional({ description: '12 §1.1; only the default ([]) for now' }) field_rules?: unknown;
}
