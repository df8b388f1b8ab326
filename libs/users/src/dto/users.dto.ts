import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreateUserDto {
  @ApiProperty({ example: 'jane@example.com', description: 'Trimmed and lower-cased' }) email!: string;
  @ApiProperty({ description: '8 characters to 72 bytes' }) password!: string;
  @ApiPropertyOptional({ example: ['accountant'], description: 'Lower-cased; at most 50' }) roles?: string[];
  @ApiPropertyOptional({ default: true }) active?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() password?: string;
  @ApiPropertyOptional({ type: [String] }) roles?: string[];
  @ApiPropertyOptional() active?: boolean;
}

export class UserDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'jane@example.com' }) email!: string;
  @ApiProperty({ example: ['accountant'] }) roles!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class UserResponse {
  @ApiProperty({ type: UserDoc }) data!: UserDoc;
}

export class CreateInviteDto {
  @ApiProperty({ example: 'alice@co.com' }) email!: string;
  @ApiPropertyOptional({ example: ['sales'] }) roles?: string[];
}

export class BulkInviteDto {
  @ApiProperty({ example: ['alice@co.com', 'bob@co.com'], description: '1 to 500 e-mails' }) emails!: string[];
  @ApiPropertyOptional({ example: ['sales'], description: 'Shared by every invite' }) roles?: string[];
}

export class AcceptInviteDto {
  @ApiProperty({ description: 'The token of the invite (shown once when it was created)' }) token!: string;
  @ApiProperty({ description: '8 characters to 72 bytes' }) password!: string;
}
