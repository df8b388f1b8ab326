import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { FileTooLargeError, InvalidStorageKeyError, StorageNotFoundError } from './file-storage';
import { LocalFileStorage } from './local-file-storage';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const opts = (maxBytes = 1024) => ({ maxBytes, contentType: 'text/plain' });

describe('LocalFileStorage (08 §10.3)', () => {
  let base: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'rocket-local-storage-'));
    storage = await LocalFileStorage.create(join(base, 'uploads', 'nested'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('creates the root (0750) and resolves it to an absolute path', async () => {
    expect(storage.root).toBe(join(base, 'uploads', 'nested'));
    expect(statSync(storage.root).mode & 0o777).toBe(0o750);
    const relative = await LocalFileStorage.create(join(base, 'a', '..', 'b'));
    expect(relative.root).toBe(join(base, 'b'));
  });

  it('resolves a symlinked root, so containment is checked on the real path', async () => {
    symlinkSync(storage.root, join(base, 'link'));
    const linked = await LocalFileStorage.create(join(base, 'link'));
    expect(linked.root).toBe(storage.root);
  });

  describe('path safety', () => {
    it.each([
      '',
      '.',
      './',
      '..',
      '../x',
      'app/../../x',
      'app/../..',
      '/etc/passwd',
      'a\0b',
      'app/../../nested-sibling/x',
    ])('refuses %j', (key) => {
      expect(() => storage.pathOf(key)).toThrow(InvalidStorageKeyError);
    });

    it.each<[string, string]>([
      ['app/id', 'app/id'],
      ['app/./id', 'app/id'],
      ['app/x/../id', 'app/id'],
      ['app/', 'app'],
    ])('%j stays inside as %s', (key, rel) => {
      expect(storage.pathOf(key)).toBe(join(storage.root, rel));
    });

    it('every operation checks its key', async () => {
      await expect(storage.put('../escape', Readable.from(['x']), opts())).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.open('../../etc/passwd')).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.delete('../x')).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.deletePrefix('../')).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.deletePrefix('./')).rejects.toThrow(InvalidStorageKeyError);
      expect(readdirSync(base)).toEqual(['uploads']);
    });

    it('deletePrefix needs a directory prefix', async () => {
      await expect(storage.deletePrefix('app')).rejects.toThrow(InvalidStorageKeyError);
    });
  });

  it('puts, opens and deletes; files 0640 and directories 0750', async () => {
    expect(await storage.put('app/one', Readable.from([Buffer.from('hello '), Buffer.from('world')]), opts())).toEqual({
      size: 11,
    });
    const path = join(storage.root, 'app', 'one');
    expect(readFileSync(path, 'utf8')).toBe('hello world');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(statSync(join(storage.root, 'app')).mode & 0o777).toBe(0o750);

    const opened = await storage.open('app/one');
    expect(opened.size).toBe(11);
    expect(await readAll(opened.stream)).toBe('hello world');

    const part = await storage.open('app/one', { start: 6, end: 10 });
    expect(part.size).toBe(11);
    expect(await readAll(part.stream)).toBe('world');

    await storage.delete('app/one');
    expect(existsSync(path)).toBe(false);
    await expect(storage.delete('app/one')).resolves.toBeUndefined();
  });

  it('accepts an empty file and exactly maxBytes', async () => {
    expect(await storage.put('app/empty', Readable.from([]), opts())).toEqual({ size: 0 });
    expect(await storage.put('app/exact', Readable.from([Buffer.alloc(1024)]), opts(1024))).toEqual({ size: 1024 });
  });

  it('aborts past maxBytes and leaves neither the file nor a part file', async () => {
    const source = new PassThrough();
    const done = storage.put('app/big', source, opts(10));
    source.write(Buffer.alloc(8));
    source.write(Buffer.alloc(8));
    await expect(done).rejects.toThrow(FileTooLargeError);
    expect(source.destroyed).toBe(true);
    expect(readdirSync(join(storage.root, 'app'))).toEqual([]);
  });

  it('a failing source leaves nothing behind', async () => {
    const source = new PassThrough();
    const done = storage.put('app/broken', source, opts());
    source.write('partial');
    await new Promise((r) => setTimeout(r, 10));
    source.destroy(new Error('client went away'));
    await expect(done).rejects.toThrow('client went away');
    expect(readdirSync(join(storage.root, 'app'))).toEqual([]);
  });

  it('a part file is invisible to open until the upload completes', async () => {
    const source = new PassThrough();
    const done = storage.put('app/slow', source, opts());
    source.write('first half ');
    await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(join(storage.root, 'app'))).toEqual([expect.stringMatching(/^slow\.part-[0-9a-f]{16}$/)]);
    await expect(storage.open('app/slow')).rejects.toThrow(StorageNotFoundError);
    source.end('second half');
    await done;
    expect(await readAll((await storage.open('app/slow')).stream)).toBe('first half second half');
  });

  it('open of a missing key, a directory or below a file → StorageNotFoundError', async () => {
    await expect(storage.open('app/missing')).rejects.toThrow(StorageNotFoundError);
    await storage.put('app/file', Readable.from(['x']), opts());
    await expect(storage.open('app')).rejects.toThrow(StorageNotFoundError);
    await expect(storage.open('app/file/below')).rejects.toThrow(StorageNotFoundError);
  });

  it('deletePrefix removes one app directory and nothing else', async () => {
    await storage.put('alpha/1', Readable.from(['1']), opts());
    await storage.put('alpha/2', Readable.from(['2']), opts());
    await storage.put('alphabet/1', Readable.from(['3']), opts());
    await storage.deletePrefix('alpha/');
    expect(readdirSync(storage.root).sort()).toEqual(['alphabet']);
    await expect(storage.deletePrefix('alpha/')).resolves.toBeUndefined();
  });

  it('probe writes and removes a probe file; it fails when the root is unusable', async () => {
    await storage.probe();
    expect(readdirSync(storage.root)).toEqual([]);
    rmSync(storage.root, { recursive: true });
    writeFileSync(storage.root, 'not a directory');
    await expect(storage.probe()).rejects.toThrow();
  });
});
