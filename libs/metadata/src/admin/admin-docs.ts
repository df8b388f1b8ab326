import { ApiProperty } from '@nestjs/swagger';

export class EntityDefinitionDoc {
  @ApiProperty({ example: 'invoice' }) name!: string;
  @ApiProperty({ example: 'invoices' }) table!: string;
  @ApiProperty({ example: { field: 'id', type: 'uuid', generated: true } }) primary_key!: Record<string, unknown>;
  @ApiProperty({ example: false, required: false }) soft_delete?: boolean;
  @ApiProperty({ required: false, example: { field: 'slug', source: 'number' } }) slug?: Record<string, unknown>;
  @ApiProperty({
    example: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'number', type: 'string', required: true, unique: true },
    ],
  })
  fields!: Record<string, unknown>[];
}

export class RelationDefinitionDoc {
  @ApiProperty({ example: 'items' }) name!: string;
  @ApiProperty({ enum: ['one_to_one', 'one_to_many', 'many_to_many'] }) type!: string;
  @ApiProperty({ example: 'invoice' }) source!: string;
  @ApiProperty({ example: 'invoice_item' }) target!: string;
  @ApiProperty({ required: false, example: 'id' }) source_key?: string;
  @ApiProperty({ required: false, example: 'invoice_id' }) target_key?: string;
  @ApiProperty({ required: false }) join_table?: string;
  @ApiProperty({ required: false }) source_join_key?: string;
  @ApiProperty({ required: false }) target_join_key?: string;
  @ApiProperty({ enum: ['cascade', 'set_null', 'restrict', 'detach'] }) on_delete!: string;
  @ApiProperty({ required: false, enum: ['lazy', 'eager'] }) fetch?: string;
  @ApiProperty({ required: false, enum: ['diff', 'replace', 'append'] }) write_mode?: string;
}
