import { AnyDb } from '@rocket/database';
import { AppError } from '@rocket/errors';
import { buildRegistry, EntityDefinition } from '@rocket/metadata';
import { WriteAction, WriteContext, WriteHooks } from '@rocket/write-pipeline';
import { FileFieldsWriteHook, fileIdOf } from './file-fields.write-hook';
import { FilesRepository, FileValue } from './files.repository';

const DOC: EntityDefinition = {
  name: 'doc',
  table: 'docs',
  primary_key: { field: 'id', type: 'uuid', generated: true },
  soft_delete: false,
  fields: [
    { name: 'id', type: 'uuid', required: true },
    { name: 'title', type: 'string' },
    { name: 'attachment', type: 'file' },
    { name: 'cover', type: 'file' },
  ],
};
const PLAIN: EntityDefinition = {
  name: 'plain',
  table: 'plains',
  primary_key: { field: 'id', type: 'uuid', generated: true },
  soft_delete: false,
  fields: [
    { name: 'id', type: 'uuid', required: true },
    { name: 'title', type: 'string' },
  ],
};
const registry = buildRegistry(1, [DOC, PLAIN], []);

const A = '4be0c9d0-6a8e-4c3e-9f59-0f3e2f5a1c11';
const B = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const GHOST = '11111111-2222-4333-8444-555555555555';
const FILES: Record<string, FileValue> = {
  [A]: { id: A, filename: 'report.pdf', size: 48213, mime_type: 'application/pdf' },
  [B]: { id: B, filename: 'cover.png', size: 12, mime_type: 'image/png' },
};

const trx = { trx: true } as unknown as AnyDb;

function setup() {
  const values = jest.fn((_db: unknown, ids: readonly string[]) =>
    Promise.resolve(new Map(ids.filter((id) => FILES[id]).map((id) => [id, FILES[id]]))),
  );
  const hooks = new WriteHooks();
  const hook = new FileFieldsWriteHook(hooks, { values } as unknown as FilesRepository);
  hook.onModuleInit();
  return { hook, hooks, values };
}

function context(entity: string, fields: Record<string, unknown>, action: WriteAction = 'create', path = '') {
  const ctx = new WriteContext(
    action,
    { app: 'demo', db: trx, registry, entity: registry.entities.get(entity)!, principal: undefined },
    fields,
    undefined,
    path,
  );
  for (const [name, value] of Object.entries(fields)) ctx.values.set(name, value);
  ctx.bind(trx);
  return ctx;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('FileFieldsWriteHook (08 §10.1)', () => {
  it('registers itself after rules and state machines', () => {
    const { hook, hooks } = setup();
    expect(hooks.list()).toEqual([hook]);
    expect(hook.order).toBe(30);
  });

  it('replaces ids by the metadata of _files, in the write transaction, in one query', async () => {
    const { hook, values } = setup();
    const ctx = context('doc', { title: 'x', attachment: { id: A }, cover: { id: B.toUpperCase() } });
    await hook.beforeWrite(ctx);
    expect(ctx.values.get('attachment')).toEqual(FILES[A]);
    expect(ctx.values.get('cover')).toEqual(FILES[B]);
    expect(ctx.values.get('title')).toBe('x');
    expect(values).toHaveBeenCalledTimes(1);
    expect(values).toHaveBeenCalledWith(trx, [A, B]);
  });

  it('drops client metadata: only the four keys of the row are kept', async () => {
    const { hook } = setup();
    const ctx = context('doc', {
      attachment: { id: A, filename: 'evil.html', size: 1, mime_type: 'text/html', url: 'https://x' },
    });
    await hook.beforeWrite(ctx);
    expect(ctx.values.get('attachment')).toEqual(FILES[A]);
    expect(ctx.values.get('attachment')).not.toBe(FILES[A]);
  });

  it('asks once for an id used twice', async () => {
    const { hook, values } = setup();
    await hook.beforeWrite(context('doc', { attachment: A, cover: A }));
    expect(values).toHaveBeenCalledWith(trx, [A]);
  });

  it('leaves null (clear) and absent fields alone, and asks nothing', async () => {
    const { hook, values } = setup();
    const ctx = context('doc', { title: 'x', cover: null }, 'update');
    await hook.beforeWrite(ctx);
    expect(ctx.values.get('cover')).toBeNull();
    expect(ctx.values.has('attachment')).toBe(false);
    expect(values).not.toHaveBeenCalled();
  });

  it('entities without file fields and deletes are skipped', async () => {
    const { hook, values } = setup();
    await hook.beforeWrite(context('plain', { title: 'x' }));
    await hook.beforeWrite(context('doc', { attachment: A }, 'delete'));
    expect(values).not.toHaveBeenCalled();
  });

  it('unknown ids → 422 with one `file` detail per field, paths of nested rows included', async () => {
    const { hook } = setup();
    const err = await failure(
      hook.beforeWrite(context('doc', { attachment: GHOST, cover: { id: A } }, 'create', 'items[2]')),
    );
    expect(err.status).toBe(422);
    expect(err.toBody()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: [{ field: 'items[2].attachment', rule: 'file', message: `File ${GHOST} not found` }],
      },
    });
  });

  it('a value that names no file id (set by another hook) is refused too', async () => {
    const { hook } = setup();
    const err = await failure(hook.beforeWrite(context('doc', { attachment: 'logo.png', cover: { id: 7 } })));
    expect(err.details).toEqual([
      { field: 'attachment', rule: 'file', message: 'File logo.png not found' },
      { field: 'cover', rule: 'file', message: 'File 7 not found' },
    ]);
  });
});

describe('fileIdOf', () => {
  it.each<[unknown, string | undefined]>([
    [A, A],
    [A.toUpperCase(), A],
    [{ id: A }, A],
    [{ id: A, filename: 'x' }, A],
    ['x', undefined],
    [{ id: 1 }, undefined],
    [{}, undefined],
    [[A], undefined],
    [7, undefined],
  ])('%j → %s', (value, expected) => {
    expect(fileIdOf(value)).toBe(expected);
  });
});
