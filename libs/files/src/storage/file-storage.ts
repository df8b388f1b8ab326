import { Readable } from 'node:stream';

/** An inclusive byte range of an object (RFC 9110 §14.1.2). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutOptions {
  /** The upload is aborted, and nothing kept, once more bytes than this arrive. */
  maxBytes: number;
  contentType: string;
}

/**
 * Where file contents live (08 §10.3). Keys are `<app>/<file id>`, built by
 * the engine and never from client input. Implementations: local disk, S3.
 */
export interface FileStorage {
  /** Streams `body` in; rejects with FileTooLargeError (nothing stored) past `maxBytes`. */
  put(key: string, body: Readable, opts: PutOptions): Promise<{ size: number }>;
  /**
   * The object's bytes, or only `range` of them; `size` is the whole object's.
   * Rejects with StorageNotFoundError before any byte is read.
   */
  open(key: string, range?: ByteRange): Promise<{ stream: Readable; size: number }>;
  /** A missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Everything under `prefix` (`<app>/`): app deletion (08 §3.3 step 5). */
  deletePrefix(prefix: string): Promise<void>;
  /** Readiness: write and delete a probe object (08 §9). */
  probe(): Promise<void>;
  /** Releases connections at shutdown, where there are any. */
  close?(): void;
}

/** Injection token of the configured FileStorage. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class StorageNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Stored object not found: ${key}`);
    this.name = 'StorageNotFoundError';
  }
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`File too large (max ${maxBytes} bytes)`);
    this.name = 'FileTooLargeError';
  }
}

/** A key or prefix that would leave the storage root, or is malformed: a programming error. */
export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid storage key: ${JSON.stringify(key)}`);
    this.name = 'InvalidStorageKeyError';
  }
}
