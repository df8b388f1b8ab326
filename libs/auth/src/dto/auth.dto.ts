import { ApiProperty } from '@nestjs/swagger';

export class LoginDto {
  @ApiProperty({ example: 'admin@localhost' }) email!: string;
  @ApiProperty({ example: 'changeme' }) password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'Opaque refresh token from login or the last refresh (single use)' })
  refresh_token!: string;
}

export class ChangePasswordDto {
  @ApiProperty() current_password!: string;
  @ApiProperty({ description: '8 characters to 72 bytes' }) new_password!: string;
}

export class SessionUserDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'admin@localhost' }) email!: string;
  @ApiProperty({ example: ['admin'] }) roles!: string[];
}

export class TokenPairDoc {
  @ApiProperty({ description: 'HS256 JWT, valid expires_in seconds' }) access_token!: string;
  @ApiProperty({ description: 'Opaque, single-use, 7 days' }) refresh_token!: string;
  @ApiProperty({ example: 900 }) expires_in!: number;
  @ApiProperty({ type: SessionUserDoc }) user!: SessionUserDoc;
}

export class TokenPairResponse {
  @ApiProperty({ type: TokenPairDoc }) data!: TokenPairDoc;
}

export class MessageResponse {
  @ApiProperty({ example: 'Logged out' }) message!: string;
}

export class MeDoc extends SessionUserDoc {
  @ApiProperty() active!: boolean;
}

export class MeResponse {
  @ApiProperty({ type: MeDoc }) data!: MeDoc;
}
