import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { RocketConfig } from '@rocket/config';
import { ByteCounter } from './byte-counter';
import {
  ByteRange,
  FileStorage,
  FileTooLargeError,
  InvalidStorageKeyError,
  PutOptions,
  StorageNotFoundError,
} from './file-storage';

export interface S3StorageOptions {
  bucket: string;
  /** Put before every key (`storage.s3.prefix`), e.g. `rocket/`. */
  prefix: string;
  /** Multipart part size; S3's minimum (5 MiB) by default. */
  partSize?: number;
  /** Parts uploaded at once (each holds one part in memory). */
  queueSize?: number;
  /** Keys per list page and DeleteObjects call; at most (and by default) 1000. */
  batchSize?: number;
}

/** The most keys one DeleteObjects call takes, and one ListObjectsV2 page returns. */
const MAX_BATCH = 1000;

/**
 * Files in an S3 bucket (08 §10.3, `storage.driver: s3`): object key
 * `<prefix><key>`. Uploads are multipart, counted while streaming and
 * aborted past the limit, so at most `queueSize` parts are in memory.
 */
export class S3FileStorage implements FileStorage {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3StorageOptions,
  ) {}

  /** A client from the configuration; credentials come from the standard AWS chain. */
  static fromConfig(s3: RocketConfig['storage']['s3']): S3FileStorage {
    const client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: s3.force_path_style,
    });
    return new S3FileStorage(client, { bucket: s3.bucket!, prefix: s3.prefix });
  }

  private objectKey(key: string): string {
    const segments = key.split('/');
    const bad =
      key.length === 0 ||
      key.includes('\0') ||
      key.startsWith('/') ||
      segments.some((s, i) => s === '..' || s === '.' || (s === '' && i < segments.length - 1));
    if (bad) throw new InvalidStorageKeyError(key);
    return this.options.prefix + key;
  }

  async put(key: string, body: Readable, opts: PutOptions): Promise<{ size: number }> {
    const counter = new ByteCounter(opts.maxBytes);
    let failure: unknown;
    const fail = (err: unknown) => {
      failure ??= err;
      counter.destroy(err as Error);
    };
    body.once('error', fail);
    counter.once('error', (err) => (failure ??= err));
    body.pipe(counter);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: this.objectKey(key), Body: counter, ContentType: opts.contentType },
      partSize: this.options.partSize,
      queueSize: this.options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      body.unpipe(counter);
      body.destroy();
      await upload.abort().catch(() => undefined);
      throw failure instanceof FileTooLargeError ? failure : (failure ?? err);
    } finally {
      body.off('error', fail);
    }
    return { size: counter.bytes };
  }

  async open(key: string, range?: ByteRange): Promise<{ stream: Readable; size: number }> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.objectKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(out.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node.js stream');
      const total = range ? Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1]) : out.ContentLength;
      return { stream: out.Body, size: Number.isFinite(total) ? Number(total) : 0 };
    } catch (err) {
      if (isNotFound(err)) throw new StorageNotFoundError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** List + batched DeleteObjects, page by page. */
  async deletePrefix(prefix: string): Promise<void> {
    if (!prefix.endsWith('/')) throw new InvalidStorageKeyError(prefix);
    const fullPrefix = this.objectKey(prefix);
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: fullPrefix,
          ContinuationToken: token,
          MaxKeys: Math.min(this.options.batchSize ?? MAX_BATCH, MAX_BATCH),
        }),
      );
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (objects.length > 0) {
        const out = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: objects, Quiet: true } }),
        );
        const failed = out.Errors ?? [];
        if (failed.length > 0) {
          throw new Error(`S3 DeleteObjects failed for ${failed.length} object(s): ${failed[0].Code ?? 'unknown'}`);
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async probe(): Promise<void> {
    const key = this.objectKey(`.probe/${randomBytes(8).toString('hex')}`);
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: 'ok' }));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  /** Closes the client's sockets (shutdown). */
  close(): void {
    this.client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}
