import { Readable } from 'node:stream';
import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminGuard, AppAuthGuard } from '@rocket/auth';
import { ApiErrors, STREAMED_BODY } from '@rocket/http';
import { parseRange } from './byte-range';
import { FileDeletedResponse, FileListResponse, UploadedFileResponse, UploadFileDto } from './dto/files.dto';
import { FileErrors } from './files.errors';
import { FilesService } from './files.service';
import { etagOf, ifRangeHolds, noneMatch, servedFileHeaders } from './file-response';
import { MULTIPART_ONLY } from './multipart.setup';

/**
 * `/api/:app/_files` (08 §10): upload and download for any authenticated
 * principal of the app, list and delete for admins.
 */
@ApiTags('Files')
@ApiBearerAuth()
@ApiParam({ name: 'app' })
@UseGuards(AppAuthGuard)
@Controller('api/:app/_files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post('upload')
  @RouteConfig({ [STREAMED_BODY]: true, [MULTIPART_ONLY]: true })
  @ApiOperation({ summary: 'Upload one file (multipart/form-data, part `file`), streamed to storage' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: UploadedFileResponse })
  @ApiResponse({ status: 413, description: 'FILE_TOO_LARGE: over storage.max_file_size; nothing is stored' })
  @ApiErrors(400, 401, 404)
  async upload(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (!req.isMultipart()) throw FileErrors.missingFile();
    try {
      return { data: await this.files.upload(req.parts()) };
    } catch (err) {
      // The body stopped being read (limit, broken form): close the connection after the
      // answer rather than drain the rest or leave the client stalled on a full socket.
      if (!req.raw.complete) void reply.header('connection', 'close');
      throw err;
    }
  }

  @Get()
  @UseGuards(AdminGuard)
  @ApiOperation({ summary: 'List files, newest first (admin)' })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } })
  @ApiQuery({ name: 'per_page', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiOkResponse({ type: FileListResponse })
  @ApiErrors(401, 403, 404)
  list(@Query('page') page: unknown, @Query('per_page') perPage: unknown) {
    return this.files.list(page, perPage);
  }

  /**
   * The stored bytes with the headers of 08 §10.5; HEAD (Fastify's, from
   * this route) gets the same headers and no body. One `bytes` range is
   * served as 206; a conditional request with the file's tag gets 304.
   */
  @Get(':id')
  @ApiOperation({ summary: 'Download a file (also HEAD); Range and If-None-Match supported' })
  @ApiResponse({ status: 200, description: 'The file, streamed' })
  @ApiResponse({ status: 206, description: 'One byte range' })
  @ApiResponse({ status: 304, description: 'If-None-Match matched the ETag' })
  @ApiResponse({ status: 416, description: 'RANGE_NOT_SATISFIABLE' })
  @ApiErrors(401, 404)
  async download(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const file = await this.files.find(id);
    const headers = servedFileHeaders(file);
    const etag = etagOf(file.id);
    if (noneMatch(req.headers['if-none-match'], etag)) {
      return reply.status(304).headers({ etag, 'cache-control': headers['cache-control'] }).send();
    }
    const wanted = ifRangeHolds(header(req, 'if-range'), etag)
      ? parseRange(header(req, 'range'), file.size)
      : { kind: 'full' as const };
    if (wanted.kind === 'unsatisfiable') throw FileErrors.rangeNotSatisfiable(file.size);
    const range = wanted.kind === 'range' ? wanted.range : undefined;
    // Opened before any header is sent: a missing object is still a clean 404.
    const stream = await this.files.open(file, range);
    void reply.headers(headers);
    if (range) {
      void reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
        .header('content-length', String(range.end - range.start + 1));
    } else {
      void reply.status(200).header('content-length', String(file.size));
    }
    if (req.method === 'HEAD') {
      stream.destroy();
      return reply.send(Readable.from([]));
    }
    return reply.send(stream);
  }

  @Delete(':id')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  @ApiOperation({ summary: 'Delete a file: its row, then its stored object (admin)' })
  @ApiOkResponse({ type: FileDeletedResponse })
  @ApiErrors(401, 403, 404)
  async remove(@Param('id') id: string) {
    return { data: await this.files.remove(id) };
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
