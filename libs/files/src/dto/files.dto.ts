import { ApiProperty } from '@nestjs/swagger';

export class UploadFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The one file part (08 §10.4)' }) file!: unknown;
}

export class UploadedFileDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'hello.txt' }) filename!: string;
  @ApiProperty({ example: 19 }) size!: number;
  @ApiProperty({ example: 'text/plain' }) mime_type!: string;
  @ApiProperty({ example: '/api/demo/_files/4be0c9d0-6a8e-4c3e-9f59-0f3e2f5a1c11' }) url!: string;
}

export class UploadedFileResponse {
  @ApiProperty({ type: UploadedFileDoc }) data!: UploadedFileDoc;
}

export class FileListItemDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() mime_type!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ format: 'uuid', nullable: true }) uploaded_by!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class FileListMetaDoc {
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 100 }) per_page!: number;
  @ApiProperty({ example: 1 }) total!: number;
}

export class FileListResponse {
  @ApiProperty({ type: [FileListItemDoc] }) data!: FileListItemDoc[];
  @ApiProperty({ type: FileListMetaDoc }) meta!: FileListMetaDoc;
}

export class FileDeletedDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: true }) deleted!: boolean;
}

export class FileDeletedResponse {
  @ApiProperty({ type: FileDeletedDoc }) data!: FileDeletedDoc;
}
