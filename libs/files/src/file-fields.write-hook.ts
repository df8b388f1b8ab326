import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorDetail, Errors } from '@rocket/errors';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { WriteContext, WriteHook, WriteHooks } from '@rocket/write-pipeline';
import { FilesRepository } from './files.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fileFieldsCache = new WeakMap<CompiledEntity, readonly CompiledField[]>();

/** An entity's `file` fields, computed once per compiled entity. */
function fileFieldsOf(entity: CompiledEntity): readonly CompiledField[] {
  let fields = fileFieldsCache.get(entity);
  if (!fields) fileFieldsCache.set(entity, (fields = entity.fields.filter((f) => f.kind === 'file')));
  return fields;
}

/** The file id a written value names: a UUID string, or an object whose `id` is one. */
export function fileIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : undefined;
}

/**
 * File resolution (04 §3.1 step 9, 08 §10.1): every `file` value a row
 * write sets is replaced, inside the write's transaction, by
 * `{id, filename, size, mime_type}` read from `_files`. Whatever else the
 * client sent is dropped, so metadata cannot be forged; an unknown id is a
 * 422 `file` detail; `null` clears the field and is left alone. Runs for
 * nested child rows too (the pipeline calls every hook per row).
 */
@Injectable()
export class FileFieldsWriteHook implements WriteHook, OnModuleInit {
  readonly name = 'files';
  /** After rules (10) and state machines (20): they may set file fields too. */
  readonly order = 30;

  constructor(
    private readonly hooks: WriteHooks,
    private readonly files: FilesRepository,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async beforeWrite(ctx: WriteContext): Promise<void> {
    if (ctx.action === 'delete') return;
    const fields = fileFieldsOf(ctx.entity);
    if (fields.length === 0) return;
    const details: ErrorDetail[] = [];
    const wanted = new Map<string, string>();
    for (const field of fields) {
      const value = ctx.values.get(field.name);
      if (value === null || value === undefined) continue;
      const id = fileIdOf(value);
      if (id) wanted.set(field.name, id);
      else details.push(notFound(ctx, field.name, describe(value)));
    }
    if (wanted.size > 0) {
      const found = await this.files.values(ctx.trx, [...new Set(wanted.values())]);
      for (const [name, id] of wanted) {
        const file = found.get(id);
        if (file) ctx.values.set(name, { ...file });
        else details.push(notFound(ctx, name, id));
      }
    }
    if (details.length > 0) throw Errors.validation(details);
  }
}

function notFound(ctx: WriteContext, field: string, id: string): ErrorDetail {
  return { field: ctx.pathOf(field), rule: 'file', message: `File ${id} not found` };
}

function describe(value: unknown): string {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
  return typeof id === 'string' ? id : (JSON.stringify(id) ?? String(id));
}
