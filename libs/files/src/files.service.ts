import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { AppError } from '@rocket/errors';
import { isUuid, pageParams } from '@rocket/http';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { TenancyService } from '@rocket/tenancy';
import { FileErrors } from './files.errors';
import { FilesRepository, StoredFile } from './files.repository';
import { sanitizeFilename } from './filename';
import { mimeTypeOf } from './mime';
import { ByteRange, FILE_STORAGE, FileStorage, FileTooLargeError, StorageNotFoundError } from './storage/file-storage';
import { UPLOAD_LIMITS } from './upload-limits';

export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

/** The answer to an upload (08 §10.4). */
export interface UploadedFile {
  id: string;
  filename: string;
  size: number;
  mime_type: string;
  url: string;
}

/** A row of the admin list (08 §10.7). */
export interface FileListItem {
  id: string;
  filename: string;
  mime_type: string;
  size: number;
  uploaded_by: string | null;
  created_at: Date;
}

/** The file part failed while it was read (malformed or truncated multipart). */
class MalformedUpload extends Error {}

/** The storage failed on its own (disk, network): a server error, not the client's. */
class StorageWriteFailed extends Error {
  constructor(readonly failure: unknown) {
    super('Storage write failed');
  }
}

/** The storage key of a file: never anything from the client (08 §10.3). */
export function storageKey(app: string, id: string): string {
  return `${app}/${id}`;
}

/**
 * Uploads, downloads and administration of an app's files (08 §10). The
 * current app comes from the tenant context; contents go through the
 * FileStorage port, metadata into `_files`.
 */
@Injectable()
export class FilesService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly files: FilesRepository,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Streams the part named `file` into storage, then records it (08 §10.4).
   * Whatever fails after the object was stored removes it again.
   */
  async upload(parts: AsyncIterable<Multipart>): Promise<UploadedFile> {
    const tenant = this.tenancy.current();
    const id = randomUUID();
    const key = storageKey(tenant.name, id);
    let stored: Pick<StoredFile, 'filename' | 'mime_type' | 'size'> | undefined;
    try {
      for await (const part of parts) {
        if (part.type === 'field') {
          if (part.valueTruncated || part.fieldnameTruncated) throw FileErrors.fieldTooLarge(UPLOAD_LIMITS.fieldSize);
          continue;
        }
        // A file under another name is read and dropped; a second file part ends the loop (files: 1).
        if (part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        stored = await this.store(key, part);
      }
    } catch (err) {
      if (stored) await this.discard(key);
      throw this.uploadError(err);
    }
    if (!stored) throw FileErrors.missingFile();

    const principalId = this.tenancy.currentScope()?.principal?.id;
    try {
      await this.files.insert(tenant.db, {
        id,
        ...stored,
        storage_path: key,
        uploaded_by: principalId && isUuid(principalId) ? principalId : null,
      });
    } catch (err) {
      await this.discard(key);
      throw err;
    }
    return { id, ...stored, url: `/api/${tenant.name}/_files/${id}` };
  }

  private async store(key: string, part: MultipartFile): Promise<Pick<StoredFile, 'filename' | 'mime_type' | 'size'>> {
    const maxBytes = this.config.storage.max_file_size;
    const file = part.file;
    // Busboy stops passing bytes at the limit and says so: failing the stream aborts the write now.
    file.once('limit', () => file.destroy(new FileTooLargeError(maxBytes)));
    let sourceError: Error | undefined;
    file.once('error', (err) => (sourceError ??= err));
    const mime_type = mimeTypeOf(part.mimetype);
    try {
      const { size } = await this.storage.put(key, file, { maxBytes, contentType: mime_type });
      return { filename: sanitizeFilename(part.filename), mime_type, size };
    } catch (err) {
      if (err instanceof FileTooLargeError) throw err;
      if (sourceError) throw new MalformedUpload(sourceError.message);
      throw new StorageWriteFailed(err);
    }
  }

  /**
   * Limit and multipart failures as the errors of 08 §10.4. A storage
   * failure stays a 500; everything else the form parser raised (no
   * boundary, truncated body, client gone…) means the form is unusable.
   */
  private uploadError(err: unknown): unknown {
    if (err instanceof AppError) return err;
    if (err instanceof StorageWriteFailed) return err.failure;
    const maxBytes = this.config.storage.max_file_size;
    if (err instanceof FileTooLargeError) return FileErrors.tooLarge(maxBytes);
    switch ((err as { code?: unknown })?.code) {
      case 'FST_REQ_FILE_TOO_LARGE':
        return FileErrors.tooLarge(maxBytes);
      case 'FST_FILES_LIMIT':
        return FileErrors.oneFileOnly();
      case 'FST_PARTS_LIMIT':
        return FileErrors.tooManyParts(UPLOAD_LIMITS.parts);
      default:
        return FileErrors.missingFile();
    }
  }

  private async discard(key: string): Promise<void> {
    await this.storage
      .delete(key)
      .catch((err: unknown) => this.logger.error({ err, key }, 'Could not remove a stored upload'));
  }

  /** The `_files` row of an id of this app; non-UUID or unknown → 404 (08 §10.5). */
  async find(id: string): Promise<StoredFile> {
    const file = isUuid(id) ? await this.files.get(this.tenancy.current().db, id.toLowerCase()) : undefined;
    if (!file) throw FileErrors.notFound(id);
    return file;
  }

  /** The stored bytes (or a range of them); a missing object is the file's 404. */
  async open(file: StoredFile, range?: ByteRange): Promise<Readable> {
    try {
      return (await this.storage.open(file.storage_path, range)).stream;
    } catch (err) {
      if (err instanceof StorageNotFoundError) throw FileErrors.notFound(file.id);
      throw err;
    }
  }

  /** Deletes the row (committed), then the object; a storage failure only leaves a harmless orphan (08 §10.6). */
  async remove(id: string): Promise<{ id: string; deleted: true }> {
    const file = isUuid(id) ? await this.files.delete(this.tenancy.current().db, id.toLowerCase()) : undefined;
    if (!file) throw FileErrors.notFound(id);
    await this.storage
      .delete(file.storage_path)
      .catch((err: unknown) =>
        this.logger.error({ err, file: file.id, key: file.storage_path }, 'Could not delete a stored file'),
      );
    return { id: file.id, deleted: true };
  }

  /** Newest first, paginated like 02 §3.3 with a default of 100 and a maximum of 1000 (08 §10.7). */
  async list(rawPage: unknown, rawPerPage: unknown) {
    const paging = pageParams(
      { page: rawPage, per_page: rawPerPage },
      { default: DEFAULT_PER_PAGE, max: MAX_PER_PAGE },
    );
    const per_page = paging.perPage;
    let page = paging.page;
    if (!Number.isSafeInteger((page - 1) * per_page)) page = 1;
    const db = this.tenancy.current().db;
    const [rows, total] = await Promise.all([
      this.files.page(db, (page - 1) * per_page, per_page),
      this.files.count(db),
    ]);
    const data: FileListItem[] = rows.map((f) => ({
      id: f.id,
      filename: f.filename,
      mime_type: f.mime_type,
      size: f.size,
      uploaded_by: f.uploaded_by,
      created_at: f.created_at,
    }));
    return { data, meta: { page, per_page, total } };
  }
}
