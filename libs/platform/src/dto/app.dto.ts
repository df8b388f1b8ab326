import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreateAppDto {
  @ApiProperty({ example: 'demo', pattern: '^[a-z][a-z0-9]*(_[a-z0-9]+)*$', maxLength: 50 })
  name!: string;
  @ApiPropertyOptional({ example: 'Demo Application', minLength: 1, maxLength: 200 })
  display_name?: string;
  @ApiPropertyOptional({ example: 'postgres', enum: ['postgres'] })
  db_driver?: string;
}

export class AppInfoDoc {
  @ApiProperty({ example: 'demo' }) name!: string;
  @ApiProperty({ example: 'Demo Application' }) display_name!: string;
  @ApiProperty({ example: 'rocket_demo' }) db_name!: string;
  @ApiProperty({ example: 'postgres' }) db_driver!: string;
  @ApiProperty({ enum: ['provisioning', 'active', 'deleting'] }) status!: string;
  @ApiProperty({ example: {} }) limits!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class AppResponse {
  @ApiProperty({ type: AppInfoDoc }) data!: AppInfoDoc;
}

export class AppListResponse {
  @ApiProperty({ type: [AppInfoDoc] }) data!: AppInfoDoc[];
}

export class AppDeletedResponse {
  @ApiProperty({ example: 'App deleted' }) message!: string;
}
