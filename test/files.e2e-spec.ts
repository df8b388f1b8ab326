import * as bcrypt from 'bcryptjs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineSchema } from './support/schema';
import { TestServer } from './support/test-server';

const MiB = 1024 * 1024;
const MAX = 20 * MiB;

interface FormPart {
  name: string;
  filename?: string;
  /** Raw `Content-Disposition` parameters after `name`, instead of `filename`. */
  disposition?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body built by hand, so tests control every byte of it. */
function multipart(parts: FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `----rocket${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.disposition !== undefined) head += `; ${part.disposition}`;
    else if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every file and directory under `dir`, relative, directories with a trailing `/`. */
function listTree(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix + e.name;
    return e.isDirectory() ? [`${rel}/`, ...listTree(join(dir, e.name), `${rel}/`)] : [rel];
  });
}

describe('files (08 §10)', () => {
  let server: TestServer;
  let storageRoot: string;
  let app: string;
  let token: string;
  const db = () => `rocket_${app}`;

  async function upload(parts: FormPart[], as = token, target = app) {
    const { body, contentType } = multipart(parts);
    return server.post(`/api/${target}/_files/upload`, {
      token: as,
      raw: body,
      headers: { 'content-type': contentType },
    });
  }

  async function uploadFile(data: Buffer | string, filename = 'hello.txt', contentType = 'text/plain', as = token) {
    const res = await upload([{ name: 'file', filename, contentType, data }], as);
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { id: string; filename: string; size: number; mime_type: string; url: string };
  }

  /** GET or HEAD with raw access to the streamed body. */
  function fetchFile(id: string, init: { method?: string; headers?: Record<string, string>; as?: string } = {}) {
    return fetch(`${server.baseUrl}/api/${app}/_files/${id}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.as ?? token}`, ...init.headers },
    });
  }

  /** Every file and directory under the storage root, relative. */
  const storedEntries = () => listTree(storageRoot);

  async function fileRows(): Promise<any[]> {
    return server.sql(db(), 'SELECT * FROM _files ORDER BY created_at');
  }

  beforeAll(async () => {
    storageRoot = mkdtempSync(join(tmpdir(), 'rocket-files-'));
    server = await TestServer.start({ ROCKET_MAX_FILE_SIZE: String(MAX), ROCKET_STORAGE_PATH: storageRoot });
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
  });

  afterAll(async () => {
    await server.close();
    rmSync(storageRoot, { recursive: true, force: true });
  });

  describe('upload and download', () => {
    it('stores an upload under <app>/<id>, answers 201 and serves it with the headers of §10.5', async () => {
      const res = await upload([
        { name: 'note', data: 'ignored text part' },
        { name: 'file', filename: 'hello.txt', contentType: 'Text/Plain; charset=UTF-8', data: 'Hello, Rocket files!' },
      ]);
      expect(res.status).toBe(201);
      const file = res.body.data;
      expect(file).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        filename: 'hello.txt',
        size: 20,
        mime_type: 'text/plain',
        url: `/api/${app}/_files/${file.id}`,
      });

      const [row] = await server.sql(db(), 'SELECT * FROM _files WHERE id = $1', [file.id]);
      const [admin] = await server.sql(db(), `SELECT id FROM _users WHERE email = 'admin@localhost'`);
      expect(row).toMatchObject({
        filename: 'hello.txt',
        storage_path: `${app}/${file.id}`,
        mime_type: 'text/plain',
        size: '20',
        uploaded_by: admin.id,
      });
      const path = join(storageRoot, app, file.id);
      expect(readFileSync(path, 'utf8')).toBe('Hello, Rocket files!');
      expect(statSync(path).mode & 0o777).toBe(0o640);
      expect(statSync(join(storageRoot, app)).mode & 0o777).toBe(0o750);

      const got = await fetchFile(file.id);
      expect(got.status).toBe(200);
      expect(await got.text()).toBe('Hello, Rocket files!');
      expect(Object.fromEntries(got.headers)).toMatchObject({
        'content-type': 'text/plain',
        'content-length': '20',
        'content-disposition': `inline; filename="hello.txt"; filename*=UTF-8''hello.txt`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, max-age=0, must-revalidate',
        etag: `"${file.id}"`,
      });

      const head = await fetchFile(file.id, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('20');
      expect(head.headers.get('etag')).toBe(`"${file.id}"`);
      expect(head.headers.get('content-disposition')).toBe(got.headers.get('content-disposition'));
      expect(await head.text()).toBe('');

      const notModified = await fetchFile(file.id, { headers: { 'if-none-match': `W/"x", "${file.id}"` } });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('etag')).toBe(`"${file.id}"`);
      expect(await notModified.text()).toBe('');
    });

    it('round-trips a 20 MB file byte for byte', async () => {
      const data = randomBytes(MAX);
      const file = await uploadFile(data, 'big.bin', 'application/octet-stream');
      expect(file.size).toBe(MAX);
      expect(statSync(join(storageRoot, app, file.id)).size).toBe(MAX);

      const got = await fetchFile(file.id);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-length')).toBe(String(MAX));
      const body = Buffer.from(await got.arrayBuffer());
      expect(body.length).toBe(MAX);
      expect(sha256(body)).toBe(sha256(data));
    });

    it('serves 20 concurrent downloads of a 20 MB file with flat memory', async () => {
      const data = randomBytes(MAX);
      const digest = sha256(data);
      const file = await uploadFile(data, 'shared.bin', 'application/octet-stream');
      /** Reads a download chunk by chunk: neither side ever holds the whole file. */
      const download = async () => {
        const res = await fetchFile(file.id);
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          hash.update(chunk);
          bytes += chunk.length;
        }
        return { status: res.status, bytes, digest: hash.digest('hex') };
      };
      await download(); // warm-up: sockets, code paths
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const results = await Promise.all(Array.from({ length: 20 }, download));
      clearInterval(sampler);
      for (const r of results) expect(r).toEqual({ status: 200, bytes: MAX, digest });
      // Buffering the file per request would need 20 × 20 MB = 400 MB.
      expect(peak - before).toBeLessThan(100 * MiB);
    });

    it('accepts an empty file and types it by the part Content-Type rule', async () => {
      const empty = await uploadFile('', 'empty.txt', 'text/plain');
      expect(empty.size).toBe(0);
      expect(await (await fetchFile(empty.id)).text()).toBe('');
      const odd = await uploadFile('x', 'x.dat', 'not a type');
      expect(odd.mime_type).toBe('application/octet-stream');
      const params = await uploadFile('x', 'x.json', 'Application/JSON ; charset=utf-8');
      expect(params.mime_type).toBe('application/json');
    });
  });

  describe('refusals', () => {
    it('refuses an upload over storage.max_file_size with 413 and stores nothing', async () => {
      const rowsBefore = (await fileRows()).length;
      const entriesBefore = storedEntries();
      for (const size of [MAX + 1, MAX + 8 * MiB]) {
        const res = await upload([{ name: 'file', filename: 'too-big.bin', data: Buffer.alloc(size, 1) }]);
        expect(res.status).toBe(413);
        expect(res.body.error).toEqual({ code: 'FILE_TOO_LARGE', message: `File too large (max ${MAX} bytes)` });
      }
      expect((await fileRows()).length).toBe(rowsBefore);
      expect(storedEntries()).toEqual(entriesBefore);
      expect(storedEntries().filter((e) => e.includes('.part-'))).toEqual([]);
      // The server is fine afterwards.
      expect((await uploadFile('after')).size).toBe(5);
    });

    it.each<[string, Record<string, string>, string | Buffer]>([
      ['JSON', { 'content-type': 'application/json' }, '{"file":"x"}'],
      ['plain text', { 'content-type': 'text/plain' }, 'file'],
      ['octet-stream', { 'content-type': 'application/octet-stream' }, Buffer.from('abc')],
      ['multipart without a boundary', { 'content-type': 'multipart/form-data' }, 'x'],
    ])('a %s body → 400 "Missing file in form data"', async (_label, headers, raw) => {
      const res = await server.post(`/api/${app}/_files/upload`, { token, headers, raw });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'INVALID_PAYLOAD', message: 'Missing file in form data' });
    });

    it('a POST without a body → 400 "Missing file in form data"', async () => {
      const res = await server.post(`/api/${app}/_files/upload`, { token });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('Missing file in form data');
    });

    it.each<[string, FormPart[], string]>([
      ['no file part', [{ name: 'other', data: 'text' }], 'Missing file in form data'],
      ['a file under another name', [{ name: 'upload', filename: 'a.txt', data: 'a' }], 'Missing file in form data'],
      ['a text part named file', [{ name: 'file', data: 'not a file' }], 'Missing file in form data'],
      [
        'two file parts',
        [
          { name: 'file', filename: 'a.txt', data: 'a' },
          { name: 'file', filename: 'b.txt', data: 'b' },
        ],
        'Only one file part is allowed',
      ],
      [
        'more than 10 parts',
        [
          ...Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, data: 'x' })),
          { name: 'file', filename: 'a.txt', data: 'a' },
        ],
        'Too many form parts (max 10)',
      ],
      [
        'a text part over 1 KiB after the file',
        [
          { name: 'file', filename: 'a.txt', data: 'a' },
          { name: 'comment', data: 'x'.repeat(1025) },
        ],
        'Form field too large (max 1024 bytes)',
      ],
    ])('%s → 400 and nothing stored', async (_label, parts, message) => {
      const rowsBefore = (await fileRows()).length;
      const entriesBefore = storedEntries();
      const res = await upload(parts);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'INVALID_PAYLOAD', message });
      expect((await fileRows()).length).toBe(rowsBefore);
      expect(storedEntries()).toEqual(entriesBefore);
    });

    it('a truncated multipart body → 400 and nothing stored', async () => {
      const entriesBefore = storedEntries();
      const { body, contentType } = multipart([{ name: 'file', filename: 'cut.bin', data: Buffer.alloc(4096, 7) }]);
      const res = await server.post(`/api/${app}/_files/upload`, {
        token,
        raw: body.subarray(0, body.length - 60),
        headers: { 'content-type': contentType },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_PAYLOAD');
      expect(storedEntries()).toEqual(entriesBefore);
    });

    it('needs a token; listing and deleting need admin', async () => {
      const anonymous = await upload([{ name: 'file', filename: 'a.txt', data: 'a' }], '');
      expect(anonymous.status).toBe(401);
      const hash = await bcrypt.hash('member-pass-1', 10);
      await server.sql(db(), `INSERT INTO _users (email, password_hash, roles) VALUES ('member@x.io', $1, '{}')`, [
        hash,
      ]);
      const member = (await server.appLogin(app, 'member@x.io', 'member-pass-1')).access_token;
      const own = await uploadFile('by a member', 'member.txt', 'text/plain', member);
      expect((await fetchFile(own.id, { as: member })).status).toBe(200);
      expect((await server.get(`/api/${app}/_files`, { token: member })).status).toBe(403);
      expect((await server.delete(`/api/${app}/_files/${own.id}`, { token: member })).status).toBe(403);
      expect((await fetchFile(own.id, { as: 'not-a-token' })).status).toBe(401);
    });
  });

  describe('names and types', () => {
    it.each<[string, string, string]>([
      ['a path-traversal name', '../../../../etc/passwd', 'passwd'],
      ['a Windows path', '..\\\\..\\\\windows\\\\evil.txt', 'evil.txt'],
      ['a name of dots only', '..', 'file'],
      ['quotes and control characters', 'a\\"b\u0001c\u007f.txt', 'abc.txt'],
    ])('%s is stored safely', async (_label, filename, stored) => {
      const file = await uploadFile('payload', filename);
      expect(file.filename).toBe(stored);
      expect(existsSync(join(storageRoot, app, file.id))).toBe(true);
      const [row] = await server.sql(db(), 'SELECT filename, storage_path FROM _files WHERE id = $1', [file.id]);
      expect(row).toEqual({ filename: stored, storage_path: `${app}/${file.id}` });
      const disposition = (await fetchFile(file.id)).headers.get('content-disposition');
      expect(disposition).toBe(`inline; filename="${stored}"; filename*=UTF-8''${encodeURIComponent(stored)}`);
      // Nothing was written outside the app's directory.
      expect(storedEntries().filter((e) => !e.startsWith(`${app}/`) && e !== `${app}/`)).toEqual([]);
    });

    it('a header-injection name cannot end the header or add parameters', async () => {
      const file = await upload([
        {
          name: 'file',
          disposition: `filename*=UTF-8''r%C3%A9sum%C3%A9%22%3B%20x%3D1%0D%0ASet-Cookie%3A%20a%3Db.txt`,
          contentType: 'text/plain',
          data: 'x',
        },
      ]);
      // busboy drops a part whose name carries a line break: no file, nothing stored.
      expect(file.status).toBe(400);
      const quoted = await uploadFile('x', 'r\u00e9sum\u00e9 \\"quoted\\"; x=1.txt');
      expect(quoted.filename).toBe('r\u00e9sum\u00e9 quoted; x=1.txt');
      const got = await fetchFile(quoted.id);
      expect(got.headers.get('content-disposition')).toBe(
        `inline; filename="r_sum_ quoted; x=1.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20quoted%3B%20x%3D1.txt`,
      );
      expect(got.headers.get('set-cookie')).toBeNull();
    });

    it('keeps UTF-8 names and cuts long ones to 255 bytes keeping the extension', async () => {
      const utf8 = await uploadFile('x', '日本語 ファイル.pdf', 'application/pdf');
      expect(utf8.filename).toBe('日本語 ファイル.pdf');
      const long = await uploadFile('x', `${'é'.repeat(200)}.txt`);
      expect(Buffer.byteLength(long.filename)).toBeLessThanOrEqual(255);
      expect(long.filename).toBe(`${'é'.repeat(125)}.txt`);
    });

    it.each([
      ['text/html', 'page.html', '<script>alert(1)</script>'],
      ['image/svg+xml', 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
      ['application/xhtml+xml', 'page.xhtml', '<html/>'],
      ['text/javascript', 'x.js', 'alert(1)'],
    ])('%s is served as an attachment with nosniff and a sandbox', async (type, name, content) => {
      const file = await uploadFile(content, name, type);
      const got = await fetchFile(file.id);
      expect(got.headers.get('content-type')).toBe(type);
      expect(got.headers.get('content-disposition')).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(await got.text()).toBe(content);
    });

    it('an image is served inline', async () => {
      const file = await uploadFile(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'pic.png', 'image/png');
      const got = await fetchFile(file.id);
      expect(got.headers.get('content-disposition')).toMatch(/^inline; /);
    });
  });

  describe('ranges', () => {
    let id: string;
    const content = 'abcdefghijklmnopqrstuvwxyz0123456789';

    beforeAll(async () => {
      id = (await uploadFile(content, 'alphabet.txt')).id;
    });

    it.each<[string, string, number, string, string]>([
      ['first ten bytes', 'bytes=0-9', 206, 'bytes 0-9/36', 'abcdefghij'],
      ['an open end', 'bytes=30-', 206, 'bytes 30-35/36', '456789'],
      ['a suffix', 'bytes=-4', 206, 'bytes 32-35/36', '6789'],
      ['an end past the size (clamped)', 'bytes=34-100', 206, 'bytes 34-35/36', '89'],
    ])('%s → 206', async (_label, range, status, contentRange, body) => {
      const got = await fetchFile(id, { headers: { range } });
      expect(got.status).toBe(status);
      expect(got.headers.get('content-range')).toBe(contentRange);
      expect(got.headers.get('content-length')).toBe(String(body.length));
      expect(got.headers.get('content-type')).toBe('text/plain');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await got.text()).toBe(body);
    });

    it.each(['bytes=36-', 'bytes=50-60', 'bytes=9-3', 'bytes=-0', 'bytes=x-y'])('%s → 416', async (range) => {
      const got = await fetchFile(id, { headers: { range } });
      expect(got.status).toBe(416);
      expect(got.headers.get('content-range')).toBe('bytes */36');
      expect(((await got.json()) as any).error.code).toBe('RANGE_NOT_SATISFIABLE');
    });

    it('serves the whole file for several ranges, another unit or a stale If-Range', async () => {
      const variants: Record<string, string>[] = [
        { range: 'bytes=0-1,4-5' },
        { range: 'items=0-1' },
        { range: 'bytes=0-1', 'if-range': '"something-else"' },
      ];
      for (const headers of variants) {
        const got = await fetchFile(id, { headers });
        expect(got.status).toBe(200);
        expect(await got.text()).toBe(content);
      }
      const fresh = await fetchFile(id, { headers: { range: 'bytes=0-1', 'if-range': `"${id}"` } });
      expect(fresh.status).toBe(206);
      expect(await fresh.text()).toBe('ab');
    });
  });

  describe('lookups, deletion and the admin list', () => {
    it('unknown, malformed and other apps’ ids → 404', async () => {
      const other = await server.createApp();
      const otherToken = (await server.appLogin(other)).access_token;
      const foreign = (await upload([{ name: 'file', filename: 'o.txt', data: 'other app' }], otherToken, other)).body
        .data;
      for (const id of [randomUUID(), 'not-a-uuid', foreign.id]) {
        const got = await fetchFile(id);
        expect(got.status).toBe(404);
        expect(((await got.json()) as any).error).toEqual({ code: 'NOT_FOUND', message: `File ${id} not found` });
      }
      expect((await server.delete(`/api/${app}/_files/${foreign.id}`, { token })).status).toBe(404);
      expect(existsSync(join(storageRoot, other, foreign.id))).toBe(true);
    });

    it('a row whose object is gone → 404', async () => {
      const file = await uploadFile('will vanish');
      rmSync(join(storageRoot, app, file.id));
      const got = await fetchFile(file.id);
      expect(got.status).toBe(404);
      expect(((await got.json()) as any).error.message).toBe(`File ${file.id} not found`);
    });

    it('DELETE removes the row and the object', async () => {
      const file = await uploadFile('to delete');
      const res = await server.delete(`/api/${app}/_files/${file.id}`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { id: file.id, deleted: true } });
      expect(await server.sql(db(), 'SELECT 1 FROM _files WHERE id = $1', [file.id])).toEqual([]);
      expect(existsSync(join(storageRoot, app, file.id))).toBe(false);
      const again = await server.delete(`/api/${app}/_files/${file.id}`, { token });
      expect(again.status).toBe(404);
      expect(again.body.error.message).toBe(`File ${file.id} not found`);
    });

    it('lists newest first with pagination', async () => {
      const total = (await fileRows()).length;
      const res = await server.get(`/api/${app}/_files?per_page=2`, { token });
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ page: 1, per_page: 2, total });
      expect(res.body.data).toHaveLength(2);
      expect(Object.keys(res.body.data[0]).sort()).toEqual(
        ['created_at', 'filename', 'id', 'mime_type', 'size', 'uploaded_by'].sort(),
      );
      const all = (await server.get(`/api/${app}/_files?per_page=5000&page=abc`, { token })).body;
      expect(all.meta).toEqual({ page: 1, per_page: 1000, total });
      const created = all.data.map((f: any) => Date.parse(f.created_at));
      expect([...created].sort((a, b) => b - a)).toEqual(created);
      expect(all.data.slice(0, 2)).toEqual(res.body.data);
      const second = (await server.get(`/api/${app}/_files?per_page=2&page=2`, { token })).body;
      expect(second.data).toEqual(all.data.slice(2, 4));
      const defaults = (await server.get(`/api/${app}/_files?per_page=0`, { token })).body;
      expect(defaults.meta.per_page).toBe(100);
    });
  });

  describe('file fields (08 §10.1)', () => {
    const doc = {
      name: 'doc',
      table: 'docs',
      primary_key: { field: 'id', type: 'uuid', generated: true },
      fields: [
        { name: 'id', type: 'uuid', required: true },
        { name: 'title', type: 'string', required: true },
        { name: 'attachment', type: 'file' },
        { name: 'cover', type: 'file' },
      ],
    };

    beforeAll(async () => {
      await defineSchema(server, app, token, [doc]);
    });

    it('stores the metadata of _files for an id, whatever else the client sent', async () => {
      const file = await uploadFile('%PDF-1.4', 'report.pdf', 'application/pdf');
      const cover = await uploadFile(Buffer.from([1, 2, 3]), 'cover.png', 'image/png');
      const expected = { id: file.id, filename: 'report.pdf', size: 8, mime_type: 'application/pdf' };
      const res = await server.post(`/api/${app}/doc`, {
        token,
        body: {
          title: 'A',
          attachment: file.id.toUpperCase(),
          cover: { id: cover.id, filename: 'evil.html', size: 1, mime_type: 'text/html', url: 'https://x' },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.data.attachment).toEqual(expected);
      expect(res.body.data.cover).toEqual({ id: cover.id, filename: 'cover.png', size: 3, mime_type: 'image/png' });
      const [row] = await server.sql(db(), 'SELECT attachment, cover FROM docs WHERE id = $1', [res.body.data.id]);
      expect(row.attachment).toEqual(expected);

      // Update with forged metadata: re-resolved; null clears.
      const updated = await server.put(`/api/${app}/doc/${res.body.data.id}`, {
        token,
        body: { attachment: { ...expected, filename: 'forged.exe', size: 999 }, cover: null },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.data.attachment).toEqual(expected);
      expect(updated.body.data.cover).toBeNull();
      expect((await server.get(`/api/${app}/doc/${res.body.data.id}`, { token })).body.data.attachment).toEqual(
        expected,
      );
    });

    it('unknown ids → 422 rule file; malformed ones → 422 rule type', async () => {
      const ghost = randomUUID();
      const other = await server.createApp();
      const otherToken = (await server.appLogin(other)).access_token;
      const foreign = (await upload([{ name: 'file', filename: 'o.txt', data: 'o' }], otherToken, other)).body.data;
      const res = await server.post(`/api/${app}/doc`, {
        token,
        body: { title: 'B', attachment: ghost, cover: { id: foreign.id, filename: 'x' } },
      });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: [
          { field: 'attachment', rule: 'file', message: `File ${ghost} not found` },
          { field: 'cover', rule: 'file', message: `File ${foreign.id} not found` },
        ],
      });
      expect(await server.sql(db(), `SELECT 1 FROM docs WHERE title = 'B'`)).toEqual([]);
      const malformed = await server.post(`/api/${app}/doc`, { token, body: { title: 'C', attachment: 'x.png' } });
      expect(malformed.status).toBe(422);
      expect(malformed.body.error.details[0]).toMatchObject({ field: 'attachment', rule: 'type' });
    });

    it('a record keeps the value of a deleted file; serving it → 404', async () => {
      const file = await uploadFile('short-lived', 'gone.txt');
      const rec = await server.post(`/api/${app}/doc`, { token, body: { title: 'D', attachment: file.id } });
      expect(rec.status).toBe(201);
      expect((await server.delete(`/api/${app}/_files/${file.id}`, { token })).status).toBe(200);
      const again = await server.get(`/api/${app}/doc/${rec.body.data.id}`, { token });
      expect(again.body.data.attachment).toEqual({
        id: file.id,
        filename: 'gone.txt',
        size: 11,
        mime_type: 'text/plain',
      });
      expect((await fetchFile(file.id)).status).toBe(404);
      // Writing the stale value again is refused: the id no longer resolves.
      const rewrite = await server.put(`/api/${app}/doc/${rec.body.data.id}`, {
        token,
        body: { attachment: again.body.data.attachment },
      });
      expect(rewrite.status).toBe(422);
      expect(rewrite.body.error.details[0]).toMatchObject({ field: 'attachment', rule: 'file' });
    });
  });

  describe('readiness and app deletion', () => {
    it('GET /health/ready probes the storage root', async () => {
      const res = await server.get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok' } });
      expect(storedEntries().filter((e) => e.startsWith('.probe'))).toEqual([]);
    });

    it('an unusable storage root makes the server not ready (503)', async () => {
      const moved = `${storageRoot}.moved`;
      renameSync(storageRoot, moved);
      writeFileSync(storageRoot, 'not a directory');
      try {
        const res = await server.get('/health/ready');
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ status: 'error', checks: { database: 'ok', storage: 'error' } });
      } finally {
        rmSync(storageRoot);
        renameSync(moved, storageRoot);
      }
      expect((await server.get('/health/ready')).status).toBe(200);
    });

    it('deleting an app removes its stored files', async () => {
      const doomed = await server.createApp();
      const doomedToken = (await server.appLogin(doomed)).access_token;
      for (let i = 0; i < 3; i++) {
        const res = await upload([{ name: 'file', filename: `f${i}.txt`, data: `file ${i}` }], doomedToken, doomed);
        expect(res.status).toBe(201);
      }
      expect(readdirSync(join(storageRoot, doomed))).toHaveLength(3);
      const res = await server.delete(`/api/_platform/apps/${doomed}`, { token: await server.platformToken() });
      expect(res.status).toBe(200);
      server.createdApps.delete(doomed);
      expect(existsSync(join(storageRoot, doomed))).toBe(false);
      expect(existsSync(join(storageRoot, app))).toBe(true);
    });
  });
});

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
// An S3-compatible server in plain JavaScript, listening on 127.0.0.1 only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: object) => S3rverServer;

describe('files on the S3 driver (08 §10.3)', () => {
  const BUCKET = 'rocket-e2e';
  let s3dir: string;
  let s3: S3rverServer;
  let server: TestServer;
  let app: string;
  let token: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    s3dir = mkdtempSync(join(tmpdir(), 'rocket-s3-e2e-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3dir,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await s3.run();
    // Credentials come from the standard AWS chain (environment first).
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    server = await TestServer.start({
      ROCKET_STORAGE_DRIVER: 's3',
      ROCKET_S3_BUCKET: BUCKET,
      ROCKET_S3_REGION: 'us-east-1',
      ROCKET_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      ROCKET_S3_FORCE_PATH_STYLE: 'true',
      ROCKET_S3_PREFIX: 'e2e/',
      ROCKET_MAX_FILE_SIZE: String(6 * MiB),
    });
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
  });

  afterAll(async () => {
    await server.close();
    await s3.close();
    process.env = saved;
    rmSync(s3dir, { recursive: true, force: true });
  });

  /** The objects s3rver keeps on disk (`<key>._S3rver_object`). */
  const objects = () =>
    listTree(join(s3dir, BUCKET))
      .filter((e) => e.endsWith('._S3rver_object'))
      .map((e) => e.slice(0, -'._S3rver_object'.length));

  it('uploads, serves (whole and by range), refuses over the limit, deletes', async () => {
    const data = randomBytes(5 * MiB + 123);
    const { body, contentType } = multipart([
      { name: 'file', filename: 'big.bin', contentType: 'application/pdf', data },
    ]);
    const up = await server.post(`/api/${app}/_files/upload`, {
      token,
      raw: body,
      headers: { 'content-type': contentType },
    });
    expect(up.status).toBe(201);
    const id = up.body.data.id;
    expect(objects()).toEqual([`e2e/${app}/${id}`]);

    const url = `${server.baseUrl}/api/${app}/_files/${id}`;
    const whole = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(data.length));
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(data));
    const part = await fetch(url, { headers: { authorization: `Bearer ${token}`, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(data.subarray(100, 200));

    const tooBig = multipart([{ name: 'file', filename: 'x.bin', data: Buffer.alloc(6 * MiB + 1) }]);
    const refused = await server.post(`/api/${app}/_files/upload`, {
      token,
      raw: tooBig.body,
      headers: { 'content-type': tooBig.contentType },
    });
    expect(refused.status).toBe(413);
    expect(objects()).toHaveLength(1);

    expect((await server.delete(`/api/${app}/_files/${id}`, { token })).status).toBe(200);
    expect(objects()).toEqual([]);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('is ready, and deleting the app removes its prefix', async () => {
    expect((await server.get('/health/ready')).body.checks).toEqual({ database: 'ok', storage: 'ok' });
    const doomed = await server.createApp();
    const doomedToken = (await server.appLogin(doomed)).access_token;
    const f = multipart([{ name: 'file', filename: 'a.txt', data: 'a' }]);
    const up = await server.post(`/api/${doomed}/_files/upload`, {
      token: doomedToken,
      raw: f.body,
      headers: { 'content-type': f.contentType },
    });
    expect(up.status).toBe(201);
    expect(objects().some((o) => o.startsWith(`e2e/${doomed}/`))).toBe(true);
    expect((await server.delete(`/api/_platform/apps/${doomed}`, { token: await server.platformToken() })).status).toBe(
      200,
    );
    server.createdApps.delete(doomed);
    expect(objects().some((o) => o.startsWith(`e2e/${doomed}/`))).toBe(false);
  });
});
