import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { FileTooLargeError, InvalidStorageKeyError, StorageNotFoundError } from './file-storage';
import { S3FileStorage } from './s3-file-storage';

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
// s3rver: an S3-compatible server in plain JavaScript (no binary download), on 127.0.0.1 only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: object) => S3rverServer;

// The SDK's notice that its 2027 releases need Node 22 (this project runs on Node 20).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BUCKET = 'rocket-test';
const MiB = 1024 * 1024;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('S3FileStorage against a local S3-compatible server (08 §10.3)', () => {
  let dir: string;
  let server: S3rverServer;
  let client: S3Client;
  let storage: S3FileStorage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rocket-s3rver-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    client = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    storage = new S3FileStorage(client, { bucket: BUCKET, prefix: 'rocket/', partSize: 5 * MiB, queueSize: 1 });
  });

  afterAll(async () => {
    storage.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function keys(prefix = ''): Promise<string[]> {
    const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!).sort();
  }

  it('puts under the prefix, opens whole and by range, deletes', async () => {
    const put = await storage.put('app/one', Readable.from([Buffer.from('hello '), Buffer.from('world')]), {
      maxBytes: 100,
      contentType: 'text/plain',
    });
    expect(put).toEqual({ size: 11 });
    expect(await keys()).toEqual(['rocket/app/one']);

    const whole = await storage.open('app/one');
    expect(whole.size).toBe(11);
    expect((await readAll(whole.stream)).toString()).toBe('hello world');

    const part = await storage.open('app/one', { start: 6, end: 10 });
    expect(part.size).toBe(11);
    expect((await readAll(part.stream)).toString()).toBe('world');

    await storage.delete('app/one');
    expect(await keys()).toEqual([]);
    await expect(storage.delete('app/one')).resolves.toBeUndefined();
    await expect(storage.open('app/one')).rejects.toThrow(StorageNotFoundError);
  });

  it('streams a multipart upload of several parts byte for byte', async () => {
    const data = randomBytes(12 * MiB);
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += 256 * 1024) yield data.subarray(i, i + 256 * 1024);
      })(),
    );
    expect(
      await storage.put('app/big', source, { maxBytes: 20 * MiB, contentType: 'application/octet-stream' }),
    ).toEqual({
      size: data.length,
    });
    const opened = await storage.open('app/big');
    expect(opened.size).toBe(data.length);
    expect(sha256(await readAll(opened.stream))).toBe(sha256(data));
    await storage.delete('app/big');
  });

  it.each([
    ['a single-part upload', 1024, 100],
    ['a multipart upload', 8 * MiB, 6 * MiB],
  ])('aborts %s past maxBytes and keeps nothing', async (_label, size, maxBytes) => {
    const source = new PassThrough();
    const outcome = storage.put('app/too-big', source, { maxBytes, contentType: 'application/octet-stream' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    // Written like a client would: waiting for room, stopping once the upload gave up on the source.
    for (let sent = 0; sent < size && !source.destroyed; sent += 64 * 1024) {
      if (!source.write(Buffer.alloc(Math.min(64 * 1024, size - sent)))) {
        await new Promise<void>((resolve) => {
          const go = () => {
            source.off('drain', go).off('close', go);
            resolve();
          };
          source.on('drain', go).on('close', go);
        });
      }
    }
    source.end();
    expect(await outcome).toBeInstanceOf(FileTooLargeError);
    expect(source.destroyed).toBe(true);
    expect(await keys()).toEqual([]);
  });

  it('a failing source aborts the upload', async () => {
    const source = new PassThrough();
    const done = storage.put('app/broken', source, { maxBytes: 100, contentType: 'text/plain' });
    source.write('partial');
    await new Promise((r) => setTimeout(r, 10));
    source.destroy(new Error('client went away'));
    await expect(done).rejects.toThrow('client went away');
    expect(await keys()).toEqual([]);
  });

  it('deletePrefix deletes only under the prefix', async () => {
    for (const key of ['alpha/1', 'alpha/2', 'alpha/3', 'alpha/4', 'alpha/5', 'alphabet/1']) {
      await storage.put(key, Readable.from([key]), { maxBytes: 100, contentType: 'text/plain' });
    }
    await storage.deletePrefix('alpha/');
    expect(await keys()).toEqual(['rocket/alphabet/1']);
    await storage.deletePrefix('alphabet/');
    expect(await keys()).toEqual([]);
    await expect(storage.deletePrefix('nothing/')).resolves.toBeUndefined();
  });

  it.each(['', '/abs', '../x', 'app/../x', 'app/./x', 'a//b', 'a\0b'])('refuses the key %j', async (key) => {
    await expect(storage.open(key)).rejects.toThrow(InvalidStorageKeyError);
  });

  it('deletePrefix needs a directory prefix', async () => {
    await expect(storage.deletePrefix('app')).rejects.toThrow(InvalidStorageKeyError);
  });

  it('probe writes and deletes an object; it fails on a missing bucket', async () => {
    await storage.probe();
    expect(await keys()).toEqual([]);
    const elsewhere = new S3FileStorage(client, { bucket: 'no-such-bucket', prefix: '' });
    await expect(elsewhere.probe()).rejects.toThrow();
  });
});

/**
 * Paging of deletePrefix with a scripted client: s3rver cannot continue a
 * truncated listing on Node 20 (its continuation tokens use a cipher that
 * OpenSSL 3 no longer offers).
 */
describe('S3FileStorage.deletePrefix paging', () => {
  function scripted(pages: { keys: string[]; next?: string }[], deleteErrors: object[] = []) {
    const calls: { name: string; input: any }[] = [];
    const client = {
      send: jest.fn((command: { constructor: { name: string }; input: any }) => {
        calls.push({ name: command.constructor.name, input: command.input });
        if (command.constructor.name !== 'ListObjectsV2Command') return Promise.resolve({ Errors: deleteErrors });
        const page = pages[command.input.ContinuationToken ? Number(command.input.ContinuationToken) : 0];
        return Promise.resolve({
          Contents: page.keys.map((Key) => ({ Key })),
          IsTruncated: page.next !== undefined,
          NextContinuationToken: page.next,
        });
      }),
    } as unknown as S3Client;
    return { storage: new S3FileStorage(client, { bucket: 'b', prefix: 'p/', batchSize: 2 }), calls };
  }

  it('lists page by page and deletes each page in one DeleteObjects', async () => {
    const { storage, calls } = scripted([{ keys: ['p/a/1', 'p/a/2'], next: '1' }, { keys: ['p/a/3'] }]);
    await storage.deletePrefix('a/');
    expect(calls).toEqual([
      {
        name: 'ListObjectsV2Command',
        input: { Bucket: 'b', Prefix: 'p/a/', ContinuationToken: undefined, MaxKeys: 2 },
      },
      {
        name: 'DeleteObjectsCommand',
        input: { Bucket: 'b', Delete: { Objects: [{ Key: 'p/a/1' }, { Key: 'p/a/2' }], Quiet: true } },
      },
      { name: 'ListObjectsV2Command', input: { Bucket: 'b', Prefix: 'p/a/', ContinuationToken: '1', MaxKeys: 2 } },
      { name: 'DeleteObjectsCommand', input: { Bucket: 'b', Delete: { Objects: [{ Key: 'p/a/3' }], Quiet: true } } },
    ]);
  });

  it('an empty prefix sends no DeleteObjects', async () => {
    const { storage, calls } = scripted([{ keys: [] }]);
    await storage.deletePrefix('a/');
    expect(calls.map((c) => c.name)).toEqual(['ListObjectsV2Command']);
  });

  it('fails when DeleteObjects reports errors (the app deletion can be retried)', async () => {
    const { storage } = scripted([{ keys: ['p/a/1'] }], [{ Key: 'p/a/1', Code: 'AccessDenied' }]);
    await expect(storage.deletePrefix('a/')).rejects.toThrow('AccessDenied');
  });
});
