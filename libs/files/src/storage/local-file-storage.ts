import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { FileHandle, mkdir, open, realpath, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteCounter } from './byte-counter';
import { ByteRange, FileStorage, InvalidStorageKeyError, PutOptions, StorageNotFoundError } from './file-storage';

const DIR_MODE = 0o750;
const FILE_MODE = 0o640;

/**
 * Files on local disk under one root (08 §10.3, `storage.driver: local`).
 * Uploads stream into `<key>.part-<random>` and are renamed into place only
 * when complete and within the limit, so a reader never sees half a file.
 * Every path is resolved and checked to stay strictly inside the root.
 */
export class LocalFileStorage implements FileStorage {
  private constructor(readonly root: string) {}

  /** Resolves the root to an absolute, symlink-free path and creates it if missing. */
  static async create(localPath: string): Promise<LocalFileStorage> {
    const root = resolve(localPath);
    await mkdir(root, { recursive: true, mode: DIR_MODE });
    return new LocalFileStorage(await realpath(root));
  }

  /** The absolute path of a key or prefix; anything that would not stay inside the root throws. */
  pathOf(key: string): string {
    if (typeof key !== 'string' || key.length === 0 || key.includes('\0')) throw new InvalidStorageKeyError(key);
    const full = resolve(this.root, key);
    if (!full.startsWith(this.root + sep)) throw new InvalidStorageKeyError(key);
    return full;
  }

  async put(key: string, body: Readable, opts: PutOptions): Promise<{ size: number }> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
    const part = `${target}.part-${randomBytes(8).toString('hex')}`;
    const counter = new ByteCounter(opts.maxBytes);
    try {
      await pipeline(body, counter, createWriteStream(part, { flags: 'wx', mode: FILE_MODE }));
      await rename(part, target);
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
    return { size: counter.bytes };
  }

  async open(key: string, range?: ByteRange): Promise<{ stream: Readable; size: number }> {
    const path = this.pathOf(key);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (isMissing(err)) throw new StorageNotFoundError(key);
      throw err;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new StorageNotFoundError(key);
      // The stream owns the handle from here: it closes it when it ends or is destroyed.
      const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      return { stream, size: stat.size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  /** `prefix` must name a directory (`<app>/`): local storage has no partial-name prefixes. */
  async deletePrefix(prefix: string): Promise<void> {
    if (!prefix.endsWith('/')) throw new InvalidStorageKeyError(prefix);
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }

  async probe(): Promise<void> {
    const path = this.pathOf(`.probe-${randomBytes(8).toString('hex')}`);
    await writeFile(path, 'ok', { flag: 'wx', mode: FILE_MODE });
    await unlink(path);
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
